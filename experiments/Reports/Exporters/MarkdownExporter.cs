using System.Globalization;
using System.Text;
using Ruchy.Experiments.Harness;
using Ruchy.Switches;

namespace Ruchy.Experiments.Reports.Exporters;

/// <summary>
/// report.md: the one-page A3 report with the hypothesis, design, environment, per-workload tables, verdicts,
/// conclusion and follow-ups. It links the PNGs of <see cref="PlotExporter"/> by their file names.
/// </summary>
public sealed class MarkdownExporter : IReportExporter
{
    public const string FileName = "report.md";

    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    public string Name => "markdown";

    public IReadOnlyList<string> Export(A3Summary summary, string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(summary));
        return [path];
    }

    /// <summary>The A3 sections in the order <see cref="Render"/> writes them (level-2 headings).</summary>
    public static readonly IReadOnlyList<string> Sections =
        ["Background", "Current condition", "Goal", "Analysis", "Countermeasure", "Results", "Follow-up", "Reproduce"];

    /// <summary>The report as Markdown text (what <see cref="Export"/> writes).</summary>
    public static string Render(A3Summary d)
    {
        var e = d.Experiment;
        var def = d.Definition;
        var h = def.Hypothesis!;
        var reference = d.Reference;
        string unit = h.Metric is "wall_time" or "cpu_time" or "gc_pause" ? " (ms)" : "";
        double scale = unit.Length > 0 ? 1e6 : 1;
        var sb = new StringBuilder();
        sb.AppendLine($"# A3 · {e.Title}");
        sb.AppendLine();
        sb.AppendLine($"`{e.Key}` · started {e.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", Ic)} UTC · {(e.Quick ? "quick profile (smoke run)" : "full profile")} · commit `{e.GitCommit ?? "unknown"}`");
        sb.AppendLine();
        if (d.Seal is { } seal)
        {
            sb.AppendLine(d.Blinded
                ? $"> **Blind.** The configurations are shown as {string.Join(", ", d.Configurations.Select(c => c.Label))}; which is which (and which is the baseline) is sealed under commitment `{seal.Commitment}`. " +
                  (seal.Decided
                      ? $"A decision is recorded; reveal the mapping with `ruchy experiment unblind {e.Key}`."
                      : $"Decide first, while blind: `ruchy experiment decide {e.Key} --verdict supported|refuted|inconclusive`, then `ruchy experiment unblind {e.Key}`.")
                : $"> **Unblinded** {seal.UnblindedAt?.ToString("yyyy-MM-dd HH:mm:ss", Ic)} UTC; the mapping ({string.Join(", ", seal.Mapping.Select(m => $"{m.Label} = `{m.Configuration}`"))}) matched its commitment `{seal.Commitment}`.");
            sb.AppendLine();
        }

        sb.AppendLine("## Background");
        sb.AppendLine();
        sb.AppendLine(string.IsNullOrWhiteSpace(def.Background) ? "_The experiment file gives no background._" : def.Background.Trim());
        sb.AppendLine();

        sb.AppendLine("## Current condition");
        sb.AppendLine();
        sb.AppendLine(d.Blinded
            ? $"The reference arm `{reference.Label}` in this execution (the baseline is one of {string.Join(", ", d.Configurations.Select(c => c.Label))}; sealed), {d.MetricName} per iteration after warmup:"
            : $"The baseline `{reference.Label}` in this execution, {d.MetricName} per iteration after warmup:");
        sb.AppendLine();
        sb.AppendLine($"| workload | size | median{unit} | process runs | per-run medians{unit} |");
        sb.AppendLine("|---|--:|--:|--:|---|");
        foreach (var w in d.Workloads)
        {
            var arm = d.Runs.Where(r => r.ExitCode == 0 && r.Workload == w && r.Configuration == reference.Label).ToList();
            var values = arm.SelectMany(r => r.Samples.Where(x => !x.Warmup)).Select(x => ExperimentRunner.MetricValue(x, h.Metric)).ToList();
            var perRun = arm.Select(r => Statistics.Median(r.Samples.Where(x => !x.Warmup).Select(x => ExperimentRunner.MetricValue(x, h.Metric)).ToList()) / scale).Where(v => !double.IsNaN(v)).ToList();
            long size = d.Runs.First(r => r.Workload == w).Size;
            sb.AppendLine(string.Format(Ic, "| {0} | {1} | {2} | {3} | {4} |", w, size, values.Count == 0 ? "–" : (Statistics.Median(values) / scale).ToString("F2", Ic), arm.Count,
                perRun.Count == 0 ? "–" : string.Format(Ic, "{0:F2}–{1:F2}", perRun.Min(), perRun.Max())));
        }
        sb.AppendLine();
        sb.AppendLine("### Environment");
        sb.AppendLine();
        sb.AppendLine(EnvironmentTable(d.Runs, e));
        sb.AppendLine();

        sb.AppendLine("## Goal");
        sb.AppendLine();
        string prediction = h.ExpectedSpeedup is double s
            ? d.Blinded
                ? $" Predicted: baseline/treatment ≥ {s.ToString("0.###", Ic)}x on {h.Metric}."
                : $" Predicted: {reference.Label}/treatment ≥ {s.ToString("0.###", Ic)}x on {h.Metric}."
            : $" No number predicted; measured on {h.Metric}.";
        sb.AppendLine($"{h.Text?.Trim().TrimEnd('.')}.{prediction}");
        sb.AppendLine();

        sb.AppendLine("## Analysis");
        sb.AppendLine();
        sb.AppendLine($"- Configurations: {string.Join(", ", d.Configurations.Select(c => $"`{c.Label}`" + (c.IsBaseline ? $" ({d.ReferenceWord})" : "")))}.");
        sb.AppendLine($"- Workloads: {string.Join(", ", d.Workloads.Select(w => $"`{w}` (size {d.Runs.First(r => r.Workload == w).Size.ToString(Ic)})"))}.");
        var ok = d.Runs.Where(r => r.ExitCode == 0).ToList();
        var perArm = ok.GroupBy(r => (r.Workload, r.Configuration)).Select(g => g.Count()).DefaultIfEmpty(0);
        var measured = ok.Select(r => r.Samples.Count(x => !x.Warmup)).DefaultIfEmpty(0);
        var warm = ok.Select(r => r.Samples.Count(x => x.Warmup)).DefaultIfEmpty(0);
        sb.AppendLine($"- {d.Runs.Count} fresh `ruchy measure` processes in a seeded, randomized, interleaved order (seed {e.Seed}); " +
            $"{Range(perArm)} process runs per workload × configuration, each {Range(warm)} warmup + {Range(measured)} measured iterations (warmup excluded from all statistics).");
        sb.AppendLine($"- Stopping rule: {StoppingText(d)}.");
        sb.AppendLine($"- Statistics on {h.Metric}: Hodges–Lehmann ratio treatment/{d.ReferenceWord} with a {Statistics.DefaultConfidence * 100:0}% hierarchical bootstrap interval (process runs, then iterations; 1000 resamples), " +
            $"two-sided Mann–Whitney p; a difference needs p < {Statistics.DefaultAlpha.ToString(Ic)} and an interval excluding 1; p-values are Holm-adjusted over all comparisons of the run (intervals stay per comparison). " +
            "Effect size: Cliff's δ = P(treatment > reference) − P(treatment < reference) over pooled iterations (negative: treatment smaller), " +
            "magnitude after Romano et al. (2006): |δ| < 0.147 negligible, < 0.33 small, < 0.474 medium, else large.");
        sb.AppendLine();
        if (d.Failure != null)
        {
            sb.AppendLine($"**No analysis:** {d.Failure}");
            sb.AppendLine();
        }
        else
        {
            sb.AppendLine($"| workload | treatment | shift{unit} | ratio [95% CI] | CI half-width | Cliff's δ | effect | p (Holm) | difference |");
            sb.AppendLine("|---|---|--:|---|--:|--:|---|--:|---|");
            foreach (var c in d.Comparisons)
                sb.AppendLine(string.Format(Ic, "| {0} | {1} | {2:F3} | {3:F3} [{4:F3}, {5:F3}] | ±{6:0.0}% | {7:F2} | {8} | {9} | {10} |",
                    c.Workload, c.Treatment, c.Shift / scale, c.Ratio, c.CiLow, c.CiHigh, c.RelativeHalfWidth * 100, c.CliffsDelta,
                    Statistics.Magnitude(c.CliffsDelta).ToString().ToLowerInvariant(), c.AdjustedPText, Describe(c.Verdict)));
            sb.AppendLine();
        }
        sb.AppendLine($"![per-iteration {d.MetricName} per workload and configuration]({PlotExporter.WallTimesFileName})");
        sb.AppendLine();
        sb.AppendLine("### Warmup");
        sb.AppendLine();
        sb.Append(WarmupSection(d));
        sb.AppendLine($"![wall time per iteration of every process run, steady-state starts marked]({PlotExporter.IterationsFileName})");
        sb.AppendLine();

        sb.AppendLine("## Countermeasure");
        sb.AppendLine();
        sb.Append(CountermeasureSection(d));
        sb.AppendLine();

        sb.AppendLine("## Results");
        sb.AppendLine();
        if (d.Failure == null)
        {
            sb.AppendLine($"| workload | treatment | {d.ReferenceWord} median{unit} | treatment median{unit} | ratio [95% CI] | speedup [95% CI] | p (Holm) | difference | hypothesis |");
            sb.AppendLine("|---|---|--:|--:|---|---|--:|---|---|");
            foreach (var c in d.Comparisons)
                sb.AppendLine(string.Format(Ic, "| {0} | {1} | {2:F2} | {3:F2} | {4:F3} [{5:F3}, {6:F3}] | {7:F2}x [{8:F2}, {9:F2}] | {10} | {11} | **{12}** |",
                    c.Workload, c.Treatment, c.BaselineMedian / scale, c.TreatmentMedian / scale, c.Ratio, c.CiLow, c.CiHigh,
                    c.Speedup, 1 / c.CiHigh, 1 / c.CiLow, c.AdjustedPText, Describe(c.Verdict), d.Blinded ? "withheld" : c.Hypothesis.ToString().ToLowerInvariant()));
            sb.AppendLine();
        }
        sb.AppendLine($"![speedup over the {d.ReferenceWord} with 95% intervals]({PlotExporter.SpeedupFileName})");
        sb.AppendLine();
        sb.AppendLine(Conclusion(d));
        sb.AppendLine();
        if (BlindDecisionLine(d) is { } decision)
        {
            sb.AppendLine(decision);
            sb.AppendLine();
        }

        sb.AppendLine("## Follow-up");
        sb.AppendLine();
        foreach (var item in FollowUps(d)) sb.AppendLine($"- {item}");
        sb.AppendLine();

        sb.AppendLine("## Reproduce");
        sb.AppendLine();
        sb.AppendLine("This report, from the stored samples (no new measurements):");
        sb.AppendLine();
        sb.AppendLine($"    ruchy experiment report {e.Key} --store {d.StorePath}");
        sb.AppendLine();
        sb.AppendLine($"New measurements: `ruchy experiment run {e.File}{(e.Quick ? " --quick" : "")}`. " +
            $"Data checksum (SHA-256 of the stored runs and samples): `{d.DataChecksum}`.");
        return sb.ToString();
    }

    /// <summary>The rule as the file states it and, when recorded, how it ended.</summary>
    private static string StoppingText(A3Summary d)
    {
        if (d.Stopping is { } o) return o.Describe();
        var rule = d.Definition.Design?.Stopping;
        return rule is { IsAdaptive: true } ? rule.Describe() + " (outcome not recorded)" : "fixed: the planned process runs";
    }

    /// <summary>The switches and levels (or arms and their switches) under test; while blind, only how many and their labels.</summary>
    private static string CountermeasureSection(A3Summary d)
    {
        var sb = new StringBuilder();
        var arms = d.Definition.Arms is { Count: > 0 } a ? a : null;
        var factors = d.Definition.Factors ?? [];
        if (d.Blinded)
        {
            string what = arms != null
                ? $"{arms.Count} named arms"
                : $"Switch{(factors.Count > 1 ? "es" : "")} {string.Join(", ", factors.Select(f => $"`{f.Key}` ({f.Value.Levels?.Count ?? 0} levels)"))}";
            sb.AppendLine($"Under test: {what}; " +
                $"the {d.Configurations.Count} configurations run as {string.Join(", ", d.Configurations.Select(c => $"`{c.Label}`"))}. " +
                $"Which label is which {(arms != null ? "arm" : "level")}, and which is the baseline, stays sealed until `ruchy experiment unblind`.");
            return sb.ToString();
        }
        if (arms != null)
        {
            // Each arm's switches, as each measured process got them (`--switch`, host switches in its environment).
            sb.AppendLine("| arm | switches |");
            sb.AppendLine("|---|---|");
            foreach (var c in d.Configurations)
                sb.AppendLine($"| `{c.Label}`{(c.IsBaseline ? " (baseline)" : "")} | {(c.Switches.Count == 0 ? "(defaults)" : string.Join(" ", c.Switches.Select(x => $"`{x}`")))} |");
            sb.AppendLine();
        }
        foreach (var (name, factor) in factors)
        {
            var levels = (factor.Levels ?? []).Select(l => string.Equals(l, factor.Baseline, StringComparison.OrdinalIgnoreCase) ? $"`{l}` (baseline)" : $"`{l}`");
            string how = SwitchRegistry.IsHostSwitch(name)
                ? $"environment `{SwitchRegistry.HostEnvironment(name + "=on").Variable}=1|0` of each measured process"
                : $"`--switch {name}=LEVEL`";
            sb.AppendLine($"- switch `{name}`: levels {string.Join(", ", levels)} ({how})");
        }
        if (d.Definition.Switches is { Count: > 0 } held)
            sb.AppendLine($"- held fixed in every configuration: {string.Join(", ", held.Select(x => $"`{x}`"))}");
        var treatments = d.Configurations.Where(c => !c.IsBaseline).Select(c => $"`{c.Label}`").ToList();
        sb.AppendLine($"- treatment{(treatments.Count > 1 ? "s" : "")} compared with `{d.Reference.Label}`: {string.Join(", ", treatments)}");
        return sb.ToString();
    }

    /// <summary>
    /// The analyst's blind decision after unblinding, with whether it agrees with the statistical verdict;
    /// while blind, only that a decision is (or is not yet) recorded. Null for a non-blind execution.
    /// </summary>
    private static string? BlindDecisionLine(A3Summary d)
    {
        if (d.Seal is not { } seal) return null;
        if (!seal.Decided) return "**Blind decision**: none recorded yet.";
        string who = $"**{seal.Verdict}**, by {seal.DecidedBy} at {seal.DecidedAt?.ToString("yyyy-MM-dd HH:mm:ss", Ic)} UTC" + (string.IsNullOrWhiteSpace(seal.Note) ? "" : $" (\"{seal.Note.Trim()}\")");
        if (d.Blinded) return $"**Blind decision**: {who}; compared with the statistical verdict after unblinding.";
        var statistical = d.Failure == null ? Statistics.OverallVerdict(d.Comparisons) : HypothesisVerdict.NotApplicable;
        string agreement = statistical == HypothesisVerdict.NotApplicable
            ? "there is no statistical verdict to compare it with (no predicted effect or no analysis)"
            : string.Equals(statistical.ToString(), seal.Verdict, StringComparison.OrdinalIgnoreCase)
                ? $"**agrees** with the statistical verdict ({statistical.ToString().ToLowerInvariant()})"
                : $"**disagrees** with the statistical verdict ({statistical.ToString().ToLowerInvariant()})";
        return $"**Blind decision**: {who}, made before unblinding; it {agreement}.";
    }

    /// <summary>What to do next, generated from the results: intervals too wide, warmup not settled, refuted or unconfirmed predictions.</summary>
    private static IReadOnlyList<string> FollowUps(A3Summary d)
    {
        var items = new List<string>();
        if (d.Failure != null)
        {
            items.Add($"Fix the failed run ({d.Failure}), then `ruchy experiment run {d.Experiment.File} --resume {d.Experiment.Key}`.");
            return items;
        }
        var h = d.Definition.Hypothesis!;
        var perArm = d.Runs.Where(r => r.ExitCode == 0).GroupBy(r => (r.Workload, r.Configuration)).ToDictionary(g => g.Key, g => g.Count());
        bool several = d.Comparisons.Select(c => c.Treatment).Distinct().Count() > 1;
        string Name(Comparison c) => several ? $"`{c.Workload}` ({c.Treatment})" : $"`{c.Workload}`";
        foreach (var c in d.Comparisons)
        {
            int n = perArm.GetValueOrDefault((c.Workload, c.Treatment));
            string width = string.Format(Ic, "CI half-width ±{0:0.0}% with {1} process runs per configuration; about {2} would halve it", c.RelativeHalfWidth * 100, n, 4 * n);
            bool unclear = d.Blinded || h.ExpectedSpeedup == null ? c.Verdict == Verdict.NoDetectableDifference : c.Hypothesis == HypothesisVerdict.Inconclusive;
            if (unclear)
                items.Add($"{Name(c)}: {(d.Blinded || h.ExpectedSpeedup == null ? "no detectable difference" : "inconclusive")} → rerun with more process runs ({width}).");
            else if (!d.Blinded && c.Hypothesis == HypothesisVerdict.Refuted)
                items.Add(string.Format(Ic, "{0}: refuted → measured speedup {1:F2}x [{2:F2}, {3:F2}] against the predicted {4:0.###}x; Cliff's δ {5:F2} ({6}). Revise the expectation or look for what limits the gain (profile this workload).",
                    Name(c), c.Speedup, 1 / c.CiHigh, 1 / c.CiLow, h.ExpectedSpeedup, c.CliffsDelta, Statistics.Magnitude(c.CliffsDelta).ToString().ToLowerInvariant()));
            else if (!d.Blinded && c.Hypothesis == HypothesisVerdict.Supported && d.Experiment.Quick)
                items.Add(string.Format(Ic, "{0}: supported on the quick profile ({1:F2}x [{2:F2}, {3:F2}]) → confirm with the full profile.", Name(c), c.Speedup, 1 / c.CiHigh, 1 / c.CiLow));
        }
        var warmups = d.Warmups;
        foreach (var g in warmups.GroupBy(w => (w.Run.Workload, w.Run.Configuration)))
        {
            int none = g.Count(w => w.Result.Class == SteadyStateClass.NoSteadyState);
            if (none > 0)
                items.Add($"`{g.Key.Workload}` `{g.Key.Configuration}`: {none} of {g.Count()} process runs reached no steady state → increase iterations (now {g.Max(w => w.WallNs.Count)} per process run, warmup included).");
        }
        int tooShort = warmups.Count(w => w.Result.Class == SteadyStateClass.TooShort);
        if (tooShort > 0)
            items.Add($"{tooShort} of {warmups.Count} process runs had too few iterations to classify warmup (at most {warmups.Where(w => w.Result.Class == SteadyStateClass.TooShort).Max(w => w.WallNs.Count)}) → increase iterations to at least {SteadyState.MinIterations} per process run.");
        if (d.Stopping is { Adaptive: true, TargetReached: false } o)
            items.Add(string.Format(Ic, "The stopping rule hit max_process_runs ({0}) with an interval still ±{1:0.0}% wide → raise max_process_runs or accept the wider interval.", o.ProcessRuns, o.MaxHalfWidth * 100));
        if (d.Seal is { } seal && d.Blinded)
            items.Add(seal.Decided
                ? $"Unblind: `ruchy experiment unblind {d.Experiment.Key}`, then regenerate this report for the verdict."
                : $"Decide while blind (`ruchy experiment decide {d.Experiment.Key} --verdict supported|refuted|inconclusive`), then unblind.");
        if (items.Count == 0)
            items.Add(d.Experiment.Quick ? "Nothing open on this quick run; confirm with the full profile." : "Nothing open: every comparison is decided and every process run reached a steady state.");
        return items;
    }

    /// <summary>The Warmup section: per workload × configuration, the classes of its process runs and Barrett's consistency summary.</summary>
    private static string WarmupSection(A3Summary d)
    {
        var warmups = d.Warmups;
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
    private static string Conclusion(A3Summary d)
    {
        if (d.Failure != null) return "**Not analyzed**: the experiment did not produce a complete set of runs; re-run it.";
        var cs = d.Comparisons;
        if (d.Blinded)
        {
            var gm = Statistics.GeometricMean(cs)!;
            return string.Format(Ic, "**Verdict withheld until unblinded.** Against the reference `{0}`: {1} faster, {2} slower, {3} without a detectable difference; geometric mean speedup {4:F2}x [{5:F2}, {6:F2}].",
                d.Reference.Label, cs.Count(c => c.Verdict == Verdict.Faster), cs.Count(c => c.Verdict == Verdict.Slower),
                cs.Count(c => c.Verdict == Verdict.NoDetectableDifference), gm.Speedup, 1 / gm.CiHigh, 1 / gm.CiLow);
        }
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
        return $"Verdict: {verdict} {differences} {mean}" + (d.Experiment.Quick ? " Quick profile: few samples, a smoke result rather than evidence." : "");
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

    private static string Describe(Verdict v) => v switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        _ => "no detectable difference",
    };

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        int min = list.Min(), max = list.Max();
        return min == max ? min.ToString(Ic) : $"{min}–{max}";
    }
}
