using Ruchy.Builtins;
using Ruchy.Interpreter;
using Ruchy.Semantics;
using Ruchy.Syntax;
using Ruchy.Syntax.Ast;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy;

/// <summary>The execution tiers: the AST interpreter (reference semantics), the register VM and the stack VM.</summary>
public enum Tier
{
    Ast,
    Register,
    Stack,
}

/// <summary>Run-time switches of one run (each can be toggled by experiments).</summary>
public sealed record RunOptions
{
    public Tier Tier { get; init; } = Tier.Ast;
    /// <summary>Fused instructions (compare+branch, add-constant) in the bytecode tiers.</summary>
    public bool Superinstructions { get; init; } = true;
    /// <summary><c>for x in a..b</c> counts in two registers (ForPrep/ForLoop) instead of a range object and an iterator (bytecode tiers).</summary>
    public bool RangeLoops { get; init; } = true;
    /// <summary>Collect execution statistics (bytecode tiers): instruction histogram, calls, allocation.</summary>
    public Vm.VmStatistics? Statistics { get; init; }
    /// <summary>Raised from another thread to stop the run at its next loop iteration or call (notebooks).</summary>
    public Execution.InterruptFlag? Interrupt { get; init; }

    public static readonly RunOptions Default = new();

    /// <summary>The run-time switches by name, with their values; experiments toggle them as factors.</summary>
    public static IReadOnlyList<(string Name, string Values, string Description)> Switches { get; } =
    [
        ("engine", "ast|register|stack", "execution tier"),
        ("superinstructions", "on|off", "fused compare+branch and add-constant instructions (bytecode tiers)"),
        ("range_loops", "on|off", "for loops over a range literal count in registers, without a range object or iterator (bytecode tiers)"),
    ];

    /// <summary>The current value of switch <paramref name="name"/> (one of <see cref="Switches"/>).</summary>
    public string SwitchValue(string name) => name switch
    {
        "engine" => Tier.ToString().ToLowerInvariant(),
        "superinstructions" => Superinstructions ? "on" : "off",
        "range_loops" => RangeLoops ? "on" : "off",
        _ => throw new ArgumentException($"unknown switch '{name}'", nameof(name)),
    };

    /// <summary>Every switch as <c>name=value</c>, space-separated (what a measurement ran under).</summary>
    public string DescribeSwitches() => string.Join(" ", Switches.Select(s => $"{s.Name}={SwitchValue(s.Name)}"));

    /// <summary>Applies <c>name=value</c>; unknown names or values are errors that list what is accepted.</summary>
    public RunOptions WithSwitch(string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"switch '{assignment}' must look like name=value");
        string name = assignment[..eq].Trim().ToLowerInvariant();
        string value = assignment[(eq + 1)..].Trim().ToLowerInvariant();
        switch (name)
        {
            case "engine" when Enum.TryParse<Tier>(value, ignoreCase: true, out var tier):
                return this with { Tier = tier };
            case "superinstructions" when value is "on" or "off" or "true" or "false":
                return this with { Superinstructions = value is "on" or "true" };
            case "range_loops" when value is "on" or "off" or "true" or "false":
                return this with { RangeLoops = value is "on" or "true" };
        }
        var known = Switches.FirstOrDefault(s => s.Name == name);
        throw new ArgumentException(known.Name == null
            ? $"unknown switch '{name}'; known switches: {string.Join(", ", Switches.Select(s => s.Name))}"
            : $"switch '{name}' takes {known.Values}, not '{value}'");
    }
}

