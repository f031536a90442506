using System.Globalization;
using Markdig;
using System.Security.Cryptography;
using System.Text;
using Ruchy.Experiments.Harness;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ruchy.Experiments.Reports;

/// <summary>The files of a written report.</summary>
public sealed record A3ReportFiles(string Directory, string Markdown, string WallTimesPlot, string SpeedupPlot, string IterationsPlot)
{
    /// <summary>report.html: the same page with the plots embedded, readable and printable offline.</summary>
    public string Html => System.IO.Path.Combine(Directory, A3Report.HtmlName);
}

/// <summary>
/// A one-page A3 report of one stored experiment execution: report.md with the hypothesis, design,
/// environment, per-workload table, verdicts and conclusion, and two ScottPlot PNGs. Everything is
/// computed from the result store (the same analysis as <c>ruchy experiment run</c>, same seed), so
/// the report can be regenerated at any time without measuring again.
/// </summary>
public static class A3Report
{
    public const string MarkdownName = "report.md";
    public const string HtmlName = "report.html";
    public const string WallTimesPlotName = "wall-times.png";
    public const string SpeedupPlotName = "speedup.png";
    public const string IterationsPlotName = "iterations.png";

    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>reports/&lt;experiment-id&gt;/ beside the store (results/reports/… for the default store).</summary>
    public static string DefaultDirectory(ResultStore store, string experimentId) =>
        Path.Combine(Path.GetDirectoryName(store.Path)!, "reports", experimentId);

    /// <summary>Writes the report of <paramref name="keyOrId"/> (a run key, or an experiment id meaning its latest run) into <paramref name="directory"/>.</summary>
    public static A3ReportFiles Write(ResultStore store, string keyOrId, string? directory = null)
    {
        var experiment = store.FindExperiment(keyOrId)
            ?? throw new ArgumentException($"no stored experiment '{keyOrId}' in {store.Path}");
        var runs = store.GetRuns(experiment.Key);
        var data = Analyze(experiment, runs);
        directory ??= DefaultDirectory(store, experiment.ExperimentId);
        Directory.CreateDirectory(directory);
        var files = new A3ReportFiles(directory, Path.Combine(directory, MarkdownName),
            Path.Combine(directory, WallTimesPlotName), Path.Combine(directory, SpeedupPlotName), Path.Combine(directory, IterationsPlotName));
        ReportPlots.WallTimes(data, files.WallTimesPlot);
        ReportPlots.Speedups(data, files.SpeedupPlot);
        ReportPlots.Iterations(data, files.IterationsPlot);
        string markdown = Markdown(data, store.Path);
        File.WriteAllText(files.Markdown, markdown);
        File.WriteAllText(files.Html, Html(markdown, data.Experiment.Title, directory));
        return files;
    }

