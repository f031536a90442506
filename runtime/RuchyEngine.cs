using Ruchy.Builtins;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Syntax;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy;

/// <summary>
/// Facade over the pipeline: source → tokens → AST → resolved tree → tier. Runs on a thread with
/// a large stack so that deep (but bounded) recursion reports a Ruchy "stack overflow" error
/// instead of killing the process.
/// </summary>
public static class RuchyEngine
{
    public static CompileResult Parse(SourceText source)
    {
        var diagnostics = new DiagnosticBag(source);
        var ast = Parser.Parse(source, diagnostics);
        return new CompileResult(source, ast, null, diagnostics.Items);
    }

    /// <summary>Parses and resolves (on a large stack: the resolver recurses as deep as the tree). Warnings (e.g. undefined names) do not stop a run; errors do.</summary>
    public static CompileResult Compile(SourceText source) => LargeStack.Call(() => CompileOnThisThread(source));

    private static CompileResult CompileOnThisThread(SourceText source)
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
    public static RunResult Run(SourceText source, TextWriter stdout, TextWriter stderr, RunOptions? options = null, RunHooks? hooks = null) =>
        RunOnLargeStack(source, null, stdout, stderr, options ?? RunOptions.Default, hooks ?? RunHooks.None);

    /// <summary>Runs a program already compiled by <see cref="Compile"/>: measurements repeat one program without its front-end work.</summary>
    public static RunResult Run(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks? hooks = null) =>
        RunOnLargeStack(compiled.Source, compiled, stdout, stderr, options, hooks ?? RunHooks.None);

    /// <summary>
    /// Runs a compiled program on <paramref name="worker"/>'s thread: repeated runs (measurement
    /// iterations) then pay no thread start each, which would otherwise sit inside the timed region.
    /// </summary>
    public static RunResult Run(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, LargeStackWorker worker, RunHooks? hooks = null) =>
        worker.Run(() => RunOnThisThread(compiled, stdout, stderr, options, hooks ?? RunHooks.None, null));

    private static RunResult RunOnLargeStack(SourceText source, CompileResult? precompiled, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks hooks) =>
        OnLargeStack(() => RunOnThisThread(precompiled ?? CompileOnThisThread(source), stdout, stderr, options, hooks, null));

    /// <summary>Runs <paramref name="run"/> on a thread whose stack holds <see cref="ExecutionLimits.DefaultMaxDepth"/> nested calls.</summary>
    internal static RunResult OnLargeStack(Func<RunResult> run)
    {
        try
        {
            return LargeStack.Call(run);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("internal error in the Ruchy runtime: " + e.Message, e);
        }
    }

    /// <summary>Runs a compiled program on the chosen tier; <paramref name="globals"/> (a session's) replaces fresh global slots.</summary>
    /// <paramref name="errors"/>, when given, receives the error report instead of the program's stderr.
    internal static RunResult RunOnThisThread(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks hooks, Value[]? globals, TextWriter? errors = null)
    {
        var report = errors ?? stderr;
        if (compiled.HasErrors) return ReportDiagnostics(compiled, report);
        try
        {
            var executable = options.Tier.Prepare(compiled.Program!, options);
            var context = new RunContext(compiled.Source, stdout, stderr, hooks);
            globals ??= new Value[compiled.Program!.GlobalNames.Length];
            long before = GC.GetAllocatedBytesForCurrentThread();
            var value = executable.Run(context, globals);
            if (hooks.Statistics != null) hooks.Statistics.AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            stdout.Flush();
            return new RunResult(0, null, value);
        }
        catch (Exception e) when (EndsRun(e))
        {
            return Ended(e, stdout, report, compiled.Source);
        }
    }

    /// <summary>Prepares a compiled program for its tier on this thread (the bytecode compilers recurse): the handle of <see cref="ReplSession.Prepare"/>.</summary>
    internal static RunResult PrepareOnThisThread(CompileResult compiled, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks hooks, Value[] globals, TextWriter? errors, out PreparedProgram? prepared)
    {
        prepared = null;
        var report = errors ?? stderr;
        if (compiled.HasErrors) return ReportDiagnostics(compiled, report);
        try
        {
            var executable = options.Tier.Prepare(compiled.Program!, options);
            prepared = new PreparedProgram(options.Tier, executable, new RunContext(compiled.Source, stdout, stderr, hooks), globals);
            return new RunResult(0);
        }
        catch (Exception e) when (EndsRun(e))
        {
            return Ended(e, stdout, report, compiled.Source);
        }
    }

    /// <summary>Calls <paramref name="runs"/> (which runs <paramref name="program"/> as often as it likes) on this thread; a run that fails ends them all.</summary>
    internal static RunResult RunPreparedOnThisThread(PreparedProgram program, Action<PreparedProgram> runs, TextWriter? errors)
    {
        var stdout = program.Context.Stdout;
        try
        {
            runs(program);
            stdout.Flush();
            return new RunResult(0);
        }
        catch (Exception e) when (EndsRun(e))
        {
            return Ended(e, stdout, errors ?? program.Context.Stderr, program.Source);
        }
    }

