using System.Diagnostics;
using System.Globalization;
using Ruchy.Switches;

namespace Ruchy.Experiments.Harness;

/// <summary>How to run an experiment: the quick profile (smoke tests, CI), where results go, where progress is printed.</summary>
public sealed record RunnerOptions
{
    /// <summary>Quick profile: every workload at its quick size, at most 3 process runs × 5 iterations after 1 warmup (an adaptive rule at most 6 process runs).</summary>
    public bool Quick { get; init; }
    public ResultStore? Store { get; init; }
    public TextWriter? Progress { get; init; }
    /// <summary>Called after every process run (for a progress bar); the same line also goes to <see cref="Progress"/>.</summary>
    public Action<RunProgress>? OnRunFinished { get; init; }
    /// <summary>The command that starts <c>ruchy</c> (program and leading arguments); found next to this assembly when null.</summary>
    public IReadOnlyList<string>? Ruchy { get; init; }
}

/// <summary>Where an execution stands: <see cref="Done"/> of <see cref="Total"/> process runs stored, and the line describing the last one.</summary>
public sealed record RunProgress(int Done, int Total, string Line);

/// <summary>The outcome of an experiment: its runs (as stored) and one comparison per workload × non-baseline configuration.</summary>
public sealed record ExperimentResult(ExperimentRecord Experiment, IReadOnlyList<RunRecord> Runs, IReadOnlyList<Comparison> Comparisons, string? Failure)
{
    /// <summary>The seal of a blind execution (its comparisons here use the real configurations; show labels instead).</summary>
    public BlindSeal? Seal { get; init; }
    /// <summary>How the stopping rule ended; null when a run failed.</summary>
    public StoppingOutcome? Stopping { get; init; }
}

