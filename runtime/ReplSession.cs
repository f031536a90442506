using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Syntax;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy;

/// <summary>
/// The runtime side of a REPL or notebook: each cell is compiled against what earlier cells
/// declared (one <see cref="GlobalEnvironment"/>) and runs on the chosen tier with the session's
/// global slots, so functions, types and top-level variables persist. A cell that fails to
/// compile changes nothing; one that fails at run time keeps what it assigned before failing.
/// </summary>
public sealed class ReplSession : IDisposable
{
    private Value[] _globals = Array.Empty<Value>();
    private ITier? _lastTier;
    private readonly LargeStackWorker _worker = new("ruchy session");

    public GlobalEnvironment Environment { get; } = new(interactive: true);

    /// <summary>Ends the session's execution thread (a cell still running keeps it until it returns).</summary>
    public void Dispose() => _worker.Dispose();

    /// <summary>Parses and resolves a cell into the session's environment (errors leave it unchanged).</summary>
    public CompileResult Compile(SourceText cell) => _worker.Call(() => CompileOnThisThread(cell));

    // The front end recurses over the tree: it runs on the session's large stack, as the cells do.
    private CompileResult CompileOnThisThread(SourceText cell)
    {
        var diagnostics = new DiagnosticBag(cell);
        var ast = Parser.Parse(cell, diagnostics);
        BoundProgram? program = null;
        if (!diagnostics.HasErrors) program = Resolver.ResolveCell(ast, cell, diagnostics, Environment);
        return new CompileResult(cell, ast, program, diagnostics.Items);
    }

    /// <summary>Diagnostics of a cell as if it ran next, without declaring anything.</summary>
    public IReadOnlyList<Diagnostic> Check(SourceText cell) => _worker.Call(() => CheckOnThisThread(cell));

    private IReadOnlyList<Diagnostic> CheckOnThisThread(SourceText cell)
    {
        var diagnostics = new DiagnosticBag(cell);
        var ast = Parser.Parse(cell, diagnostics);
        if (!diagnostics.HasErrors)
        {
            var snapshot = Environment.Snapshot();
            Resolver.ResolveCell(ast, cell, diagnostics, Environment);
            Environment.Restore(snapshot);
        }
        return diagnostics.Items;
    }

    /// <summary>
    /// A cell prepared by <paramref name="tier"/> against the session (and every function the session defines),
    /// without declaring or running anything: what <c>disasm</c> lists. Null with diagnostics on errors.
    /// </summary>
    public IExecutable? Prepare(SourceText cell, ITier tier, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics)
    {
        IReadOnlyList<Diagnostic> found = [];
        var prepared = _worker.Call(() => PrepareOnThisThread(cell, tier, options, out found));
        diagnostics = found;
        return prepared;
    }

    private IExecutable? PrepareOnThisThread(SourceText cell, ITier tier, RunOptions options, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var bag = new DiagnosticBag(cell);
        var ast = Parser.Parse(cell, bag);
        IExecutable? prepared = null;
        if (!bag.HasErrors)
        {
            var snapshot = Environment.Snapshot();
            var bound = Resolver.ResolveCell(ast, cell, bag, Environment);
            Environment.Restore(snapshot);
            if (!bag.HasErrors) prepared = tier.Prepare(bound, options);
        }
        diagnostics = bag.Items;
        return prepared;
    }

    /// <summary>
    /// The SSA IR of a cell compiled against the session without declaring or running anything, after
    /// construction and after each pass of the options' pipeline (new lines marked <c>*</c>): what <c>%%ir</c>
    /// shows. Only the functions in <paramref name="functions"/> (null: the cell's script and its own functions).
    /// </summary>
    public string? IrListing(SourceText cell, RunOptions options, IReadOnlyCollection<string>? functions, out IReadOnlyList<Diagnostic> diagnostics)
    {
        IReadOnlyList<Diagnostic> found = [];
        var listing = _worker.Call(() => IrListingOnThisThread(cell, options, functions, out found));
        diagnostics = found;
        return listing;
    }

