using Ruchy.Experiments.Harness;

namespace Ruchy.Experiments.Reports;

/// <summary>
/// Everything an A3 report shows, derived from one stored execution by <see cref="A3Analysis.Summarize(ResultStore, string)"/>;
/// exporters read only this, never the store. While <see cref="Blinded"/>, the runs, configurations and comparisons
/// carry labels (X, Y, …) instead of configuration names, X is the reference arm, and no hypothesis verdict is computed.
/// </summary>
public sealed record A3Summary(
    ExperimentRecord Experiment, ExperimentFile Definition, IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<string> Workloads, IReadOnlyList<Configuration> Configurations,
    IReadOnlyList<Comparison> Comparisons, string? Failure)
{
    /// <summary>The store the execution was read from, for the report's "Reproduce" command.</summary>
    public string StorePath { get; init; } = "";
    public BlindSeal? Seal { get; init; }
    public bool Blinded => Seal is { Unblinded: false };
    public StoppingOutcome? Stopping { get; init; }
    /// <summary>SHA-256 of the stored runs and samples as stored (real configuration names), the same blind or not.</summary>
    public string DataChecksum { get; init; } = "";
    /// <summary>Every successful process run's steady-state class, in workload, configuration and process-run order.</summary>
    public IReadOnlyList<RunWarmup> Warmups { get; init; } = [];
    /// <summary>What the arm every comparison is against is called: the baseline, or while blind the reference label.</summary>
    public string ReferenceWord => Blinded ? "reference" : "baseline";
    /// <summary>The arm every comparison is against: the baseline, or while blind X.</summary>
    public Configuration Reference => Configurations.First(c => c.IsBaseline);
    /// <summary>The hypothesis metric as words (<c>wall time</c>), for titles and captions.</summary>
    public string MetricName => Definition.Hypothesis!.Metric.Replace('_', ' ');
}
