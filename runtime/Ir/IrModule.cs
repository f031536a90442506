using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// The program an IR compilation belongs to, for passes that look past one function: the inliner finds a
/// call's global function here and takes a copy of its optimized IR (built once per callee and kept).
/// </summary>
internal sealed class IrModule
{
    private readonly Dictionary<int, BoundFunction> _functions = new();
    private readonly Dictionary<BoundFunction, IrFunction?> _templates = new();
    private readonly RunOptions _options;
    private readonly PassPipeline _pipeline;
    private readonly BoundFunction? _main;

    public IrModule(BoundProgram program, RunOptions options, PassPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
        foreach (var (global, fn) in program.Functions)
        {
            _functions[global] = fn;
            if (global == program.MainGlobal) _main = fn;
        }
    }

    /// <summary>The function a global names when the program starts (null: none, or main, whose first call the VM records).</summary>
    public BoundFunction? FunctionAt(int global) =>
        _functions.TryGetValue(global, out var fn) && fn != _main ? fn : null;

    /// <summary>
    /// The callee's IR after the pipeline's passes other than <paramref name="except"/> (so templates never
    /// inline into each other), or null when <paramref name="accept"/> refuses it. Built on first request.
    /// </summary>
    public IrFunction? Template(BoundFunction fn, IrPass except, Func<IrFunction, bool> accept)
    {
        if (_templates.TryGetValue(fn, out var cached)) return cached;
        _templates[fn] = null; // a request while building (none today) sees no template
        var f = IrLowering.Lower(fn, _options);
        _pipeline.RunWithout(f, except);
        var template = accept(f) ? f : null;
        _templates[fn] = template;
        return template;
    }
}
