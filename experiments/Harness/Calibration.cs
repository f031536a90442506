using System.Diagnostics;
using System.Globalization;

namespace Ruchy.Experiments.Harness;

/// <summary>The A/A outcome on one workload: how often two arms of the same configuration were called different.</summary>
public sealed record CalibrationResult(
    string Workload, string Configuration, int ProcessRuns, int Splits,
    int FalsePositives, int PValueOnlyPositives, double Alpha)
{
    /// <summary>Share of splits the full verdict rule (p and interval) called a difference.</summary>
    public double Rate => Splits == 0 ? double.NaN : (double)FalsePositives / Splits;

    /// <summary>Share of splits where the Mann–Whitney p alone was below alpha (shows what the interval rule buys).</summary>
    public double PValueOnlyRate => Splits == 0 ? double.NaN : (double)PValueOnlyPositives / Splits;

    /// <summary>Wilson score interval (95%) of <see cref="Rate"/>; the splits reuse the same runs, so it is a rough guide.</summary>
    public (double Low, double High) RateInterval => Wilson(FalsePositives, Splits, 1.959963984540054);

    private static (double, double) Wilson(int k, int n, double z)
    {
        if (n == 0) return (double.NaN, double.NaN);
        double p = (double)k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        // The exact ends for 0 and n: rounding would otherwise leave them a hair inside.
        return (k == 0 ? 0 : Math.Max(0, centre - half), k == n ? 1 : Math.Min(1, centre + half));
    }
}

/// <summary>
/// A/A calibration (<c>ruchy experiment calibrate</c>): measures the baseline configuration of an
/// experiment in many fresh processes, then splits those process runs into two equal arms at random
/// many times and applies the experiment's own comparison to each split. With no real difference, the
/// share of splits called "faster" or "slower" is the procedure's false-positive rate on this machine;
/// it should stay near or below alpha.
/// </summary>
public static class Calibration
{
    /// <summary>Bootstrap draws per split: fewer than a real comparison, as hundreds of splits are analysed.</summary>
    public const int ResamplesPerSplit = 200;

    /// <summary>The split analysis on measured runs (one array of post-warmup values per process run).</summary>
    public static CalibrationResult Analyze(string workload, string configuration, IReadOnlyList<double[]> runs, int splits, int seed, double alpha = Statistics.DefaultAlpha)
    {
        if (runs.Count < 4) throw new ArgumentException($"{workload}: A/A calibration needs at least 4 process runs (have {runs.Count})");
        var random = new Random(seed);
        var indices = new int[runs.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        int half = runs.Count / 2;
        int positives = 0, pOnly = 0;
        for (int s = 0; s < splits; s++)
        {
            random.Shuffle(indices);
            var a = new double[half][];
            var b = new double[half][];
            for (int i = 0; i < half; i++)
            {
                a[i] = runs[indices[i]];
                b[i] = runs[indices[half + i]];
            }
            var c = Statistics.Compare(workload, configuration, configuration, "", a, b, null, random.Next(), alpha, resamples: ResamplesPerSplit);
            if (c.Verdict != Verdict.NoDetectableDifference) positives++;
            if (c.PValue < alpha) pOnly++;
        }
        return new CalibrationResult(workload, configuration, runs.Count, splits, positives, pOnly, alpha);
    }

    /// <summary>
    /// Measures <paramref name="processRuns"/> fresh processes of the baseline per workload (workloads
    /// interleaved), stores them under the experiment id <c>ID/calibrate</c>, and analyses the splits.
    /// </summary>
    public static IReadOnlyList<CalibrationResult> Run(ExperimentFile file, RunnerOptions options, int processRuns, int splits)
    {
        var baseline = file.Configurations[0];
        var workloads = file.Workloads!;
        var runner = new ExperimentRunner(file, options);
        var (_, iterations, warmup) = runner.Design;
        int seed = file.Design!.Seed!.Value;
        string? commit = ExperimentRunner.GitCommit(Path.GetDirectoryName(file.SourcePath)!);
        var started = DateTime.UtcNow;
        string id = file.Id + "/calibrate";
        var experiment = new ExperimentRecord($"{id}@{started:yyyyMMdd'T'HHmmss.fff'Z'}", id, "A/A calibration: " + file.Title, file.SourcePath, file.Text, seed, options.Quick, commit, started);
        options.Store?.AddExperiment(experiment);
        var order = RunPlan.Order(workloads.Count, 1, processRuns, seed, file.Design.Randomize);
        options.Progress?.WriteLine($"{experiment.Key}: {order.Count} process runs of {baseline.Label} ({workloads.Count} workloads × {processRuns}), {warmup}+{iterations} iterations each");

        string metric = file.Hypothesis!.Metric;
        var perWorkload = new List<double[]>[workloads.Count];
        for (int w = 0; w < perWorkload.Length; w++) perWorkload[w] = [];
        var clock = Stopwatch.StartNew();
        foreach (var spec in order)
        {
            int done = spec.Sequence + 1;
            var run = runner.MeasureRun(experiment.Key, spec, baseline, commit, baseline.Label, done, order.Count,
                () => clock.Elapsed.TotalSeconds / done * (order.Count - done));
            if (run.ExitCode != 0) throw new InvalidOperationException($"{workloads[spec.Workload].Name} {baseline.Label}: {run.Error}");
            var values = new List<double>();
            foreach (var sample in run.Samples)
                if (!sample.Warmup) values.Add(ExperimentRunner.MetricValue(sample, metric));
            perWorkload[spec.Workload].Add(values.ToArray());
        }
        var results = new List<CalibrationResult>();
        for (int w = 0; w < workloads.Count; w++)
            results.Add(Analyze(workloads[w].Name, baseline.Label, perWorkload[w], splits, seed + w));
        return results;
    }
}
