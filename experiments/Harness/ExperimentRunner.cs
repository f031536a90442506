using System.Diagnostics;
using System.Globalization;

namespace Ruchy.Experiments.Harness;

/// <summary>How to run an experiment: the quick profile (smoke tests, CI), where results go, where progress is printed.</summary>
public sealed record RunnerOptions
{
    /// <summary>Quick profile: every workload at its quick size, at most 3 process runs × 5 iterations after 1 warmup.</summary>
    public bool Quick { get; init; }
    public ResultStore? Store { get; init; }
    public TextWriter? Progress { get; init; }
    /// <summary>The command that starts <c>ruchy</c> (program and leading arguments); found next to this assembly when null.</summary>
    public IReadOnlyList<string>? Ruchy { get; init; }
}

/// <summary>The outcome of an experiment: its runs (as stored) and one comparison per workload × non-baseline configuration.</summary>
public sealed record ExperimentResult(ExperimentRecord Experiment, IReadOnlyList<RunRecord> Runs, IReadOnlyList<Comparison> Comparisons, string? Failure);

/// <summary>
/// Runs an experiment out of process: one fresh <c>ruchy measure</c> process per process run (the
/// host JIT's tiering would distort in-process numbers), in an interleaved, seeded random order,
/// recording environment, commit and load average with each run and persisting it before the next.
/// </summary>
public sealed class ExperimentRunner(ExperimentFile file, RunnerOptions options)
{
    public (int ProcessRuns, int Iterations, int Warmup) Design =>
        options.Quick
            ? (Math.Min(file.Design!.ProcessRuns!.Value, 3), Math.Min(file.Design.Iterations!.Value, 5), Math.Min(file.Design.WarmupIterations, 1))
            : (file.Design!.ProcessRuns!.Value, file.Design.Iterations!.Value, file.Design.WarmupIterations);

