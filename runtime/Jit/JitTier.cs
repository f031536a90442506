using Ruchy.Bytecode;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Tiers;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// The JIT tier: the register VM runs the IR's bytecode and counts calls; a function called more than
/// <c>jit.call_threshold</c> times is compiled from its optimized IR to IL (<see cref="IlCompiler"/>) and its later
/// calls run the compiled code. Functions the baseline compiler does not support stay interpreted.
/// </summary>
internal sealed class JitTier : ITier
{
    public string Name => "jit";

    public string Description => "register VM that compiles hot functions from the SSA IR to .NET IL";

    public bool HasListing => false;

    public bool CollectsStatistics => false;

    public IExecutable Prepare(BoundProgram program, RunOptions options)
    {
        options = options.With(SwitchRegistry.Ir, true);
        int threshold = int.Parse(options[SwitchRegistry.JitCallThreshold]);
        var compiled = IrCompiler.Compile(program, options, MarkCandidate);
        return new BytecodeExecutable<RegisterProto>(compiled,
            (c, p, globals) => new RegisterVm(c.Source, c.Stdout, c.Stderr, statistics: c.Statistics, interrupt: c.Interrupt) { Jit = new JitPolicy(threshold, null) }.Run(p, globals));
    }

    /// <summary>
    /// A plain function (no self, no captures, no default parameters, not main) whose IR the baseline compiler supports
    /// becomes a candidate: its calls leave the interpreter's direct path so that the JIT counts them.
    /// </summary>
    private static void MarkCandidate(IrFunction ir, RegisterProto proto)
    {
        if (proto.DirectArgc < 0 || proto.SelfKind != Core.SelfKind.None || proto.Captures.Length > 0) return;
        if (IlCompiler.Unsupported(ir) != null) return;
        proto.JitCandidate = new JitCandidate(ir);
        proto.DirectArgc = -1;
    }
}
