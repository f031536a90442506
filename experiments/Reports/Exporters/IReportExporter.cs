namespace Ruchy.Experiments.Reports.Exporters;

/// <summary>
/// Writes one form of an A3 report from its <see cref="A3Summary"/> alone (never the store), so a new form
/// needs no change to the analysis.
/// </summary>
public interface IReportExporter
{
    /// <summary>A short name for messages (<c>markdown</c>, <c>html</c>, <c>plots</c>).</summary>
    string Name { get; }

    /// <summary>Writes into <paramref name="directory"/> (created if missing) and returns the paths of the files written.</summary>
    IReadOnlyList<string> Export(A3Summary summary, string directory);
}