/// <summary>A stored execution that cannot be resumed with this file and profile (its message says what differs).</summary>
public sealed class ResumeRefusedException(string message) : InvalidOperationException(message);

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

    /// <summary>The process runs of this experiment in execution order (seeded when randomized): the same for the same file, profile and seed.</summary>
    public IReadOnlyList<RunSpec> Order()
    {
        var (processRuns, _, _) = Design;
        return RunPlan.Order(file.Workloads!.Count, file.Configurations.Count, processRuns, file.Design!.Seed!.Value, file.Design.Randomize);
    }

    /// <summary>
    /// Runs every process run of the plan as a new execution, stored under a fresh key. A blind file
    /// (<c>blind: true</c>) is sealed first: configurations get random labels that progress lines use instead of their names.
    /// </summary>
    public ExperimentResult Run()
    {
        int seed = file.Design!.Seed!.Value;
        string? commit = GitCommit(Path.GetDirectoryName(file.SourcePath)!);
        var started = DateTime.UtcNow;
        var experiment = new ExperimentRecord($"{file.Id}@{started:yyyyMMdd'T'HHmmss.fff'Z'}", file.Id!, file.Title!, file.SourcePath, file.Text, seed, options.Quick, commit, started);
        options.Store?.AddExperiment(experiment);
        BlindSeal? seal = null;
        if (file.Blind)
        {
            seal = BlindSeal.Create(experiment.Key, file.Configurations.Select(c => c.Label).ToList());
            options.Store?.AddBlindSeal(seal);
            options.Progress?.WriteLine($"{experiment.Key}: blind: configurations sealed as {string.Join(", ", seal.Mapping.Select(m => m.Label))} (commitment {seal.Commitment[..16]}…)");
        }
        return Execute(experiment, [], commit, seal);
    }

    /// <summary>
    /// Continues the stored execution <paramref name="existing"/> whose runs so far are <paramref name="done"/>
    /// (<see cref="ResultStore.GetRuns"/>): refuses (<see cref="ResumeRefusedException"/>) unless the file's text
    /// and the profile are those it started with; rebuilds the same order from the stored seed, keeps the
    /// successful runs, deletes each stored failed run from the store before running its sequence again,
    /// runs the missing ones and analyses all of them as <see cref="Run"/> does. Nothing is measured when
    /// every run is already stored and successful. With an adaptive stopping rule, the added rounds are
    /// replayed: each decision is recomputed from the same stored runs, so it comes out the same.
    /// </summary>
    public ExperimentResult Resume(ExperimentRecord existing, IReadOnlyList<RunRecord> done)
    {
        var differences = new List<string>();
        if (existing.ExperimentId != file.Id) differences.Add($"it is experiment '{existing.ExperimentId}', the file is '{file.Id}'");
        if (existing.Definition != file.Text) differences.Add($"the experiment definition (text of {file.SourcePath}) changed since it started");
        if (existing.Quick != options.Quick) differences.Add($"it ran with the {(existing.Quick ? "quick" : "full")} profile, this is the {(options.Quick ? "quick" : "full")} profile" + (existing.Quick ? " (add --quick)" : " (drop --quick)"));
        if (existing.Seed != file.Design!.Seed!.Value) differences.Add($"its seed was {existing.Seed}, the file's is {file.Design.Seed}");
        if (differences.Count > 0)
            throw new ResumeRefusedException($"cannot resume {existing.Key}: {string.Join("; ", differences)}. A changed experiment cannot be resumed; run it afresh.");
        BlindSeal? seal = null;
        if (file.Blind)
            seal = options.Store?.GetBlindSeal(existing.Key)
                ?? throw new ResumeRefusedException($"cannot resume {existing.Key}: it is blind and its seal is not in {(options.Store == null ? "a result store (none given)" : options.Store.Path)}");

        var order = Order();
        var configurations = file.Configurations;
        var workloads = file.Workloads!;
        var kept = new List<RunRecord>();
        var failed = new List<RunRecord>();
        foreach (var run in done)
        {
            // Added rounds of an adaptive rule are checked as they are replayed (their plan depends on the data).
            bool added = AdaptiveStopping != null && run.Sequence >= order.Count;
            if (run.Sequence < 0 || (run.Sequence >= order.Count && !added))
                throw new ResumeRefusedException($"cannot resume {existing.Key}: stored run {run.Sequence} is outside its plan of {order.Count} process runs");
            if (!added)
            {
                var spec = order[run.Sequence];
                if (run.Workload != workloads[spec.Workload].Name || run.Configuration != configurations[spec.Configuration].Label || run.ProcessRun != spec.ProcessRun)
                    throw new ResumeRefusedException($"cannot resume {existing.Key}: stored run {run.Sequence} ({run.Workload} {Show(seal, run.Configuration)} run {run.ProcessRun + 1}) is not the plan's " +
                        $"({workloads[spec.Workload].Name} {Show(seal, configurations[spec.Configuration].Label)} run {spec.ProcessRun + 1})");
            }
            (IsSuccessful(run) ? kept : failed).Add(run);
        }
        if (failed.Count > 0 && options.Store == null)
            throw new InvalidOperationException("resuming over failed runs needs the result store they are in");
        foreach (var run in failed)
        {
            options.Store?.DeleteRun(existing.Key, run.Sequence);
            options.Progress?.WriteLine($"{existing.Key}: removed failed run {run.Sequence + 1} ({run.Workload} {Show(seal, run.Configuration)}: {run.Error}) to run it again");
        }
        string? commit = GitCommit(Path.GetDirectoryName(file.SourcePath)!);
        if (commit != existing.GitCommit && kept.Count < order.Count)
            options.Progress?.WriteLine($"warning: {existing.Key} started at commit {existing.GitCommit ?? "unknown"}, resuming at {commit ?? "unknown"} (each run records its own commit)");
        return Execute(existing, kept, commit, seal);
    }

    /// <summary>A stored run that needs no rerun: exit code 0 and no error.</summary>
    public static bool IsSuccessful(RunRecord run) => run.ExitCode == 0 && run.Error == null;

    /// <summary>A configuration as progress lines show it: its label while the execution is blind.</summary>
    private static string Show(BlindSeal? seal, string configuration) => seal?.LabelOf(configuration) ?? configuration;

    /// <summary>The adaptive rule of the file, or null for a fixed number of process runs.</summary>
    public StoppingSpec? AdaptiveStopping => file.Design!.Stopping is { IsAdaptive: true } s ? s : null;

    /// <summary>The most process runs per configuration the adaptive rule may reach: the file's, at most 6 in the quick profile (never below the planned runs).</summary>
    public int MaxProcessRuns
    {
        get
        {
            int planned = Design.ProcessRuns;
            int max = AdaptiveStopping?.MaxProcessRuns ?? planned;
            return Math.Max(planned, options.Quick ? Math.Min(max, QuickMaxProcessRuns) : max);
        }
    }

    public const int QuickMaxProcessRuns = 6;

    /// <summary>
    /// The workloads (indices into <paramref name="workloads"/>) whose widest comparison interval has a
    /// relative half-width above <paramref name="target"/>: those the adaptive rule gives another round.
    /// </summary>
    public static IReadOnlyList<int> WorkloadsAboveTarget(IReadOnlyList<Comparison> comparisons, IReadOnlyList<string> workloads, double target)
    {
        var pending = new List<int>();
        for (int w = 0; w < workloads.Count; w++)
            if (WidestHalfWidth(comparisons, workloads[w]) > target) pending.Add(w);
        return pending;
    }

    /// <summary>The largest relative half-width over the comparisons of one workload (NaN counts as wide).</summary>
    public static double WidestHalfWidth(IReadOnlyList<Comparison> comparisons, string workload)
    {
        double widest = 0;
        foreach (var c in comparisons)
            if (c.Workload == workload) widest = double.IsNaN(c.RelativeHalfWidth) ? double.PositiveInfinity : Math.Max(widest, c.RelativeHalfWidth);
        return widest;
    }

    /// <summary>
    /// Runs each sequence of the plan not in <paramref name="done"/> (stored before the next starts); with an
    /// adaptive stopping rule, then adds rounds while a workload's interval is too wide; analyses all runs.
    /// </summary>
    private ExperimentResult Execute(ExperimentRecord experiment, IReadOnlyList<RunRecord> done, string? commit, BlindSeal? seal)
    {
        var configurations = file.Configurations;
        var workloads = file.Workloads!;
        var (processRuns, iterations, warmup) = Design;
        int seed = experiment.Seed;
        var order = Order();
        var adaptive = AdaptiveStopping;
        var stored = new Dictionary<int, RunRecord>();
        foreach (var r in done) stored[r.Sequence] = r;
        int plannedTodo = order.Count(s => !stored.ContainsKey(s.Sequence));
        var progress = options.Progress;
        progress?.WriteLine($"{experiment.Key}: {order.Count} process runs ({workloads.Count} workloads × {configurations.Count} configurations × {processRuns}), {warmup}+{iterations} iterations each, seed {seed}, commit {commit ?? "unknown"}" +
            (adaptive != null ? string.Format(CultureInfo.InvariantCulture, "; adaptive stopping: more rounds until every ratio interval is within ±{0:0.##}% or {1} process runs", adaptive.CiHalfWidth * 100, MaxProcessRuns) : "") +
            (done.Count > 0 ? $"; resuming: {done.Count} stored, {plannedTodo} to run" : ""));

        var runs = new List<RunRecord>();
        string? failure = null;
        var clock = Stopwatch.StartNew();
        int measured = 0, total = order.Count, toMeasure = plannedTodo;

        // Runs (or, when stored, takes) each spec in turn; false after the first failed run.
        bool RunAll(IReadOnlyList<RunSpec> specs)
        {
            foreach (var spec in specs)
            {
                var workload = workloads[spec.Workload];
                var configuration = configurations[spec.Configuration];
                if (stored.Remove(spec.Sequence, out var kept))
                {
                    if (kept.Workload != workload.Name || kept.Configuration != configuration.Label || kept.ProcessRun != spec.ProcessRun)
                        throw new ResumeRefusedException($"cannot resume {experiment.Key}: stored run {kept.Sequence} ({kept.Workload} {Show(seal, kept.Configuration)} run {kept.ProcessRun + 1}) is not the replayed plan's " +
                            $"({workload.Name} {Show(seal, configuration.Label)} run {spec.ProcessRun + 1})");
                    runs.Add(kept);
                    continue;
                }
                var run = MeasureRun(experiment.Key, spec, configuration, commit, Show(seal, configuration.Label), runs.Count + 1, total,
                    () => clock.Elapsed.TotalSeconds / (measured + 1) * Math.Max(0, toMeasure - measured - 1));
                runs.Add(run);
                measured++;
                if (run.ExitCode != 0)
                {
                    failure = $"{workload.Name} {Show(seal, configuration.Label)}: {run.Error}";
                    return false;
                }
            }
            return true;
        }

        StoppingOutcome? stopping = null;
        if (RunAll(order) && adaptive != null)
        {
            double target = adaptive.CiHalfWidth!.Value;
            int max = MaxProcessRuns, round = processRuns, added = 0;
            var names = workloads.Select(w => w.Name).ToList();
            while (true)
            {
                var sofar = Analyze(Sorted(runs), workloads, configurations, seed);
                var pending = WorkloadsAboveTarget(sofar, names, target);
                double widest = names.Select(n => WidestHalfWidth(sofar, n)).DefaultIfEmpty(0).Max();
                if (pending.Count == 0 || round >= max)
                {
                    stopping = new StoppingOutcome(adaptive.Describe(), true, pending.Count == 0, round, widest, added);
                    progress?.WriteLine($"{experiment.Key}: stopping rule: {stopping.Describe()}");
                    break;
                }
                var block = RunPlan.Round(pending, configurations.Count, round, total, seed, file.Design!.Randomize);
                progress?.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: {1} of {2} workloads above ±{3:0.##}% after {4} process runs (widest ±{5:0.##}%): adding round {6}",
                    experiment.Key, pending.Count, names.Count, target * 100, round, widest * 100, round + 1));
                total += block.Count;
                toMeasure += block.Count(s => !stored.ContainsKey(s.Sequence));
                if (!RunAll(block)) break;
                round++;
                added++;
            }
        }
        if (failure == null && stored.Count > 0)
            throw new ResumeRefusedException($"cannot resume {experiment.Key}: stored runs {string.Join(", ", stored.Keys.Order())} are not in the replayed plan (the stopping decisions came out differently)");
        runs = Sorted(runs);
        var comparisons = failure == null ? Analyze(runs, workloads, configurations, seed) : [];
        if (failure == null)
        {
            stopping ??= new StoppingOutcome("fixed", false, true, processRuns,
                workloads.Select(w => WidestHalfWidth(comparisons, w.Name)).DefaultIfEmpty(0).Max(), 0);
            options.Store?.SetStopping(experiment.Key, stopping);
        }
        return new ExperimentResult(experiment, runs, comparisons, failure) { Seal = seal, Stopping = stopping };
    }

    private IReadOnlyList<string>? _ruchy;

    /// <summary>
    /// Measures one process run, stores it before anything else happens (crash safety), and reports it
    /// as progress line <paramref name="position"/> of <paramref name="total"/>; <paramref name="label"/> is
    /// how the configuration is shown (a blind label while sealed). The A/A calibration uses it too.
    /// </summary>
    internal RunRecord MeasureRun(string experimentKey, RunSpec spec, Configuration configuration, string? commit, string label, int position, int total, Func<double> etaSeconds)
    {
        var workload = file.Workloads![spec.Workload];
        var (_, iterations, warmup) = Design;
        _ruchy ??= options.Ruchy ?? FindRuchy();
        long size = options.Quick ? workload.QuickSize : workload.ResolvedSize;
        var run = Measure(experimentKey, spec, workload, size, configuration, warmup + iterations, warmup, _ruchy, commit, file.Switches);
        options.Store?.AddRun(run);
        string median = run.Samples.Any(s => !s.Warmup)
            ? (Statistics.Median(run.Samples.Where(s => !s.Warmup).Select(s => (double)s.WallNs).ToList()) / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms"
            : "-";
        string line = $"[{position}/{total}] {workload.Name} {label} run {spec.ProcessRun + 1}: " +
            (run.ExitCode == 0 ? $"median {median}, load {run.LoadBefore.FirstOrDefault():F2}→{run.LoadAfter.FirstOrDefault():F2}" : "FAILED: " + run.Error) +
            $" (ETA {etaSeconds():F0} s)";
        options.Progress?.WriteLine(line);
        options.OnRunFinished?.Invoke(new RunProgress(position, total, line));
        return run;
    }

    private static List<RunRecord> Sorted(List<RunRecord> runs)
    {
        var sorted = new List<RunRecord>(runs);
        sorted.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return sorted;
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

    /// <summary>
    /// One fresh <c>ruchy measure</c> process: the configuration's switches (and the fixed ones) on its
    /// command line, host switches in its environment.
    /// </summary>
    internal static RunRecord Measure(string key, RunSpec spec, WorkloadSpec workload, long size, Configuration configuration,
        int totalIterations, int warmup, IReadOnlyList<string> ruchy, string? commit, IReadOnlyList<string>? fixedSwitches = null)
    {
        var psi = new ProcessStartInfo(ruchy[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in ruchy.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("measure");
        psi.ArgumentList.Add(workload.FullPath);
        psi.ArgumentList.Add("--iterations");
        psi.ArgumentList.Add(totalIterations.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--size");
        psi.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
        foreach (var s in fixedSwitches is null ? configuration.Switches : fixedSwitches.Concat(configuration.Switches))
        {
            if (SwitchRegistry.IsHostSwitch(s))
            {
                var (variable, value) = SwitchRegistry.HostEnvironment(s);
                psi.Environment[variable] = value;
                continue;
            }
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
