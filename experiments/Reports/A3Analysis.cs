using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ruchy.Experiments.Harness;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ruchy.Experiments.Reports;

/// <summary>
/// Reads one stored execution and computes what its report shows (the same analysis as <c>ruchy experiment run</c>,
/// same seed), so a report can be regenerated at any time without measuring again.
/// </summary>
public static class A3Analysis
{
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>The summary of <paramref name="keyOrId"/>: a run key, or an experiment id meaning its latest run.</summary>
    public static A3Summary Summarize(ResultStore store, string keyOrId) =>
        Summarize(store, store.FindExperiment(keyOrId) ?? throw new ArgumentException($"no stored experiment '{keyOrId}' in {store.Path}"));

    /// <summary>The summary of a stored execution already looked up.</summary>
    public static A3Summary Summarize(ResultStore store, ExperimentRecord experiment) =>
        Summarize(experiment, store.GetRuns(experiment.Key), store.GetBlindSeal(experiment.Key), store.GetStopping(experiment.Key)) with { StorePath = store.Path };

    /// <summary>The summary of an execution's records, without a store (<see cref="A3Summary.StorePath"/> left empty).</summary>
    public static A3Summary Summarize(ExperimentRecord experiment, IReadOnlyList<RunRecord> runs, BlindSeal? seal = null, StoppingOutcome? stopping = null)
    {
        // The stored definition, not the file on disk: the file may have changed since the run.
        var definition = ParseDefinition(experiment)
            ?? throw new InvalidDataException($"{experiment.Key}: the stored definition is empty");
        if (definition.Hypothesis == null || (definition.Factors == null && definition.Arms is not { Count: > 0 }))
            throw new InvalidDataException($"{experiment.Key}: the stored definition has no hypothesis, or neither factors nor arms");
        string checksum = Checksum(runs);
        var configurations = definition.Configurations;
        var analysisFile = definition;
        if (seal != null && !seal.Unblinded)
        {
            // Blind: every name of a configuration is replaced by its label before anything is computed or drawn,
            // and the hypothesis is not judged (X need not be the baseline, so a verdict against X would mislead).
            if (runs.Any(r => !seal.Mapping.Any(m => m.Configuration == r.Configuration)))
                throw new InvalidDataException($"{experiment.Key}: the sealed mapping is damaged (it has no label for a stored configuration); the report cannot be blinded");
            runs = runs.Select(r => r with { Configuration = seal.LabelOf(r.Configuration), Environment = BlindSeal.MaskEnvironment(r.Environment) }).ToList();
            configurations = seal.Mapping.Select((m, i) => new Configuration(m.Label, [], i == 0)).ToList();
            analysisFile = new ExperimentFile { Hypothesis = new HypothesisSpec { Text = definition.Hypothesis.Text, Metric = definition.Hypothesis.Metric } };
        }
        else if (seal != null && !seal.Verifies())
            throw new InvalidDataException($"{experiment.Key}: the sealed mapping does not match its commitment {seal.Commitment}; the store was changed after the execution started");
        var workloads = runs.Select(r => r.Workload).Distinct()
            .OrderBy(name => DefinitionIndex(definition, name)).ThenBy(name => name, StringComparer.Ordinal).ToList();

        string? failure = runs.FirstOrDefault(r => r.ExitCode != 0) is { } failed
            ? $"{failed.Workload} {failed.Configuration} run {failed.ProcessRun + 1}: {failed.Error}"
            : runs.Count == 0 ? "no runs were stored" : null;
        IReadOnlyList<Comparison> comparisons = [];
        if (failure == null)
        {
            try
            {
                var specs = workloads.Select(w => new WorkloadSpec { Name = w }).ToList();
                comparisons = new ExperimentRunner(analysisFile, new RunnerOptions()).Analyze(runs, specs, configurations, experiment.Seed);
            }
            catch (ArgumentException e) { failure = "not enough samples to compare: " + e.Message; }
        }
        return new A3Summary(experiment, definition, runs, workloads, configurations, comparisons, failure)
        {
            Seal = seal,
            Stopping = stopping,
            DataChecksum = checksum,
            Warmups = Warmups(runs, workloads, configurations),
        };
    }

    /// <summary>The baseline configuration's name (e.g. <c>engine=ast</c>) from an execution's stored definition.</summary>
    public static string BaselineConfiguration(ExperimentRecord experiment) =>
        ParseDefinition(experiment) is { } d && (d.Factors != null || d.Arms is { Count: > 0 }) ? d.Configurations.First(c => c.IsBaseline).Label : "";

    private static ExperimentFile? ParseDefinition(ExperimentRecord experiment) =>
        new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<ExperimentFile>(experiment.Definition);

    /// <summary>Position of a workload in the definition, so tables follow the file's order.</summary>
    private static int DefinitionIndex(ExperimentFile definition, string name)
    {
        var paths = definition.Workloads ?? [];
        for (int i = 0; i < paths.Count; i++)
            if (Path.ChangeExtension(paths[i].Path ?? "", null).Replace('\\', '/').EndsWith(name, StringComparison.Ordinal)) return i;
        return int.MaxValue;
    }

    /// <summary>
    /// Every successful process run classified with <see cref="SteadyState.Classify"/> on its whole wall-time
    /// series, in workload, configuration and process-run order (so the report is deterministic).
    /// </summary>
    private static IReadOnlyList<RunWarmup> Warmups(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> workloads, IReadOnlyList<Configuration> configurations) =>
        runs.Where(r => r.ExitCode == 0)
            .OrderBy(r => IndexOf(workloads, r.Workload))
            .ThenBy(r => configurations.Select(c => c.Label).ToList().IndexOf(r.Configuration))
            .ThenBy(r => r.Configuration, StringComparer.Ordinal).ThenBy(r => r.ProcessRun).ThenBy(r => r.Sequence)
            .Select(r =>
            {
                var series = r.Samples.OrderBy(s => s.Iteration).Select(s => (double)s.WallNs).ToArray();
                return new RunWarmup(r, series, SteadyState.Classify(series));
            }).ToList();

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return int.MaxValue;
    }

    /// <summary>SHA-256 over a canonical text of the stored runs and samples, to tell whether two reports come from the same data.</summary>
    private static string Checksum(IReadOnlyList<RunRecord> runs)
    {
        var sb = new StringBuilder();
        foreach (var r in runs)
        {
            sb.Append(Ic, $"{r.Sequence},{r.Workload},{r.Size},{r.Configuration},{r.ProcessRun},{r.ExitCode}\n");
            foreach (var s in r.Samples)
                sb.Append(Ic, $"{s.Iteration},{s.Warmup},{s.WallNs},{s.CpuNs},{s.AllocatedBytes},{s.Gen0},{s.Gen1},{s.Gen2},{s.GcPauseNs}\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