    public ExperimentResult Run()
    {
        var configurations = RunPlan.Configurations(file.Factors!);
        var workloads = file.Workloads!;
        var (processRuns, iterations, warmup) = Design;
        int seed = file.Design!.Seed!.Value;
        var order = RunPlan.Order(workloads.Count, configurations.Count, processRuns, seed, file.Design.Randomize);
        string? commit = GitCommit(Path.GetDirectoryName(file.SourcePath)!);
        var started = DateTime.UtcNow;
        var experiment = new ExperimentRecord($"{file.Id}@{started:yyyyMMdd'T'HHmmss.fff'Z'}", file.Id!, file.Title!, file.SourcePath, file.Text, seed, options.Quick, commit, started);
        options.Store?.AddExperiment(experiment);
        var ruchy = options.Ruchy ?? FindRuchy();
        var progress = options.Progress;
        progress?.WriteLine($"{experiment.Key}: {order.Count} process runs ({workloads.Count} workloads × {configurations.Count} configurations × {processRuns}), {warmup}+{iterations} iterations each, seed {seed}, commit {commit ?? "unknown"}");

        var runs = new List<RunRecord>();
        string? failure = null;
        var clock = Stopwatch.StartNew();
        foreach (var spec in order)
        {
            var workload = workloads[spec.Workload];
            var configuration = configurations[spec.Configuration];
            long size = options.Quick ? workload.QuickSize : workload.ResolvedSize;
            var run = Measure(experiment.Key, spec, workload, size, configuration, warmup + iterations, warmup, ruchy, commit);
            options.Store?.AddRun(run);
            runs.Add(run);
            double eta = clock.Elapsed.TotalSeconds / runs.Count * (order.Count - runs.Count);
            string median = run.Samples.Any(s => !s.Warmup)
                ? (Statistics.Median(run.Samples.Where(s => !s.Warmup).Select(s => (double)s.WallNs).ToList()) / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms"
                : "-";
            progress?.WriteLine($"[{runs.Count}/{order.Count}] {workload.Name} {configuration.Label} run {spec.ProcessRun + 1}: " +
                (run.ExitCode == 0 ? $"median {median}, load {run.LoadBefore.FirstOrDefault():F2}→{run.LoadAfter.FirstOrDefault():F2}" : "FAILED: " + run.Error) +
                $" (ETA {eta:F0} s)");
            if (run.ExitCode != 0)
            {
                failure = $"{workload.Name} {configuration.Label}: {run.Error}";
                break;
            }
        }
        var comparisons = failure == null ? Analyze(runs, workloads, configurations, seed) : [];
        return new ExperimentResult(experiment, runs, comparisons, failure);
    }

    /// <summary>One comparison per workload and non-baseline configuration, on the hypothesis' metric, warmup excluded; p-values Holm-adjusted over all of them.</summary>
    public IReadOnlyList<Comparison> Analyze(IReadOnlyList<RunRecord> runs, IReadOnlyList<WorkloadSpec> workloads, IReadOnlyList<Configuration> configurations, int seed)
    {
        string metric = file.Hypothesis!.Metric;
        var baseline = configurations.First(c => c.IsBaseline);
        var result = new List<Comparison>();
        foreach (var w in workloads)
        {
            IReadOnlyList<double[]> Arm(Configuration c) => runs
                .Where(r => r.Workload == w.Name && r.Configuration == c.Label)
                .Select(r => r.Samples.Where(s => !s.Warmup).Select(s => MetricValue(s, metric)).ToArray())
                .Where(a => a.Length > 0).ToList();
            var baseRuns = Arm(baseline);
            foreach (var c in configurations.Where(c => !c.IsBaseline))
                result.Add(Statistics.Compare(w.Name, baseline.Label, c.Label, metric, baseRuns, Arm(c), file.Hypothesis.ExpectedSpeedup, seed + result.Count));
            // A seed per comparison keeps the bootstrap draws independent across workloads (the geometric-mean interval relies on it).
        }
        return Statistics.AdjustForMultipleComparisons(result);
    }

    public static double MetricValue(StoredSample s, string metric) => metric switch
    {
        "wall_time" => s.WallNs,
        "cpu_time" => s.CpuNs,
        "allocated_bytes" => s.AllocatedBytes,
        "gc_count" => s.Gen0 + s.Gen1 + s.Gen2,
        "gc_pause" => s.GcPauseNs,
        _ => throw new ArgumentException($"unknown metric '{metric}'"),
    };

    internal static RunRecord Measure(string key, RunSpec spec, WorkloadSpec workload, long size, Configuration configuration,
        int totalIterations, int warmup, IReadOnlyList<string> ruchy, string? commit)
    {
        var psi = new ProcessStartInfo(ruchy[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in ruchy.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("measure");
        psi.ArgumentList.Add(workload.FullPath);
        psi.ArgumentList.Add("--iterations");
        psi.ArgumentList.Add(totalIterations.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--size");
        psi.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
        foreach (var s in configuration.Switches)
        {
            psi.ArgumentList.Add("--switch");
            psi.ArgumentList.Add(s);
        }
        var loadBefore = LoadAverage();
        string stdout, stderr;
        int exit;
        using (var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + ruchy[0]))
        {
            var errTask = process.StandardError.ReadToEndAsync();
            stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            stderr = errTask.GetAwaiter().GetResult();
            exit = process.ExitCode;
        }
        var loadAfter = LoadAverage();

        string environment = "";
        string? error = null;
        var samples = new List<StoredSample>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (MeasureProtocol.KindOf(line))
            {
                case "environment": environment = line; break;
                case "error": error = MeasureProtocol.Read<MeasureError>(line).Message; break;
                case "sample":
                    var m = MeasureProtocol.Read<MeasureSample>(line);
                    samples.Add(new StoredSample(m.Iteration, m.Iteration < warmup, m.WallNs, m.CpuNs, m.AllocatedBytes, m.Gen0, m.Gen1, m.Gen2, m.GcPauseNs));
                    break;
            }
        }
        if (exit == 0 && samples.Count != totalIterations) error = $"expected {totalIterations} samples, got {samples.Count}";
        if (exit != 0 || error != null)
        {
            error ??= stderr.Trim() is { Length: > 0 } e ? e : $"exit code {exit}";
            if (exit == 0) exit = 1;
        }
        return new RunRecord(key, spec.Sequence, workload.Name, size, configuration.Label, spec.ProcessRun, environment, commit,
            loadBefore, loadAfter, exit, error, samples);
    }

    /// <summary>
    /// The <c>ruchy</c> command beside this assembly (the kernel's output folder, or a test folder
    /// that references it): its apphost if present, else <c>dotnet ruchy.dll</c>.
    /// </summary>
    public static IReadOnlyList<string> FindRuchy()
    {
        string dir = AppContext.BaseDirectory;
        string dll = Path.Combine(dir, "ruchy.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"cannot find ruchy.dll next to {dir}; build the kernel project", dll);
        string apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "ruchy.exe" : "ruchy");
        return File.Exists(apphost) ? [apphost] : ["dotnet", dll];
    }

    /// <summary>The 1, 5 and 15 minute load averages (empty where /proc/loadavg does not exist).</summary>
    public static double[] LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return [];
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is IOException or FormatException) { return []; }
    }

    /// <summary><c>git rev-parse HEAD</c> in <paramref name="directory"/>; null without git or outside a repository.</summary>
    public static string? GitCommit(string directory)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("rev-parse");
            psi.ArgumentList.Add("HEAD");
            using var p = Process.Start(psi);
            if (p == null) return null;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