    private static readonly MarkdownPipeline HtmlPipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>
    /// The Markdown rendered as one self-contained page: the PNGs it links are inlined as data URIs,
    /// so the file can be mailed or archived alone; the print style fits it on one A3 landscape sheet.
    /// </summary>
    internal static string Html(string markdown, string title, string directory)
    {
        string body = Markdig.Markdown.ToHtml(markdown, HtmlPipeline);
        foreach (var plot in new[] { WallTimesPlotName, SpeedupPlotName, IterationsPlotName })
        {
            string path = Path.Combine(directory, plot);
            if (File.Exists(path))
                body = body.Replace($"src=\"{plot}\"", $"src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\"", StringComparison.Ordinal);
        }
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n")
          .Append("@page { size: A3 landscape; margin: 12mm; }\n")
          .Append("body { font: 13px/1.4 system-ui, sans-serif; max-width: 1500px; margin: 1em auto; padding: 0 1em; columns: 2 700px; column-gap: 2em; }\n")
          .Append("h1 { column-span: all; font-size: 1.5em; } h2 { font-size: 1.1em; border-bottom: 1px solid #ccc; break-after: avoid; }\n")
          .Append("table { border-collapse: collapse; font-size: 0.9em; break-inside: avoid; } td, th { border: 1px solid #ddd; padding: 2px 6px; }\n")
          .Append("img { max-width: 100%; break-inside: avoid; } code, pre { font-size: 0.9em; white-space: pre-wrap; word-break: break-all; }\n")
          .Append("</style>\n</head>\n<body>\n").Append(body).Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Everything the report shows, derived from the stored execution.</summary>
    internal sealed record ReportData(
        ExperimentRecord Experiment, ExperimentFile Definition, IReadOnlyList<RunRecord> Runs,
        IReadOnlyList<string> Workloads, IReadOnlyList<Configuration> Configurations,
        IReadOnlyList<Comparison> Comparisons, string? Failure);

    internal static ReportData Analyze(ExperimentRecord experiment, IReadOnlyList<RunRecord> runs)
    {
        // The stored definition, not the file on disk: the file may have changed since the run.
        var definition = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<ExperimentFile>(experiment.Definition)
            ?? throw new InvalidDataException($"{experiment.Key}: the stored definition is empty");
        if (definition.Hypothesis == null || definition.Factors == null)
            throw new InvalidDataException($"{experiment.Key}: the stored definition has no hypothesis or factors");
        var configurations = RunPlan.Configurations(definition.Factors);
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
                comparisons = new ExperimentRunner(definition, new RunnerOptions()).Analyze(runs, specs, configurations, experiment.Seed);
            }
            catch (ArgumentException e) { failure = "not enough samples to compare: " + e.Message; }
        }
        return new ReportData(experiment, definition, runs, workloads, configurations, comparisons, failure);
    }

    /// <summary>Position of a workload in the definition, so tables follow the file's order.</summary>
    private static int DefinitionIndex(ExperimentFile definition, string name)
    {
        var paths = definition.Workloads ?? [];
        for (int i = 0; i < paths.Count; i++)
            if (Path.ChangeExtension(paths[i].Path ?? "", null).Replace('\\', '/').EndsWith(name, StringComparison.Ordinal)) return i;
        return int.MaxValue;
    }

    internal static string Markdown(ReportData d, string storePath)
    {
        var e = d.Experiment;
        var def = d.Definition;
        var h = def.Hypothesis!;
        var baseline = d.Configurations.First(c => c.IsBaseline);
        var sb = new StringBuilder();
        sb.AppendLine($"# A3 · {e.Title}");
        sb.AppendLine();
        sb.AppendLine($"`{e.Key}` · started {e.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", Ic)} UTC · {(e.Quick ? "quick profile (smoke run)" : "full profile")} · commit `{e.GitCommit ?? "unknown"}`");
        sb.AppendLine();
        if (!string.IsNullOrWhiteSpace(def.Background))
        {
            sb.AppendLine("## Background");
            sb.AppendLine();
            sb.AppendLine(def.Background.Trim());
            sb.AppendLine();
        }

        sb.AppendLine("## Hypothesis");
        sb.AppendLine();
        string prediction = h.ExpectedSpeedup is double s
            ? $" Predicted: {baseline.Label}/treatment ≥ {s.ToString("0.###", Ic)}x on {h.Metric}."
            : $" No number predicted; measured on {h.Metric}.";
        sb.AppendLine($"{h.Text?.Trim()}.{prediction}");
        sb.AppendLine();

        sb.AppendLine("## Design");
        sb.AppendLine();
        sb.AppendLine($"- Configurations: {string.Join(", ", d.Configurations.Select(c => $"`{c.Label}`" + (c.IsBaseline ? " (baseline)" : "")))}.");
        sb.AppendLine($"- Workloads: {string.Join(", ", d.Workloads.Select(w => $"`{w}` (size {d.Runs.First(r => r.Workload == w).Size.ToString(Ic)})"))}.");
        var ok = d.Runs.Where(r => r.ExitCode == 0).ToList();
        var perArm = ok.GroupBy(r => (r.Workload, r.Configuration)).Select(g => g.Count()).DefaultIfEmpty(0);
        var measured = ok.Select(r => r.Samples.Count(x => !x.Warmup)).DefaultIfEmpty(0);
        var warm = ok.Select(r => r.Samples.Count(x => x.Warmup)).DefaultIfEmpty(0);
        sb.AppendLine($"- {d.Runs.Count} fresh `ruchy measure` processes in a seeded, randomized, interleaved order (seed {e.Seed}); " +
            $"{Range(perArm)} process runs per workload × configuration, each {Range(warm)} warmup + {Range(measured)} measured iterations (warmup excluded from all statistics).");
        sb.AppendLine($"- Statistics on {h.Metric}: Hodges–Lehmann ratio treatment/baseline with a {Statistics.DefaultConfidence * 100:0}% hierarchical bootstrap interval (process runs, then iterations; 1000 resamples), " +
            $"two-sided Mann–Whitney p; a difference needs p < {Statistics.DefaultAlpha.ToString(Ic)} and an interval excluding 1; p-values are Holm-adjusted over all comparisons of the run (intervals stay per comparison).");
        sb.AppendLine();

        sb.AppendLine("## Environment");
        sb.AppendLine();
        sb.AppendLine(EnvironmentTable(d.Runs, e));
        sb.AppendLine();

        sb.AppendLine("## Results");
        sb.AppendLine();
        if (d.Failure != null)
        {
            sb.AppendLine($"**No analysis:** {d.Failure}");
            sb.AppendLine();
        }
        else
        {
            string unit = h.Metric is "wall_time" or "cpu_time" or "gc_pause" ? " (ms)" : "";
            double scale = unit.Length > 0 ? 1e6 : 1;
            sb.AppendLine($"| workload | treatment | baseline median{unit} | treatment median{unit} | ratio [95% CI] | speedup [95% CI] | p (Holm) | difference | hypothesis |");
            sb.AppendLine("|---|---|--:|--:|---|---|--:|---|---|");
            foreach (var c in d.Comparisons)
                sb.AppendLine(string.Format(Ic, "| {0} | {1} | {2:F2} | {3:F2} | {4:F3} [{5:F3}, {6:F3}] | {7:F2}x [{8:F2}, {9:F2}] | {10} | {11} | **{12}** |",
                    c.Workload, c.Treatment, c.BaselineMedian / scale, c.TreatmentMedian / scale, c.Ratio, c.CiLow, c.CiHigh,
                    c.Speedup, 1 / c.CiHigh, 1 / c.CiLow, c.AdjustedPText, Describe(c.Verdict), c.Hypothesis.ToString().ToLowerInvariant()));
            sb.AppendLine();
        }
        sb.AppendLine($"![per-iteration {Metric(h.Metric)} per workload and configuration]({WallTimesPlotName})");
        sb.AppendLine($"![speedup over the baseline with 95% intervals]({SpeedupPlotName})");
        sb.AppendLine();

        sb.AppendLine("## Warmup");
        sb.AppendLine();
        sb.Append(WarmupSection(d));
        sb.AppendLine($"![wall time per iteration of every process run, steady-state starts marked]({IterationsPlotName})");
        sb.AppendLine();

        sb.AppendLine("## Conclusion");
        sb.AppendLine();
        sb.AppendLine(Conclusion(d));
        sb.AppendLine();

        sb.AppendLine("## Reproduce");
        sb.AppendLine();
        sb.AppendLine("This report, from the stored samples (no new measurements):");
        sb.AppendLine();
        sb.AppendLine($"    ruchy experiment report {e.Key} --store {storePath}");
        sb.AppendLine();
        sb.AppendLine($"New measurements: `ruchy experiment run {e.File}{(e.Quick ? " --quick" : "")}`. " +
            $"Data checksum (SHA-256 of the stored runs and samples): `{Checksum(d.Runs)}`.");
        return sb.ToString();
    }

    /// <summary>One process run's full wall-time series (warmup iterations included) and its steady-state class.</summary>
    internal sealed record RunWarmup(RunRecord Run, double[] WallNs, SteadyStateResult Result);

    /// <summary>
    /// Every successful process run classified with <see cref="SteadyState.Classify"/> on its whole wall-time
    /// series, in workload, configuration and process-run order (so the report is deterministic).
    /// </summary>
    internal static IReadOnlyList<RunWarmup> Warmups(ReportData d) =>
        d.Runs.Where(r => r.ExitCode == 0)
            .OrderBy(r => IndexOf(d.Workloads, r.Workload))
            .ThenBy(r => d.Configurations.Select(c => c.Label).ToList().IndexOf(r.Configuration))
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

    /// <summary>The Warmup section: per workload × configuration, the classes of its process runs and Barrett's consistency summary.</summary>
    internal static string WarmupSection(ReportData d)
    {
        var warmups = Warmups(d);
        var sb = new StringBuilder();
        sb.AppendLine($"Each process run's wall time per iteration, warmup iterations included, is split at ED-PELT change points and classified after Barrett et al. " +
            $"(\"Virtual Machine Warmup Blows Hot and Cold\", OOPSLA 2017): segments whose means differ by at most max({SteadyState.RelativeTolerance * 100:0}% of the mean, a segment's standard deviation) are equivalent; " +
            $"the steady state is the final run of equivalent segments and must cover at least max({SteadyState.MinSteadyIterations}, {SteadyState.SteadyFraction * 100:0}%) of the iterations. " +
            "*flat*: no change; *warmup*: the steady state is the fastest; *slowdown*: an earlier segment was faster; *no steady state*: still changing at the end. " +
            "A workload × configuration is *consistent* when all its classified process runs agree.");
        sb.AppendLine();
        if (warmups.Count == 0)
        {
            sb.AppendLine("No successful process runs to classify.");
            sb.AppendLine();
            return sb.ToString();
        }
        sb.AppendLine("| workload | configuration | process runs | summary | steady state from iteration |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var g in warmups.GroupBy(w => (w.Run.Workload, w.Run.Configuration)))
        {
            var counts = g.GroupBy(w => w.Result.Class).OrderBy(c => c.Key)
                .Select(c => $"{SteadyState.Name(c.Key)} ×{c.Count().ToString(Ic)}");
            string summary = SteadyState.Summary(g.Select(w => w.Result.Class)) ?? "not classified";
            var starts = g.Where(w => w.Result.SteadyStart.HasValue).Select(w => w.Result.SteadyStart!.Value.ToString(Ic)).ToList();
            sb.AppendLine($"| {g.Key.Workload} | {g.Key.Configuration} | {string.Join(", ", counts)} | {summary} | {(starts.Count == 0 ? "–" : string.Join(", ", starts))} |");
        }
        sb.AppendLine();
        int tooShort = warmups.Count(w => w.Result.Class == SteadyStateClass.TooShort);
        sb.AppendLine($"{tooShort} of {warmups.Count} process runs were too short to classify (fewer than {SteadyState.MinIterations} iterations).");
        sb.AppendLine();
        return sb.ToString();
    }

    /// <summary>The overall verdict: the hypothesis across all workloads, with the geometric mean speedup as a summary.</summary>
    internal static string Conclusion(ReportData d)
    {
        if (d.Failure != null) return "**Not analyzed**: the experiment did not produce a complete set of runs; re-run it.";
        var cs = d.Comparisons;
        var h = d.Definition.Hypothesis!;
        var g = Statistics.GeometricMean(cs)!;
        string mean = string.Format(Ic, "Geometric mean speedup over {0} comparisons: {1:F2}x [{2:F2}, {3:F2}] ({4:0}% bootstrap interval, workloads fixed).",
            g.Count, g.Speedup, 1 / g.CiHigh, 1 / g.CiLow, g.Confidence * 100);
        string differences = $"{cs.Count(c => c.Verdict == Verdict.Faster)} faster, {cs.Count(c => c.Verdict == Verdict.Slower)} slower, {cs.Count(c => c.Verdict == Verdict.NoDetectableDifference)} without a detectable difference.";
        if (h.ExpectedSpeedup is not double s) return $"No predicted effect to judge. {differences} {mean}";
        // With several treatments a workload appears once per treatment, so name both.
        bool severalTreatments = cs.Select(c => c.Treatment).Distinct().Count() > 1;
        string Part(HypothesisVerdict v, string word)
        {
            var hits = cs.Where(c => c.Hypothesis == v).Select(c => severalTreatments ? $"`{c.Workload}` ({c.Treatment})" : $"`{c.Workload}`").ToList();
            return hits.Count == 0 ? "" : $"{word} on {hits.Count} ({string.Join(", ", hits)})";
        }
        int supported = cs.Count(c => c.Hypothesis == HypothesisVerdict.Supported);
        int refuted = cs.Count(c => c.Hypothesis == HypothesisVerdict.Refuted);
        string expected = s.ToString("0.###", Ic);
        string unit = severalTreatments ? "comparison" : "workload";
        string parts = string.Join("; ", new[] { Part(HypothesisVerdict.Supported, "supported"), Part(HypothesisVerdict.Refuted, "refuted"), Part(HypothesisVerdict.Inconclusive, "inconclusive") }.Where(p => p.Length > 0));
        string verdict = supported == cs.Count ? $"**Supported** on every {unit}: each 95% interval of the speedup lies at or above {expected}x."
            : refuted == cs.Count ? $"**Refuted** on every {unit}: each 95% interval of the speedup lies below {expected}x."
            : supported == 0 ? $"**Not supported** on any {unit} ({cs.Count} comparisons against the predicted {expected}x): {parts}."
            : $"**Mixed** over {cs.Count} comparisons against the predicted {expected}x: {parts}.";
        return $"{verdict} {differences} {mean}" + (d.Experiment.Quick ? " Quick profile: few samples, a smoke result rather than evidence." : "");
    }

    private static string EnvironmentTable(IReadOnlyList<RunRecord> runs, ExperimentRecord e)
    {
        var envs = runs.Where(r => r.Environment.Length > 0).Select(r => MeasureProtocol.Read<MeasureEnvironment>(r.Environment)).ToList();
        string Values(Func<MeasureEnvironment, string> f) => envs.Count == 0 ? "unknown" : string.Join(" / ", envs.Select(f).Distinct());
        var load = runs.SelectMany(r => r.LoadBefore.Take(1).Concat(r.LoadAfter.Take(1))).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        sb.AppendLine($"| .NET | {Values(x => x.Dotnet)} ({Values(x => x.Architecture)}) |");
        sb.AppendLine($"| JIT | tiered compilation {Values(x => x.TieredCompilation)}, tiered PGO {Values(x => x.TieredPgo)}, ReadyToRun {Values(x => x.ReadyToRun)} |");
        sb.AppendLine($"| GC | {Values(x => x.ServerGc ? "server" : "workstation")}, latency {Values(x => x.GcLatency)} |");
        sb.AppendLine($"| OS, CPU | {Values(x => x.Os)}, {Values(x => $"{x.Cpu} ({x.ProcessorCount} logical)")} |");
        sb.AppendLine($"| commit | `{e.GitCommit ?? "unknown"}` |");
        sb.Append("| load average (1 min) | " + (load.Count == 0 ? "not recorded" : string.Format(Ic, "{0:F2}–{1:F2} around the runs", load.Min(), load.Max())) + " |");
        return sb.ToString();
    }

    /// <summary>SHA-256 over a canonical text of the stored runs and samples, to tell whether two reports come from the same data.</summary>
    internal static string Checksum(IReadOnlyList<RunRecord> runs)
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

    internal static string Describe(Verdict v) => v switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        _ => "no detectable difference",
    };

    internal static string Metric(string metric) => metric.Replace('_', ' ');

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        int min = list.Min(), max = list.Max();
        return min == max ? min.ToString(Ic) : $"{min}–{max}";
    }
}