    private string? IrListingOnThisThread(SourceText cell, RunOptions options, IReadOnlyCollection<string>? functions, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var bag = new DiagnosticBag(cell);
        var ast = Parser.Parse(cell, bag);
        string? listing = null;
        if (!bag.HasErrors)
        {
            var snapshot = Environment.Snapshot();
            var bound = Resolver.ResolveCell(ast, cell, bag, Environment);
            Environment.Restore(snapshot);
            if (!bag.HasErrors) listing = Ir.IrCompiler.Listing(bound, options, each: true, only: functions);
        }
        diagnostics = bag.Items;
        return listing;
    }

    /// <summary>
    /// The control-flow graphs of a cell's functions (as <see cref="IrListing"/> selects them) after the options'
    /// pipeline, drawn as SVG, with the IR listing they show: what <c>%ir --cfg</c> shows. Null on compile errors.
    /// </summary>
    public (string Svg, string Listing)? IrSvg(SourceText cell, RunOptions options, IReadOnlyCollection<string>? functions, out IReadOnlyList<Diagnostic> diagnostics)
    {
        IReadOnlyList<Diagnostic> found = [];
        var svg = _worker.Call(() => IrSvgOnThisThread(cell, options, functions, out found));
        diagnostics = found;
        return svg;
    }

    private (string Svg, string Listing)? IrSvgOnThisThread(SourceText cell, RunOptions options, IReadOnlyCollection<string>? functions, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var bag = new DiagnosticBag(cell);
        var ast = Parser.Parse(cell, bag);
        (string, string)? result = null;
        if (!bag.HasErrors)
        {
            var snapshot = Environment.Snapshot();
            var bound = Resolver.ResolveCell(ast, cell, bag, Environment);
            Environment.Restore(snapshot);
            if (!bag.HasErrors)
            {
                var chosen = Ir.CfgSvg.Functions(bound, options, only: functions);
                var listing = new System.Text.StringBuilder();
                foreach (var f in chosen)
                {
                    if (listing.Length > 0) listing.Append('\n');
                    Ir.IrPrinter.Print(f, listing, withChildren: false);
                }
                result = (Ir.CfgSvg.Render(chosen), listing.ToString());
            }
        }
        diagnostics = bag.Items;
        return result;
    }

    /// <summary>Compiles and runs one cell (on a large-stack thread, like <see cref="RuchyEngine.Run(SourceText, TextWriter, TextWriter, RunOptions)"/>).</summary>
    /// <paramref name="errors"/>, when given, receives diagnostics and the error report instead of <paramref name="stderr"/>.
    public RunResult Run(SourceText cell, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks? hooks = null, TextWriter? errors = null)
    {
        var compiled = Compile(cell);
        if (compiled.HasErrors)
        {
            foreach (var d in compiled.Diagnostics)
                if (d.IsError) (errors ?? stderr).WriteLine(d.ToString());
            return new RunResult(1);
        }
        // Method-call caches need no clearing here: loading a cell replaces the method table of every type it
        // (re)defines methods for, and the caches key on that table.
        GrowGlobals();
        SwitchTier(options.Tier, stderr);
        var globals = _globals;
        return _worker.Run(() => RuchyEngine.RunOnThisThread(compiled, stdout, stderr, options, hooks ?? RunHooks.None, globals, errors));
    }

    /// <summary>
    /// Compiles a cell against the session (declaring what it declares, as <see cref="Run(SourceText, TextWriter, TextWriter, RunOptions, RunHooks?, TextWriter?)"/> does)
    /// and prepares it for <paramref name="options"/>' tier once, for <see cref="RunPrepared"/>: timeit and <c>%%compare</c>
    /// then time runs without compilation. When it does not compile, the result says why and <paramref name="program"/> is null.
    /// </summary>
    public RunResult Prepare(SourceText cell, TextWriter stdout, TextWriter stderr, RunOptions options, RunHooks? hooks, TextWriter? errors, out PreparedProgram? program)
    {
        var compiled = Compile(cell);
        GrowGlobals();
        var globals = _globals;
        PreparedProgram? prepared = null;
        var result = _worker.Run(() => RuchyEngine.PrepareOnThisThread(compiled, stdout, stderr, options, hooks ?? RunHooks.None, globals, errors, out prepared));
        program = prepared;
        return result;
    }