/// <summary>Result of front-end work on one file: the tree and every diagnostic.</summary>
public sealed record CompileResult(SourceText Source, ProgramAst? Ast, BoundProgram? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>How a run ended: exit code 0 (success), 1 (syntax or runtime error) or the program's exit(n).</summary>
public sealed record RunResult(int ExitCode, RuchyError? Error = null, Value Value = default)
{
    /// <summary>The run stopped because its <see cref="RunOptions.Interrupt"/> flag was raised.</summary>
    public bool Interrupted { get; init; }
}

/// <summary>
/// Facade over the pipeline: source → tokens → AST → resolved tree → tier. Runs on a thread with
/// a large stack so that deep (but bounded) recursion reports a Ruchy "stack overflow" error
/// instead of killing the process.
/// </summary>
public static class RuchyEngine
{
    /// <summary>Stack of the thread that runs programs: room for <see cref="TreeWalker.DefaultMaxDepth"/> nested calls.</summary>
    public const int ExecutionStackBytes = 1024 * 1024 * 1024;

    public static CompileResult Parse(SourceText source)
    {
        var diagnostics = new DiagnosticBag(source);
        var ast = Parser.Parse(source, diagnostics);
        return new CompileResult(source, ast, null, diagnostics.Items);
    }

    /// <summary>Parses and resolves. Warnings (e.g. undefined names) do not stop a run; errors do.</summary>
    public static CompileResult Compile(SourceText source)
    {
        var diagnostics = new DiagnosticBag(source);
        var ast = Parser.Parse(source, diagnostics);
        BoundProgram? program = null;
        if (!diagnostics.HasErrors) program = Resolver.Resolve(ast, source, diagnostics);
        return new CompileResult(source, ast, program, diagnostics.Items);
    }

    /// <summary>
    /// Compiles and runs a program. Program output goes to <paramref name="stdout"/>; diagnostics and
    /// runtime errors to <paramref name="stderr"/> as <c>file:line:col: message</c> / <c>Error: ...</c>.
    /// </summary>
    public static RunResult Run(SourceText source, TextWriter stdout, TextWriter stderr, Tier tier = Tier.Ast) =>
        Run(source, stdout, stderr, RunOptions.Default with { Tier = tier });

    public static RunResult Run(SourceText source, TextWriter stdout, TextWriter stderr, RunOptions options) =>
        RunOnLargeStack(source, null, stdout, stderr, options);

    /// <summary>Runs a program already compiled by <see cref="Compile"/>: measurements repeat one program without its front-end work.</summary>
    public static RunResult Run(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options) =>
        RunOnLargeStack(compiled.Source, compiled, stdout, stderr, options);

    /// <summary>
    /// Runs a compiled program on <paramref name="worker"/>'s thread: repeated runs (measurement
    /// iterations) then pay no thread start each, which would otherwise sit inside the timed region.
    /// </summary>
    public static RunResult Run(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, Execution.LargeStackWorker worker) =>
        worker.Run(() => RunOnThisThread(compiled, stdout, stderr, options, null));

    private static RunResult RunOnLargeStack(SourceText source, CompileResult? precompiled, TextWriter stdout, TextWriter stderr, RunOptions options) =>
        OnLargeStack(() => RunOnThisThread(precompiled ?? Compile(source), stdout, stderr, options, null));

    /// <summary>Runs <paramref name="run"/> on a thread whose stack holds <see cref="TreeWalker.DefaultMaxDepth"/> nested calls.</summary>
    internal static RunResult OnLargeStack(Func<RunResult> run)
    {
        RunResult result = new(0);
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = run();
            }
            catch (Exception e)
            {
                crash = e;
            }
        }, ExecutionStackBytes);
        thread.Start();
        thread.Join();
        if (crash != null) throw new InvalidOperationException("internal error in the Ruchy runtime: " + crash.Message, crash);
        return result;
    }

    /// <summary>Runs a compiled program on the chosen tier; <paramref name="globals"/> (a session's) replaces fresh global slots.</summary>
    /// <paramref name="errors"/>, when given, receives the error report instead of the program's stderr.
    internal static RunResult RunOnThisThread(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, Value[]? globals, TextWriter? errors = null) =>
        RunOnThisThread(compiled, stdout, stderr, options, globals, errors, 1, out _);

    /// <summary>
    /// Runs the program <paramref name="repeat"/> times (bytecode compiled once) and reports the time
    /// the runs took together, compilation excluded: what timeit measures.
    /// </summary>
    internal static RunResult RunOnThisThread(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, Value[]? globals, TextWriter? errors, int repeat, out TimeSpan elapsed)
    {
        var report = errors ?? stderr;
        var source = compiled.Source;
        elapsed = TimeSpan.Zero;
        if (compiled.HasErrors)
        {
            foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) report.WriteLine(d.ToString());
            return new RunResult(1);
        }
        try
        {
            Value value = default;
            if (options.Tier is Tier.Register or Tier.Stack)
            {
                var compilerOptions = new Compiler.CompilerOptions(options.Superinstructions, options.RangeLoops);
                var bytecode = options.Tier == Tier.Register
                    ? Compiler.RegisterCompiler.Compile(compiled.Program!, compilerOptions)
                    : Compiler.StackCompiler.Compile(compiled.Program!, compilerOptions);
                long before = GC.GetAllocatedBytesForCurrentThread();
                globals ??= new Value[bytecode.GlobalNames.Length];
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < repeat; i++)
                    value = options.Tier == Tier.Register
                        ? new Vm.RegisterVm(source, stdout, stderr, statistics: options.Statistics, interrupt: options.Interrupt).Run(bytecode, globals)
                        : new Vm.StackVm(source, stdout, stderr, statistics: options.Statistics, interrupt: options.Interrupt).Run(bytecode, globals);
                elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
                if (options.Statistics != null) options.Statistics.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            else
            {
                globals ??= new Value[compiled.Program!.GlobalNames.Length];
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < repeat; i++)
                    value = new TreeWalker(source, stdout, stderr, interrupt: options.Interrupt).Run(compiled.Program!, globals);
                elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            }
            stdout.Flush();
            return new RunResult(0, null, value);
        }
        catch (RuchyError e)
        {
            stdout.Flush();
            WriteError(report, source, e);
            return new RunResult(1, e);
        }
        catch (Execution.ExecutionInterrupted)
        {
            stdout.Flush();
            var e = new RuchyError("interrupted");
            WriteError(report, source, e);
            return new RunResult(130, e) { Interrupted = true };
        }
        catch (ProgramExit exit)
        {
            stdout.Flush();
            return new RunResult(exit.Code);
        }
        catch (InsufficientExecutionStackException)
        {
            stdout.Flush();
            var e = new RuchyError("stack overflow: a value is nested too deeply to compare, hash or print");
            WriteError(report, source, e);
            return new RunResult(1, e);
        }
        catch (OutOfMemoryException)
        {
            stdout.Flush();
            var e = new RuchyError("out of memory");
            WriteError(report, source, e);
            return new RunResult(1, e);
        }
    }

    /// <summary>Compiles to bytecode (stack VM when options.Tier is Stack, else register VM) and lists it; null (with diagnostics) on errors.</summary>
    public static string? Disassemble(SourceText source, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var compiled = Compile(source);
        diagnostics = compiled.Diagnostics;
        if (compiled.HasErrors) return null;
        var compilerOptions = new Compiler.CompilerOptions(options.Superinstructions, options.RangeLoops);
        var bytecode = options.Tier == Tier.Stack
            ? Compiler.StackCompiler.Compile(compiled.Program!, compilerOptions)
            : Compiler.RegisterCompiler.Compile(compiled.Program!, compilerOptions);
        return Bytecode.Disassembler.Disassemble(bytecode, source);
    }

    /// <summary>Writes <c>Error: message</c>, then the location and the call stack, one per line.</summary>
    public static void WriteError(TextWriter stderr, SourceText source, RuchyError e)
    {
        stderr.WriteLine($"Error: {e.Message}");
        if (e.HasLocation) stderr.WriteLine($"  at {source.Path}:{e.Line}:{e.Column}");
        foreach (var line in e.StackTraceLines) stderr.WriteLine("  " + line);
        stderr.Flush();
    }
}
