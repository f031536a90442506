using System.CommandLine;
using System.Text;
using Ruchy.Text;
using Ruchy.Values;
using Ruchy.Execution;
using Ruchy.Switches;
using Ruchy.Tiers;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy run FILE</c> and <c>ruchy -e CODE</c>.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to run");
        var engine = CommandLine.EngineOption();
        var switches = CommandLine.SwitchOption();
        var stats = new Option<bool>("--stats") { Description = "After the run, print execution statistics to stderr (bytecode engines): instructions, per-opcode histogram, calls, allocated bytes" };
        var traceJit = new Option<bool>("--trace-jit") { Description = "With --engine jit: print to stderr which functions are compiled, what they speculate, and every guard failure and deoptimization" };
        var jitIl = new Option<bool>("--jit-il") { Description = "With --trace-jit: also print the IL emitted for each compiled function" };
        var verifyIr = new Option<bool>("--verify-ir") { Description = "With ir=on: check the IR's invariants after construction and after every pass (an internal error names the broken one)" };
        var cmd = new Command("run", "Run a Ruchy program: the top level, then main() if it is defined.\nOutput goes to stdout; errors to stderr as `Error: message` with file:line:col, exit code 1.")
        {
            file,
            engine,
            switches,
            stats,
            traceJit,
            jitIl,
            verifyIr,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!CommandLine.TryBuildOptions(parse.GetValue(engine), parse.GetValue(switches), out var options)) return 2;
            var hooks = RunHooks.None;
            if (parse.GetValue(verifyIr)) RuchyEngine.VerifyIr = true;
            if (parse.GetValue(stats))
            {
                if (!options.Tier.CollectsStatistics)
                {
                    var collecting = string.Join(", ", TierRegistry.All.Where(t => t.CollectsStatistics).Select(t => t.Name));
                    Console.Error.WriteLine($"ruchy: --stats needs an engine that collects statistics ({collecting}), not {options.Tier.Name}");
                    return 2;
                }
                hooks = new RunHooks { Statistics = new Vm.VmStatistics() };
            }
            if (parse.GetValue(traceJit))
            {
                if (options.Tier.Name != "jit")
                {
                    Console.Error.WriteLine($"ruchy: --trace-jit needs --engine jit, not {options.Tier.Name}");
                    return 2;
                }
                hooks = hooks with { JitTrace = Console.Error, JitListing = parse.GetValue(jitIl) };
            }
            int code = RunFile(f.FullName, f.ToString(), options, hooks);
            if (hooks.Statistics != null) Console.Error.Write(hooks.Statistics.Report());
            return code;
        });
        return cmd;
    }

    public static int RunFile(string fullPath, string displayPath, RunOptions options, RunHooks? hooks = null)
    {
        if (!File.Exists(fullPath))
        {
            Console.Error.WriteLine($"ruchy: cannot read '{displayPath}': no such file");
            return 1;
        }
        var source = SourceText.From(SourceFile.ReadText(fullPath, displayPath), displayPath);
        using var stdout = OpenStdout();
        var result = RuchyEngine.Run(source, stdout, Console.Error, options, hooks);
        return result.ExitCode;
    }

    public static int Eval(string code, RunOptions options)
    {
        var source = SourceText.From(code, "<eval>");
        using var stdout = OpenStdout();
        var result = RuchyEngine.Run(source, stdout, Console.Error, options);
        if (result.ExitCode == 0 && !result.Value.IsNil)
        {
            stdout.Write(ValueFormatter.Repr(result.Value));
            stdout.Write('\n');
        }
        return result.ExitCode;
    }

    /// <summary>Buffered UTF-8 stdout with "\n" line ends: output is flushed at exit and before any error report.</summary>
    public static StreamWriter OpenStdout() =>
        new(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };
}
