using System.CommandLine;
using System.Diagnostics;
using Ruchy.Experiments.Workloads;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy bench PATH...</c>: runs workload programs (a file, a suite folder, or the whole datasets
/// folder) at their manifest size and reports wall times. A quick look, in process; controlled
/// experiments with statistics are the harness's job.
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
        var cmd = new Command("bench", "Run workload programs at their manifest size (quick or default) and print wall times per program:\nminimum and median of the measured runs after a warm-up run, with the host JIT settings.")
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
            foreach (var file in files)
            {
                string code = File.ReadAllText(file);
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
                var times = new List<double>();
                string last = "";
                int exit = 0;
                for (int i = 0; i <= n; i++)
                {
                    var stdout = new StringWriter { NewLine = "\n" };
                    var stderr = new StringWriter { NewLine = "\n" };
                    var sw = Stopwatch.StartNew();
                    var result = RuchyEngine.Run(SourceText.From(code, Path.GetFileName(file)), stdout, stderr, options);
                    sw.Stop();
                    exit = result.ExitCode;
                    last = exit == 0 ? stdout.ToString().Trim().Split('\n')[^1] : "FAILED: " + stderr.ToString().Split('\n')[0];
                    if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
                    if (exit != 0) break;
                }
                if (exit != 0) failures++;
                times.Sort();
                string min = times.Count > 0 ? times[0].ToString("F1") : "-";
                string median = times.Count > 0 ? times[times.Count / 2].ToString("F1") : "-";
                Console.WriteLine($"{Path.GetRelativePath(".", file),-44} {(programSize > 0 ? programSize.ToString() : "-"),8} {min,10} {median,10}  {last}");
            }
            return failures == 0 ? 0 : 1;
        });
        return cmd;
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
