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
        var jitDump = new Option<DirectoryInfo?>("--jit-dump") { Description = "With --engine jit: save every compiled function as a .dll in this directory (open it in ILSpy) and run the saved code", HelpName = "DIR" };
        var profileOut = new Option<FileInfo?>("--profile-out") { Description = "With --engine jit: after the run, save what the JIT learned (calls, loops, argument kinds, tiers, deoptimizations) as a JSON profile", HelpName = "FILE" };
        var profileIn = new Option<FileInfo?>("--profile-in") { Description = "With --engine jit: start from a profile saved by --profile-out (hot functions compile at their first call, hot loops at their first back edge)", HelpName = "FILE" };
        var verifyIr = new Option<bool>("--verify-ir") { Description = "With ir=on: check the IR's invariants after construction and after every pass (an internal error names the broken one)" };
        var cmd = new Command("run", "Run a Ruchy program: the top level, then main() if it is defined.\nOutput goes to stdout; errors to stderr as `Error: message` with file:line:col, exit code 1.")
        {
            file,
            engine,
            switches,
            stats,
            traceJit,
            jitIl,
            jitDump,
            profileOut,
            profileIn,
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
            if (parse.GetValue(jitDump) is { } dumpDir)
            {
                if (options.Tier.Name != "jit")
                {
                    Console.Error.WriteLine($"ruchy: --jit-dump needs --engine jit, not {options.Tier.Name}");
                    return 2;
                }
                hooks = hooks with { JitDumpDirectory = dumpDir.FullName };
            }
            var pin = parse.GetValue(profileIn);
            var pout = parse.GetValue(profileOut);
            if (pin != null || pout != null)
            {
                if (options.Tier.Name != "jit")
                {
                    Console.Error.WriteLine($"ruchy: --profile-in and --profile-out need --engine jit, not {options.Tier.Name}");
                    return 2;
                }
                if (pin != null)
                {
                    if (!JitProfileFile.TryRead(pin, f, out var stored)) return 2;
                    hooks = hooks with { JitProfileIn = stored };
                }
                if (pout != null) hooks = hooks with { JitProfileOut = p => JitProfileFile.Write(pout, p) };
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
