using System.CommandLine;
using System.Globalization;
using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy experiment run|validate FILE</c>, <c>ruchy experiment report RUN-ID</c>: controlled, out-of-process experiments over run-time switches.</summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var cmd = new Command("experiment", "Controlled experiments (experiments/*.yaml): switches as factors, one fresh process per run,\nrandomized interleaved order, Hodges-Lehmann ratios with bootstrap intervals and Mann-Whitney tests.");
        cmd.Subcommands.Add(CreateRun());
        cmd.Subcommands.Add(CreateValidate());
        cmd.Subcommands.Add(CreateReport());
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
            var configurations = RunPlan.Configurations(experiment.Factors!);
            Console.WriteLine($"{f}: ok: {experiment.Id}: {experiment.Workloads!.Count} workloads × {configurations.Count} configurations ({string.Join(", ", configurations.Select(c => c.Label + (c.IsBaseline ? " (baseline)" : "")))}) × {experiment.Design!.ProcessRuns} process runs");
            return 0;
        });
        return cmd;
    }

    private static Command CreateRun()
    {
        var file = CommandLine.FileArgument("The experiment file (.yaml)");
        var quick = new Option<bool>("--quick") { Description = "Smoke-test profile: quick sizes, at most 3 process runs × 5 iterations after 1 warmup" };
        var store = new Option<string?>("--store") { Description = "The results database (default: results/ruchy-lab.duckdb in the repository)", HelpName = "PATH" };
        var cmd = new Command("run", "Run an experiment: every workload × configuration × process run in a seeded interleaved order,\none `ruchy measure` process each, then a table of ratios against the baseline with verdicts.")
        {
            file,
            quick,
            store,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!TryLoad(f.ToString(), out var experiment)) return 1;
            string storePath = parse.GetValue(store) ?? DefaultStore(experiment.SourcePath);
            using var results = new ResultStore(storePath);
            var runner = new ExperimentRunner(experiment, new RunnerOptions { Quick = parse.GetValue(quick), Store = results, Progress = Console.Out });
            var result = runner.Run();
            Console.WriteLine($"stored as {result.Experiment.Key} in {results.Path}");
            if (result.Failure != null)
            {
                Console.Error.WriteLine($"ruchy experiment: a run failed, no analysis: {result.Failure}");
                return 1;
            }
            Console.WriteLine();
            Console.WriteLine($"hypothesis: {experiment.Hypothesis!.Text?.Trim()}" + (experiment.Hypothesis.ExpectedSpeedup is double s ? $" (expected speedup ≥ {s.ToString(CultureInfo.InvariantCulture)}x on {experiment.Hypothesis.Metric})" : ""));
            Console.Write(Table(result.Comparisons));
            var report = A3Report.Write(results, result.Experiment.Key);
            Console.WriteLine();
            Console.WriteLine($"report: {report.Markdown}");
            return 0;
        });
        return cmd;
    }

    private static Command CreateReport()
    {
        var id = new Argument<string>("run-id") { Description = "A stored run as printed by `run` after \"stored as\" (id@timestamp), or an experiment id for its latest run" };
        var store = new Option<string?>("--store") { Description = "The results database (default: results/ruchy-lab.duckdb in the repository)", HelpName = "PATH" };
        var output = new Option<string?>("--out") { Description = "The report folder (default: reports/<experiment-id> beside the database)", HelpName = "DIR" };
        var cmd = new Command("report", "Write the A3 report of a stored run (report.md, wall-times.png, speedup.png) from the stored samples only;\nnothing is measured again.")
        {
            id,
            store,
            output,
        };
        cmd.SetAction(parse =>
        {
            string storePath = parse.GetValue(store) ?? DefaultStore(Path.Combine(Directory.GetCurrentDirectory(), "."));
            if (!File.Exists(storePath))
            {
                Console.Error.WriteLine($"ruchy experiment report: no results database at {storePath}");
                return 1;
            }
            using var results = new ResultStore(storePath);
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

    /// <summary>The comparison table: medians of both arms, the ratio with its interval, p-value, verdict and the hypothesis' verdict.</summary>
    public static string Table(IReadOnlyList<Comparison> comparisons)
    {
        var sb = new System.Text.StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.AppendLine($"{"workload",-24} {"level",-20} {"base median",12} {"median",12} {"ratio [95% CI]",-24} {"speedup",8} {"p",9}  verdict / hypothesis");
        foreach (var c in comparisons)
        {
            string unit = c.Metric is "wall_time" or "cpu_time" or "gc_pause" ? "ms" : "";
            double scale = unit == "ms" ? 1e6 : 1;
            string ci = string.Format(ic, "{0:F3} [{1:F3}, {2:F3}]", c.Ratio, c.CiLow, c.CiHigh);
            sb.AppendLine(string.Format(ic, "{0,-24} {1,-20} {2,12} {3,12} {4,-24} {5,7:F2}x {6,9:G3}  {7} / {8}",
                c.Workload, c.Treatment, (c.BaselineMedian / scale).ToString("F2", ic) + unit, (c.TreatmentMedian / scale).ToString("F2", ic) + unit,
                ci, c.Speedup, c.PValue, Describe(c.Verdict), c.Hypothesis.ToString().ToLowerInvariant()));
        }
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
    private static string DefaultStore(string experimentPath)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(experimentPath)!); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ruchy.sln"))) return Path.Combine(dir.FullName, "results", "ruchy-lab.duckdb");
        return Path.Combine("results", "ruchy-lab.duckdb");
    }
}
