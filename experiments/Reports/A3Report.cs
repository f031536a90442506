using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports.Exporters;

namespace Ruchy.Experiments.Reports;

/// <summary>
/// A one-page A3 report of one stored experiment execution: <see cref="A3Analysis"/> summarizes the stored
/// samples, then the default exporters write the plots, report.md and report.html from that summary. Nothing
/// is measured again, so the report can be regenerated at any time.
/// </summary>
public static class A3Report
{
    public const string MarkdownName = MarkdownExporter.FileName;
    public const string HtmlName = HtmlExporter.FileName;
    public const string WallTimesPlotName = PlotExporter.WallTimesFileName;
    public const string SpeedupPlotName = PlotExporter.SpeedupFileName;
    public const string IterationsPlotName = PlotExporter.IterationsFileName;

    /// <summary>The A3 sections in the order report.md has them (level-2 headings).</summary>
    public static readonly IReadOnlyList<string> Sections = MarkdownExporter.Sections;

    /// <summary>The exporters <see cref="Write"/> runs, in order: the plots first, since the HTML page inlines them.</summary>
    public static IReadOnlyList<IReportExporter> DefaultExporters => [new PlotExporter(), new MarkdownExporter(), new HtmlExporter()];

    /// <summary>reports/&lt;experiment-id&gt;/ beside the store (results/reports/… for the default store).</summary>
    public static string DefaultDirectory(ResultStore store, string experimentId) =>
        Path.Combine(Path.GetDirectoryName(store.Path)!, "reports", experimentId);

    /// <summary>Writes the report of <paramref name="keyOrId"/> (a run key, or an experiment id meaning its latest run) into <paramref name="directory"/>.</summary>
    public static A3ReportFiles Write(ResultStore store, string keyOrId, string? directory = null)
    {
        var summary = A3Analysis.Summarize(store, keyOrId);
        directory ??= DefaultDirectory(store, summary.Experiment.ExperimentId);
        foreach (var exporter in DefaultExporters)
            exporter.Export(summary, directory);
        return new A3ReportFiles(directory, Path.Combine(directory, MarkdownName),
            Path.Combine(directory, WallTimesPlotName), Path.Combine(directory, SpeedupPlotName), Path.Combine(directory, IterationsPlotName));
    }

    /// <summary>
    /// The report (written in <paramref name="files"/>' directory) as an HTML fragment for a notebook output:
    /// plots inlined, and a style that only applies inside the fragment's own element, so it cannot
    /// restyle the notebook around it.
    /// </summary>
    public static string HtmlFragment(A3ReportFiles files)
    {
        string body = HtmlExporter.BodyWithInlinedPlots(File.ReadAllText(files.Markdown), files.Directory);
        return "<div class=\"ruchy-a3\"><style>\n" +
               ".ruchy-a3 { font: 13px/1.4 system-ui, sans-serif; }\n" +
               ".ruchy-a3 h1 { font-size: 1.4em; } .ruchy-a3 h2 { font-size: 1.1em; border-bottom: 1px solid #ccc; }\n" +
               ".ruchy-a3 table { border-collapse: collapse; font-size: 0.9em; } .ruchy-a3 td, .ruchy-a3 th { border: 1px solid #ddd; padding: 2px 6px; }\n" +
               ".ruchy-a3 img { max-width: 100%; } .ruchy-a3 code, .ruchy-a3 pre { font-size: 0.9em; white-space: pre-wrap; }\n" +
               "</style>\n" + body + "</div>";
    }

    /// <summary>
    /// The comparisons as <c>ruchy experiment run</c> and the report show them: for a blind execution not
    /// yet unblinded, labels against X with the hypothesis verdict withheld (<paramref name="withheld"/>).
    /// </summary>
    public static IReadOnlyList<Comparison> DisplayedComparisons(ResultStore store, string key, out bool withheld)
    {
        var experiment = store.GetExperiment(key) ?? throw new ArgumentException($"no stored run '{key}' in {store.Path}");
        var summary = A3Analysis.Summarize(store, experiment);
        withheld = summary.Blinded;
        return summary.Comparisons;
    }

    /// <summary>The baseline configuration's name (e.g. <c>engine=ast</c>) from an execution's stored definition.</summary>
    public static string BaselineConfiguration(ExperimentRecord experiment) => A3Analysis.BaselineConfiguration(experiment);
}
