using System.CommandLine;
using Ruchy.Execution;
using Ruchy.Experiments.Measurement;
using Ruchy.Experiments.Workloads;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy bench PATH...</c>: runs workload programs (a file, a suite folder, or the whole datasets
/// folder) at their manifest size and reports wall times, measured as <c>ruchy measure</c> measures an
/// iteration (compiled once, <see cref="TimingLoop"/>). A quick look, in process; controlled experiments
/// with statistics are the harness's job.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Program files or folders (e.g. datasets/awfy)", Arity = ArgumentArity.OneOrMore };
        var engine = CommandLine.EngineOption();
        var switches = CommandLine.SwitchOption();
        var size = new Option<string>("--size") { Description = "Problem size from the manifest: quick or default", DefaultValueFactory = _ => "default" };
        size.AcceptOnlyFromAmong("quick", "default");
        var runs = new Option<int>("--runs") { Description = "Measured runs per program (after one warm-up run)", DefaultValueFactory = _ => 3 };
        var cmd = new Command("bench", "Run workload programs at their manifest size (quick or default) and print wall times per program:\nminimum and median of the measured runs after a warm-up run, with the host JIT settings.\nEach program is compiled once and its runs are timed as `ruchy measure` times an iteration (output discarded).")
        {
            paths,
            engine,
            switches,
            size,
            runs,
        };
        cmd.SetAction(parse =>
        {
            if (!CommandLine.TryBuildOptions(parse.GetValue(engine), parse.GetValue(switches), out var options)) return 2;
            var files = new List<string>();
            foreach (var p in parse.GetValue(paths)!)
            {
                if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.ruchy", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                else if (File.Exists(p)) files.Add(p);
                else
                {
                    Console.Error.WriteLine($"ruchy bench: no such file or folder '{p}'");
                    return 1;
                }
            }
            bool quick = parse.GetValue(size) == "quick";
            int n = Math.Max(1, parse.GetValue(runs));
            Console.WriteLine($"{options.Describe(SwitchDomain.Ruchy)}, size {(quick ? "quick" : "default")}, {n} runs after 1 warm-up");
            Console.WriteLine(HostSettings());
            Console.WriteLine($"{"program",-44} {"size",8} {"min ms",10} {"median ms",10}  result");
            int failures = 0;
            // One large-stack thread for every run, as in `ruchy measure`: a thread start per run would be timed.
            using var worker = new LargeStackWorker("ruchy bench");
            foreach (var file in files)
            {
                string code = SourceFile.ReadText(file);
                long programSize = 0;
                var manifestPath = WorkloadManifest.Find(file);
                if (manifestPath != null)
                {
                    var manifest = WorkloadManifest.Load(manifestPath);
                    var full = Path.GetFullPath(file);
                    var entry = manifest.Programs.FirstOrDefault(e => Path.GetFullPath(manifest.FullPath(e)) == full);
                    if (entry != null)
                    {
                        programSize = quick ? entry.QuickSize : entry.DefaultSize;
                        code = WorkloadManifest.WithSize(code, programSize);
                    }
                }
                var (times, last, ok) = Time(RuchyEngine.Compile(SourceText.From(code, Path.GetFileName(file))), options, worker, n);
                if (!ok) failures++;
                string min = times.Count > 0 ? times[0].ToString("F1") : "-";
                string median = times.Count > 0 ? times[times.Count / 2].ToString("F1") : "-";
                Console.WriteLine($"{Path.GetRelativePath(".", file),-44} {(programSize > 0 ? programSize.ToString() : "-"),8} {min,10} {median,10}  {last}");
            }
            return failures == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>
    /// One warm-up run that keeps the program's last output line (the result column), then <paramref name="runs"/>
    /// runs timed by <see cref="TimingLoop"/> exactly as <c>ruchy measure</c> times its iterations (output discarded).
    /// The times are sorted milliseconds; empty when the program fails.
    /// </summary>
    private static (List<double> Times, string Last, bool Ok) Time(CompileResult compiled, RunOptions options, LargeStackWorker worker, int runs)
    {
        var times = new List<double>(runs);
        if (compiled.HasErrors)
            return (times, "FAILED: " + compiled.Diagnostics.First(d => d.IsError), false);
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var warmup = RuchyEngine.Run(compiled, stdout, stderr, options, worker);
        if (warmup.ExitCode != 0) return (times, "FAILED: " + stderr.ToString().Split('\n')[0], false);
        var run = new CompiledProgramRun(compiled, options, worker, TextWriter.Null);
        var timing = TimingLoop.Run(run, runs);
        if (timing.Failed) return (times, "FAILED: " + run.Stderr.Split('\n')[0], false);
        foreach (var sample in timing.Samples) times.Add(sample.WallNs / 1e6);
        times.Sort();
        return (times, stdout.ToString().Trim().Split('\n')[^1], true);
    }

    /// <summary>The .NET settings that change how the interpreter itself is compiled (recorded with every measurement).</summary>
    public static string HostSettings()
    {
        static string Setting(string name, string env) =>
            Environment.GetEnvironmentVariable(env) ?? AppContext.GetData(name)?.ToString() ?? "default";
        return $"host: .NET {Environment.Version}, {Environment.ProcessorCount} cores, TieredCompilation {Setting("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation")}, " +
               $"TieredPGO {Setting("System.Runtime.TieredPGO", "DOTNET_TieredPGO")}, ReadyToRun {Setting("System.Runtime.ReadyToRun", "DOTNET_ReadyToRun")}";
    }
}