    /// <summary>
    /// Calls <paramref name="runs"/> on the session's thread, where it may run <paramref name="program"/> as often as it likes
    /// (<see cref="PreparedProgram.Run"/>). A run that fails (error, exit, interrupt) ends them; the result says how, as Run's does.
    /// </summary>
    public RunResult RunPrepared(PreparedProgram program, Action<PreparedProgram> runs, TextWriter? errors = null)
    {
        SwitchTier(program.Tier, program.Context.Stderr);
        program.Globals = _globals;
        return _worker.Run(() => RuchyEngine.RunPreparedOnThisThread(program, runs, errors));
    }

    private void GrowGlobals()
    {
        if (_globals.Length < Environment.GlobalCount) Array.Resize(ref _globals, Math.Max(Environment.GlobalCount, _globals.Length * 2));
    }

    private void SwitchTier(ITier tier, TextWriter notes)
    {
        if (_lastTier != null && _lastTier != tier) DropClosuresOfOtherTier(notes);
        _lastTier = tier;
    }

    /// <summary>Variables (not functions) that hold a value, in declaration order.</summary>
    public IReadOnlyList<(string Name, Value Value)> Variables()
    {
        var list = new List<(string, Value)>();
        for (int i = 0; i < Environment.GlobalCount && i < _globals.Length; i++)
        {
            if (Environment.FunctionAt(i) != null || Environment.GlobalName(i).Contains("::", StringComparison.Ordinal)) continue;
            if (_globals[i].Kind == ValueKind.Nil) continue;
            list.Add((Environment.GlobalName(i), _globals[i]));
        }
        return list;
    }

    public bool TryGetVariable(string name, out Value value)
    {
        value = default;
        if (!Environment.TryGetGlobal(name, out int index) || index >= _globals.Length || Environment.FunctionAt(index) != null) return false;
        value = _globals[index];
        return true;
    }

    /// <summary>Declares (if needed) and sets a session variable, as <c>let name = value</c> in a cell would.</summary>
    public void SetVariable(string name, Value value)
    {
        if (!Lexer.IsIdentifier(name)) throw new ArgumentException($"'{name}' is not a Ruchy identifier", nameof(name));
        if (!Environment.TryGetGlobal(name, out int index))
        {
            Compile(SourceText.From($"let {name} = ();", "<set>"));
            Environment.TryGetGlobal(name, out index);
        }
        if (_globals.Length <= index) Array.Resize(ref _globals, Math.Max(index + 1, _globals.Length * 2));
        _globals[index] = value;
    }

    /// <summary>
    /// Closures belong to the tier that made them (an AST closure holds a tree, a VM closure
    /// bytecode for that VM), so a variable holding one cannot follow an engine switch. Declared
    /// functions are reinstalled by every cell; variables holding closures are cleared, with a note.
    /// </summary>
    private void DropClosuresOfOtherTier(TextWriter stderr)
    {
        for (int i = 0; i < Environment.GlobalCount && i < _globals.Length; i++)
        {
            if (Environment.FunctionAt(i) != null || !ContainsClosure(_globals[i], 0)) continue;
            _globals[i] = Value.Nil;
            stderr.WriteLine($"note: `{Environment.GlobalName(i)}` held a closure made by the {_lastTier!.Name} engine; it was cleared (closures do not move between engines): re-run the cell that made it");
        }
    }

    private static bool ContainsClosure(Value v, int depth)
    {
        if (depth > 64) return true;
        switch (v.Kind)
        {
            case ValueKind.Function:
                return true;
            case ValueKind.Array:
                foreach (var x in v.AsArray.AsSpan())
                    if (ContainsClosure(x, depth + 1)) return true;
                return false;
            case ValueKind.Tuple:
                foreach (var x in v.AsTuple.Items)
                    if (ContainsClosure(x, depth + 1)) return true;
                return false;
            case ValueKind.Struct:
                foreach (var x in v.AsStruct.Fields)
                    if (ContainsClosure(x, depth + 1)) return true;
                return false;
            case ValueKind.Enum:
                foreach (var x in v.AsEnum.Payload)
                    if (ContainsClosure(x, depth + 1)) return true;
                return false;
            case ValueKind.Map:
                foreach (var kv in v.AsMap.Entries)
                    if (ContainsClosure(kv.Key, depth + 1) || ContainsClosure(kv.Value, depth + 1)) return true;
                return false;
            default:
                return false;
        }
    }
}