    private static RunResult ReportDiagnostics(CompileResult compiled, TextWriter report)
    {
        foreach (var d in compiled.Diagnostics)
            if (d.IsError) report.WriteLine(d.ToString());
        return new RunResult(1);
    }

    /// <summary>The exceptions that end a run with a result (an error, exit(n), an interrupt), as opposed to a crash of the runtime.</summary>
    private static bool EndsRun(Exception e) =>
        e is RuchyError or Execution.ExecutionInterrupted or ProgramExit or InsufficientExecutionStackException or OutOfMemoryException;

    /// <summary>How a run that threw one of <see cref="EndsRun"/>'s exceptions ended; its report goes to <paramref name="report"/>.</summary>
    private static RunResult Ended(Exception e, TextWriter stdout, TextWriter report, SourceText source)
    {
        stdout.Flush();
        switch (e)
        {
            case ProgramExit exit:
                return new RunResult(exit.Code);
            case Execution.ExecutionInterrupted:
            {
                var error = new RuchyError("interrupted");
                WriteError(report, source, error);
                return new RunResult(130, error) { Interrupted = true };
            }
            default:
            {
                var error = e switch
                {
                    RuchyError r => r,
                    InsufficientExecutionStackException => new RuchyError("stack overflow: a value is nested too deeply to compare, hash or print"),
                    _ => new RuchyError("out of memory"),
                };
                WriteError(report, source, error);
                return new RunResult(1, error);
            }
        }
    }

    /// <summary>
    /// The listing of the program as <paramref name="options"/>' tier prepares it (bytecode for the VMs); a tier
    /// without a listing lists as the register VM. Null (with diagnostics) when the program does not compile.
    /// </summary>
    public static string? Disassemble(SourceText source, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var compiled = Compile(source);
        diagnostics = compiled.Diagnostics;
        if (compiled.HasErrors) return null;
        return LargeStack.Call(() => ListingTier(options).Prepare(compiled.Program!, options).List(source));
    }

    /// <summary>The SSA IR of every function of a program (after the IR pipeline's passes for <paramref name="options"/>), or null on compile errors.</summary>
    /// <param name="passes">An explicit pass list instead of the options' preset (null: the preset).</param>
    /// <param name="afterPass">Print only the IR after this pass.</param>
    /// <param name="each">Print the IR after construction and after every pass, new lines marked.</param>
    public static string? IrListing(SourceText source, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<string>? passes = null, string? afterPass = null, bool each = false)
    {
        var compiled = Compile(source);
        diagnostics = compiled.Diagnostics;
        if (compiled.HasErrors) return null;
        return LargeStack.Call(() => Ir.IrCompiler.Listing(compiled.Program!, options, passes, afterPass, each));
    }

    /// <summary>The control-flow graphs of a program's functions as one Graphviz (DOT) document, after the options' passes (or <paramref name="passes"/>).</summary>
    public static string? IrGraph(SourceText source, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string>? passes = null)
    {
        var compiled = Compile(source);
        diagnostics = compiled.Diagnostics;
        if (compiled.HasErrors) return null;
        return LargeStack.Call(() => Ir.IrDot.Program(compiled.Program!, options, passes));
    }

    /// <summary>
    /// The control-flow graphs drawn as one SVG document (no Graphviz needed), after the options' passes (or
    /// <paramref name="passes"/>): every function stacked, or only <paramref name="function"/> and its closures
    /// (an <see cref="ArgumentException"/> when there is none). Null on compile errors.
    /// </summary>
    public static string? IrSvg(SourceText source, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string>? passes = null, string? function = null)
    {
        var compiled = Compile(source);
        diagnostics = compiled.Diagnostics;
        if (compiled.HasErrors) return null;
        return LargeStack.Call(() => Ir.CfgSvg.Render(Ir.CfgSvg.Functions(compiled.Program!, options, passes, function != null ? [function] : null)));
    }

    /// <summary>Run the IR verifier after construction and after every pass (<c>--verify-ir</c>; always on in the tests).</summary>
    public static bool VerifyIr
    {
        get => Ir.IrCompiler.VerifyAlways;
        set => Ir.IrCompiler.VerifyAlways = value;
    }

    /// <summary>The names of the IR passes, in pipeline order, and what each does.</summary>
    public static IReadOnlyList<(string Name, string Description)> IrPasses =>
        Ir.PassPipeline.All.Select(p => (p.Name, p.Switch.Description)).ToList();

    /// <summary>The tier <c>disasm</c> shows for <paramref name="options"/>: its own, or the register VM when it has no listing.</summary>
    public static ITier ListingTier(RunOptions options) =>
        options.Tier.HasListing ? options.Tier : TierRegistry.Get("register");

    /// <summary>Writes <c>Error: message</c>, then the location and the call stack, one per line.</summary>
    public static void WriteError(TextWriter stderr, SourceText source, RuchyError e)
    {
        stderr.WriteLine($"Error: {e.Message}");
        if (e.HasLocation) stderr.WriteLine($"  at {source.Path}:{e.Line}:{e.Column}");
        foreach (var line in e.StackTraceLines) stderr.WriteLine("  " + line);
        stderr.Flush();
    }
}
