using System.CommandLine;
using Ruchy.Execution;
using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Measurement;
using Ruchy.Experiments.Workloads;
using Ruchy.Text;
using Ruchy.Switches;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy measure FILE --iterations N</c>: one process run of the experiment harness. Compiles the
/// program once, runs it N times in this process with its output discarded (<see cref="TimingLoop"/> over a
/// <see cref="CompiledProgramRun"/>), and prints JSON lines (<see cref="MeasureProtocol"/>): the environment,
/// then one sample per iteration.
/// </summary>
public static class MeasureCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to measure");
        var iterations = new Option<int>("--iterations") { Description = "Runs of the program in this process (warmup included: the harness discards it)", Required = true };
        var engine = CommandLine.EngineOption();
        var switches = CommandLine.SwitchOption();
        var size = new Option<long?>("--size") { Description = "Rewrite the program's `let ITERATIONS = N` line to this size" };
        var profileIn = new Option<FileInfo?>("--profile-in") { Description = "With --engine jit: every iteration starts from this stored JIT profile (ruchy run --profile-out)", HelpName = "FILE" };
        var cmd = new Command("measure", "Run a program N times in this process and print one JSON line per iteration\n(wall ns, CPU ns, allocated bytes, GC counts and pause), after a JSON line describing the environment.\nUsed by `ruchy experiment run`, which launches one fresh process per process run.")
        {
            file,
            iterations,
            engine,
            switches,
            size,
            profileIn,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            int n = parse.GetValue(iterations);
            if (n < 1)
            {
                Console.Error.WriteLine("ruchy measure: --iterations must be at least 1");
                return 2;
            }
            if (!CommandLine.TryBuildOptions(parse.GetValue(engine), parse.GetValue(switches), out var options)) return 2;
            var hooks = RunHooks.None;
            if (parse.GetValue(profileIn) is { } pin)
            {
                if (options.Tier.Name != "jit")
                {
                    Console.Error.WriteLine($"ruchy measure: --profile-in needs --engine jit, not {options.Tier.Name}");
                    return 2;
                }
                // (No source check: --size rewrites the source the profile was recorded on.)
                if (!JitProfileFile.TryRead(pin, program: null, out var stored)) return 2;
                hooks = new RunHooks { JitProfileIn = stored };
            }
            return Measure(f, n, options, parse.GetValue(switches) ?? [], parse.GetValue(size), hooks);
        });
        return cmd;
    }

    private static int Measure(FileInfo file, int iterations, RunOptions options, string[] switches, long? size, RunHooks hooks)
    {
        if (!file.Exists) return Fail(0, 1, $"cannot read '{file}': no such file");
        string code = SourceFile.ReadText(file.FullName, file.ToString());
        if (size is long s)
        {
            try { code = WorkloadManifest.WithSize(code, s); }
            catch (InvalidOperationException e) { return Fail(0, 1, $"{file}: --size: {e.Message}"); }
        }
        var compiled = RuchyEngine.Compile(SourceText.From(code, file.ToString()));
        if (compiled.HasErrors)
            return Fail(0, 1, string.Join("\n", compiled.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())));

        var env = MeasureEnvironment.Current() with { Program = file.FullName, Engine = options.Tier.Name, Switches = switches, Size = size };
        Console.Out.WriteLine(MeasureProtocol.Write(env));
        Console.Out.Flush();
        // One large-stack thread for all iterations: starting one per run would be timed with it.
        using var worker = new LargeStackWorker("ruchy measure");
        var run = new CompiledProgramRun(compiled, options, worker, TextWriter.Null, hooks);
        var timing = TimingLoop.Run(run, iterations, onSample: sample => Console.Out.WriteLine(MeasureProtocol.Write(MeasureSample.From(sample))));
        if (timing.Failed) return Fail(timing.Samples.Length, run.LastResult!.ExitCode, run.Stderr.TrimEnd());
        Console.Out.Flush();
        return 0;
    }

    /// <summary>An error line on stdout (the harness reads it) and the message on stderr (a person reads it).</summary>
    private static int Fail(int iteration, int exitCode, string message)
    {
        if (exitCode == 0) exitCode = 1;
        Console.Out.WriteLine(MeasureProtocol.Write(new MeasureError { Iteration = iteration, ExitCode = exitCode, Message = message }));
        Console.Out.Flush();
        Console.Error.WriteLine("ruchy measure: " + message);
        return exitCode;
    }
}
