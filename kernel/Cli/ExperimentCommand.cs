using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy experiment run|validate FILE</c>, <c>ruchy experiment report|export|decide|unblind RUN-ID</c>, <c>ruchy experiment list</c>, <c>ruchy experiment calibrate FILE</c>: controlled, out-of-process experiments over run-time switches.</summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var cmd = new Command("experiment", "Controlled experiments (experiments/*.yaml): switches as factors or named arms, one fresh process per run,\nrandomized interleaved order, Hodges-Lehmann ratios with bootstrap intervals and Mann-Whitney tests.");
        cmd.Subcommands.Add(CreateRun());
        cmd.Subcommands.Add(CreateValidate());
        cmd.Subcommands.Add(CreateReport());
        cmd.Subcommands.Add(CreateList());
        cmd.Subcommands.Add(CreateExport());
        cmd.Subcommands.Add(CreateCalibrate());
        cmd.Subcommands.Add(CreateDecide());
        cmd.Subcommands.Add(CreateUnblind());
        return cmd;
    }

    private static Command CreateDecide()
    {
        var id = new Argument<string>("run-id") { Description = "A stored blind run (id@timestamp, see `list`), or an experiment id for its latest run" };
        var verdict = new Option<string>("--verdict") { Description = "The analyst's verdict on the hypothesis, made while blind", HelpName = "supported|refuted|inconclusive", Required = true };
        verdict.AcceptOnlyFromAmong([.. BlindSeal.Verdicts]);
        var by = new Option<string?>("--by") { Description = "Who decides (default: $USER)", HelpName = "NAME" };
        var note = new Option<string?>("--note") { Description = "Why, in a sentence (kept with the decision)", HelpName = "TEXT" };
        var store = StoreOption();
        var cmd = new Command("decide", "Record the analyst's verdict on a blind run before the configurations are revealed (once per run).")
        {
            id, verdict, by, note, store,
        };
        cmd.SetAction(parse =>
        {
            using var results = OpenExistingStore("decide", parse.GetValue(store));
            if (results == null) return 1;
            string who = parse.GetValue(by) ?? Environment.GetEnvironmentVariable("USER") ?? Environment.UserName;
            try
            {
                var seal = Blinding.Decide(results, parse.GetValue(id)!, parse.GetValue(verdict)!, who, parse.GetValue(note), DateTime.UtcNow);
                Console.WriteLine($"{seal.ExperimentKey}: decided {seal.Verdict} by {seal.DecidedBy} at {seal.DecidedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC while blind");
                Console.WriteLine($"reveal the configurations with: ruchy experiment unblind {seal.ExperimentKey}");
                return 0;
            }
            catch (BlindingException e)
            {
                Console.Error.WriteLine($"ruchy experiment decide: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    private static Command CreateUnblind()
    {
        var id = new Argument<string>("run-id") { Description = "A stored blind run (id@timestamp, see `list`), or an experiment id for its latest run" };
        var store = StoreOption();
        var cmd = new Command("unblind", "Reveal which configuration each label of a blind run stands for: only after `decide`, and only when the\nstored mapping still matches the commitment made when the run started.")
        {
            id, store,
        };
        cmd.SetAction(parse =>
        {
            using var results = OpenExistingStore("unblind", parse.GetValue(store));
            if (results == null) return 1;
            try
            {
                var seal = Blinding.Unblind(results, parse.GetValue(id)!, DateTime.UtcNow);
                var ic = CultureInfo.InvariantCulture;
                var definition = results.GetExperiment(seal.ExperimentKey)!;
                var baseline = A3Report.BaselineConfiguration(definition);
                Console.WriteLine($"{seal.ExperimentKey}: commitment {seal.Commitment} verified");
                foreach (var m in seal.Mapping)
                    Console.WriteLine($"  {m.Label} = {m.Configuration}{(m.Configuration == baseline ? " (baseline)" : "")}");
                Console.WriteLine($"decided {seal.Verdict} by {seal.DecidedBy} at {seal.DecidedAt?.ToString("yyyy-MM-dd HH:mm:ss", ic)} UTC; unblinded at {seal.UnblindedAt?.ToString("yyyy-MM-dd HH:mm:ss", ic)} UTC");
                var report = A3Report.Write(results, seal.ExperimentKey);
                Console.WriteLine($"report: {report.Markdown}");
                return 0;
            }
            catch (BlindingException e)
            {
                Console.Error.WriteLine($"ruchy experiment unblind: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    private static Command CreateValidate()
    {
        var file = CommandLine.FileArgument("The experiment file (.yaml)");
        var cmd = new Command("validate", "Check an experiment file: keys, switches and levels, workload files and sizes, design.") { file };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!TryLoad(f.ToString(), out var experiment)) return 1;
            var configurations = experiment.Configurations;
            Console.WriteLine($"{f}: ok: {experiment.Id}: {experiment.Workloads!.Count} workloads × {configurations.Count} configurations ({string.Join(", ", configurations.Select(c => c.Label + (experiment.Arms != null ? $" [{string.Join(" ", c.Switches)}]" : "") + (c.IsBaseline ? " (baseline)" : "")))}) × {experiment.Design!.ProcessRuns} process runs" +
                (experiment.Design.Stopping is { IsAdaptive: true } stop ? $"; stopping: {stop.Describe()}" : "") +
                (experiment.Blind ? "; blind: configurations are sealed under random labels when it runs" : ""));
            return 0;
        });
        return cmd;
    }

    private static Command CreateRun()
    {
        var file = CommandLine.FileArgument("The experiment file (.yaml)");
        var quick = new Option<bool>("--quick") { Description = "Smoke-test profile: quick sizes, at most 3 process runs × 5 iterations after 1 warmup" };
        var store = StoreOption();
        var resume = new Option<string?>("--resume")
        {
            Description = "Continue an interrupted execution (after FILE): the given run key, else the latest stored execution of the file's\nexperiment with this profile; runs only the missing or failed process runs, refuses if the file changed",
            HelpName = "RUN-KEY",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var cmd = new Command("run", "Run an experiment: every workload × configuration × process run in a seeded interleaved order,\none `ruchy measure` process each, then a table of ratios against the baseline with verdicts.")
        {
            file,
            quick,
            store,
            resume,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!TryLoad(f.ToString(), out var experiment)) return 1;
            string storePath = parse.GetValue(store) ?? ResultStore.DefaultPathFor(experiment.SourcePath);
            bool resuming = parse.GetResult(resume) != null;
            bool isQuick = parse.GetValue(quick);
            if (resuming && !File.Exists(storePath))
            {
                Console.Error.WriteLine($"ruchy experiment run: no results database at {storePath} to resume from");
                return 1;
            }
            using var results = new ResultStore(storePath);
            var options = new RunnerOptions { Quick = isQuick, Store = results, Progress = Console.Out };
            string? key = parse.GetValue(resume);
            ExperimentResult? result = null;
            int exit;
            if (ShowProgressBar)
            {
                // A live bar on a terminal; redirected output (CI, notebooks, logs) keeps plain lines.
                exit = 1;
                AnsiConsole.Progress().AutoClear(true).HideCompleted(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(experiment.Id!), maxValue: new ExperimentRunner(experiment, options).Order().Count);
                        var withBar = options with
                        {
                            Progress = null,
                            OnRunFinished = p =>
                            {
                                AnsiConsole.WriteLine(p.Line);
                                task.MaxValue = p.Total; // an adaptive stopping rule adds rounds
                                task.Value = p.Done;
                            },
                        };
                        exit = RunOrResume(new ExperimentRunner(experiment, withBar), results, experiment, resuming, key, isQuick, out result);
                    });
            }
            else exit = RunOrResume(new ExperimentRunner(experiment, options), results, experiment, resuming, key, isQuick, out result);
            if (exit != 0 || result == null) return exit;
            Console.WriteLine($"stored as {result.Experiment.Key} in {results.Path}");
            if (result.Failure != null)
            {
                Console.Error.WriteLine($"ruchy experiment: a run failed, no analysis: {result.Failure}");
                return 1;
            }
            Console.WriteLine();
            Console.WriteLine($"hypothesis: {experiment.Hypothesis!.Text?.Trim()}" + (experiment.Hypothesis.ExpectedSpeedup is double s ? $" (expected speedup ≥ {s.ToString(CultureInfo.InvariantCulture)}x on {experiment.Hypothesis.Metric})" : ""));
            if (result.Seal != null)
            {
                // The runner's comparisons name the configurations; a blind run shows the report's labelled ones.
                Console.WriteLine($"blind: configurations shown as {string.Join(", ", result.Seal.Mapping.Select(m => m.Label))}, each against X; verdict withheld until unblinded");
                Console.Write(Table(A3Report.DisplayedComparisons(results, result.Experiment.Key, out bool withheld), withheld));
            }
            else Console.Write(Table(result.Comparisons));
            if (result.Stopping is { Adaptive: true } stopping) Console.WriteLine($"stopping rule: {stopping.Describe()}");
            var report = A3Report.Write(results, result.Experiment.Key);
            Console.WriteLine();
            Console.WriteLine($"report: {report.Markdown}");
            return 0;
        });
        return cmd;
    }

    private static bool ShowProgressBar => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A fresh execution, or the resumption of a stored one (<paramref name="key"/>, else the latest of the same profile); 0 when it ran.</summary>
    private static int RunOrResume(ExperimentRunner runner, ResultStore results, ExperimentFile experiment, bool resuming, string? key, bool isQuick, out ExperimentResult? result)
    {
        result = null;
        if (!resuming)
        {
            result = runner.Run();
            return 0;
        }
        var existing = key != null ? results.FindExperiment(key) : results.LatestExecution(experiment.Id!, isQuick);
        if (existing == null)
        {
            Console.Error.WriteLine(key != null
                ? $"ruchy experiment run: no stored run '{key}' in {results.Path}"
                : $"ruchy experiment run: no stored {(isQuick ? "quick" : "full")} execution of '{experiment.Id}' in {results.Path} to resume" +
                  (results.LatestExecution(experiment.Id!) is { } other ? $" (there is {other.Key}, with the {(other.Quick ? "quick" : "full")} profile)" : ""));
            return 1;
        }
        var done = results.GetRuns(existing.Key);
        try { result = runner.Resume(existing, done); }
        catch (ResumeRefusedException e)
        {
            Console.Error.WriteLine($"ruchy experiment run: {e.Message}");
            return 1;
        }
        if (done.Count(ExperimentRunner.IsSuccessful) == result.Runs.Count && result.Failure == null)
            Console.WriteLine($"{existing.Key} is already complete ({done.Count} process runs): nothing measured");
        return 0;
    }

    private static Command CreateCalibrate()
    {
        var file = CommandLine.FileArgument("The experiment file (.yaml) whose baseline, workloads and design are used");
        var quick = new Option<bool>("--quick") { Description = "Quick sizes and at most 5 iterations after 1 warmup per process" };
        var runs = new Option<int>("--runs") { Description = "Process runs of the baseline per workload (split into two arms of half each)", DefaultValueFactory = _ => 20 };
        var splits = new Option<int>("--splits") { Description = "Random A/A splits analysed per workload", DefaultValueFactory = _ => 200 };
        var store = StoreOption();
        var cmd = new Command("calibrate", "A/A calibration: run the baseline in many fresh processes, split them into two arms at random many times\nand report how often the experiment's own test calls a difference (its false-positive rate) against alpha.")
        {
            file, quick, runs, splits, store,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!TryLoad(f.ToString(), out var experiment)) return 1;
            int processRuns = parse.GetValue(runs), splitCount = parse.GetValue(splits);
            if (processRuns < 4 || splitCount < 1)
            {
                Console.Error.WriteLine("ruchy experiment calibrate: --runs must be at least 4 and --splits at least 1");
                return 1;
            }
            using var results = new ResultStore(parse.GetValue(store) ?? ResultStore.DefaultPathFor(experiment.SourcePath));
            // The baseline's own times would tell which label it is in a blind execution still under analysis.
            if (results.Summaries().FirstOrDefault(x => x.ExperimentId == experiment.Id && x.Blind is "sealed" or "decided") is { } sealedRun)
            {
                Console.Error.WriteLine($"ruchy experiment calibrate: {sealedRun.Key} is still blind ({sealedRun.Blind}); calibrating now would show the baseline's times and unblind it. " +
                    $"Decide and unblind it first (ruchy experiment decide|unblind {sealedRun.Key}), or calibrate before a blind run.");
                return 1;
            }
            var options = new RunnerOptions { Quick = parse.GetValue(quick), Store = results, Progress = Console.Out };
            IReadOnlyList<CalibrationResult> outcome;
            try { outcome = Calibration.Run(experiment, options, processRuns, splitCount); }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"ruchy experiment calibrate: a run failed: {e.Message}");
                return 1;
            }
            var ic = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"{"workload",-24} {"runs",5} {"splits",7} {"false positives [95% CI]",-28} {"p<alpha alone",14}  alpha {Statistics.DefaultAlpha.ToString(ic)}");
            foreach (var r in outcome)
            {
                var (low, high) = r.RateInterval;
                Console.WriteLine(string.Format(ic, "{0,-24} {1,5} {2,7} {3,-28} {4,14:P1}  {5}", r.Workload, r.ProcessRuns, r.Splits,
                    string.Format(ic, "{0:P1} [{1:P1}, {2:P1}]", r.Rate, low, high), r.PValueOnlyRate,
                    low > r.Alpha ? "too many: the test is anti-conservative here" : "ok"));
            }
            return 0;
        });
        return cmd;
    }

    private static Command CreateReport()
    {
        var id = new Argument<string>("run-id") { Description = "A stored run as printed by `run` after \"stored as\" (id@timestamp), or an experiment id for its latest run" };
        var store = StoreOption();
        var output = new Option<string?>("--out") { Description = "The report folder (default: reports/<experiment-id> beside the database)", HelpName = "DIR" };
        var cmd = new Command("report", "Write the A3 report of a stored run (report.md, wall-times.png, speedup.png) from the stored samples only;\nnothing is measured again.")
        {
            id,
            store,
            output,
        };
        cmd.SetAction(parse =>
        {
            using var results = OpenExistingStore("report", parse.GetValue(store));
            if (results == null) return 1;
            try
            {
                var report = A3Report.Write(results, parse.GetValue(id)!, parse.GetValue(output));
                Console.WriteLine($"report: {report.Markdown}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                Console.Error.WriteLine($"ruchy experiment report: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    private static Command CreateList()
    {
        var store = StoreOption();
        var cmd = new Command("list", "List the stored runs, newest first: key, experiment id, start time (UTC), profile, process runs, failed runs,\nblind state (sealed, decided, unblinded; - when not blind), git commit.")
        {
            store,
        };
        cmd.SetAction(parse =>
        {
            using var results = OpenExistingStore("list", parse.GetValue(store));
            if (results == null) return 1;
            var summaries = results.Summaries();
            if (summaries.Count == 0)
            {
                Console.WriteLine($"no experiments in {results.Path}");
                return 0;
            }
            int keyWidth = Math.Max(3, summaries.Max(s => s.Key.Length));
            int idWidth = Math.Max(10, summaries.Max(s => s.ExperimentId.Length));
            Console.WriteLine($"{"key".PadRight(keyWidth)}  {"experiment".PadRight(idWidth)}  {"started (UTC)",-19}  {"profile",-7}  {"runs",5}  {"failed",6}  {"blind",-9}  commit");
            foreach (var s in summaries)
                Console.WriteLine($"{s.Key.PadRight(keyWidth)}  {s.ExperimentId.PadRight(idWidth)}  {s.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19}  {(s.Quick ? "quick" : "full"),-7}  {s.Runs,5}  {s.FailedRuns,6}  {s.Blind ?? "-",-9}  {(s.GitCommit is { Length: > 0 } c ? c[..Math.Min(8, c.Length)] : "-")}");
            return 0;
        });
        return cmd;
    }

    private static Command CreateExport()
    {
        var id = new Argument<string>("run-id") { Description = "A stored run (id@timestamp, see `list`), or an experiment id for its latest run" };
        var format = new Option<string>("--format") { Description = "The file format", HelpName = "csv|parquet", Required = true };
        format.AcceptOnlyFromAmong(ResultStore.ExportFormats);
        var store = StoreOption();
        var output = new Option<string?>("--out") { Description = "The output folder (default: exports/<run-key> beside the database)", HelpName = "DIR" };
        var cmd = new Command("export", "Export a stored run's rows (experiments, runs, samples: one file each) as CSV or Parquet;\na blind run not yet unblinded exports labels instead of configurations.")
        {
            id,
            format,
            store,
            output,
        };
        cmd.SetAction(parse =>
        {
            using var results = OpenExistingStore("export", parse.GetValue(store));
            if (results == null) return 1;
            string keyOrId = parse.GetValue(id)!;
            if (results.FindExperiment(keyOrId) is not { } experiment)
            {
                Console.Error.WriteLine($"ruchy experiment export: no stored run or experiment '{keyOrId}' in {results.Path}");
                return 1;
            }
            string dir = parse.GetValue(output) ?? ResultStore.DefaultExportDirectory(results, experiment.Key);
            foreach (var file in results.Export(experiment.Key, parse.GetValue(format)!, dir))
                Console.WriteLine(file);
            return 0;
        });
        return cmd;
    }

    /// <summary>The comparison table: medians of both arms, the ratio with its interval, p-value, verdict and the hypothesis' verdict.</summary>
    public static string Table(IReadOnlyList<Comparison> comparisons, bool verdictWithheld = false)
    {
        var sb = new System.Text.StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.AppendLine($"{"workload",-24} {"configuration",-20} {"base median",12} {"median",12} {"ratio [95% CI]",-24} {"speedup",8} {"p (Holm)",9}  verdict / hypothesis");
        foreach (var c in comparisons)
        {
            string unit = c.Metric is "wall_time" or "cpu_time" or "gc_pause" ? "ms" : "";
            double scale = unit == "ms" ? 1e6 : 1;
            string ci = string.Format(ic, "{0:F3} [{1:F3}, {2:F3}]", c.Ratio, c.CiLow, c.CiHigh);
            sb.AppendLine(string.Format(ic, "{0,-24} {1,-20} {2,12} {3,12} {4,-24} {5,7:F2}x {6,9}  {7} / {8}",
                c.Workload, c.Treatment, (c.BaselineMedian / scale).ToString("F2", ic) + unit, (c.TreatmentMedian / scale).ToString("F2", ic) + unit,
                ci, c.Speedup, c.AdjustedPText, Describe(c.Verdict), verdictWithheld ? "withheld" : c.Hypothesis.ToString().ToLowerInvariant()));
        }
        if (comparisons.Count > 1 && Statistics.GeometricMean(comparisons) is { } g)
            sb.AppendLine(string.Format(ic, "geometric mean over {0} comparisons: ratio {1:F3} [{2:F3}, {3:F3}], speedup {4:F2}x", g.Count, g.Ratio, g.CiLow, g.CiHigh, g.Speedup));
        return sb.ToString();
    }

    private static string Describe(Verdict v) => v switch
    {
        Verdict.Faster => "faster",
        Verdict.Slower => "slower",
        _ => "no detectable difference",
    };

    private static bool TryLoad(string path, out ExperimentFile experiment)
    {
        try
        {
            experiment = ExperimentFile.Load(path);
            return true;
        }
        catch (ExperimentFileException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine(error);
            experiment = null!;
            return false;
        }
    }

    /// <summary>results/ruchy-lab.duckdb in the repository holding the experiment file (the folder with Ruchy.sln), else in the current folder.</summary>
    private static Option<string?> StoreOption() =>
        new("--store") { Description = "The results database (default: results/ruchy-lab.duckdb in the repository)", HelpName = "PATH" };

    /// <summary>
    /// The store a reading command works on (given, else the default found from the working folder);
    /// null after an error when it does not exist, as opening a missing path would create an empty database.
    /// </summary>
    private static ResultStore? OpenExistingStore(string command, string? path)
    {
        string storePath = path ?? ResultStore.DefaultPathFor(Path.Combine(Directory.GetCurrentDirectory(), "."));
        if (File.Exists(storePath)) return new ResultStore(storePath);
        Console.Error.WriteLine($"ruchy experiment {command}: no results database at {storePath}");
        return null;
    }
}
