using Ruchy.Bytecode;
using Ruchy.Ir;
using Ruchy.Values;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// The entry of a compiled function: its arguments are in the VM stack at <paramref name="fp"/> (where an interpreted
/// frame would start); it pushes its own frame, runs, pops it and returns the value.
/// </summary>
internal delegate Value JitEntry(RegisterVm vm, RFunction function, int fp, int callPos);

/// <summary>
/// On-stack replacement: an interpreted activation (frame <paramref name="depth"/>, registers at <paramref name="fp"/>)
/// continues in compiled code from a loop header, its live values read from its registers; returns the function's value.
/// </summary>
internal delegate Value JitOsrEntry(RegisterVm vm, int fp, int depth, int entry);

/// <summary>
/// A function compiled to IL (<see cref="IlCompiler"/>): the delegate, and what the code and the VM read at run time.
/// Instructions are named by their IR value ("sites"): positions and inline frames are indexed by it, so an error
/// in compiled code has the position and stack trace it has in the interpreter.
/// </summary>
/// <remarks>
/// A compiled function has two methods: the body, which takes its arguments as IL arguments (a parameter the
/// profile saw only as an int is a <c>long</c>: the speculation), and the entry, which reads them from the VM
/// stack, checks the speculation (the entry guard) and calls the body. A failed entry guard runs the same function
/// compiled without speculation (<see cref="Generic"/>), and after <see cref="JitPolicy.ExitLimit"/> failures that
/// version replaces this one.
/// </remarks>
internal sealed class JitCode
{
    public JitCode(IrFunction ir, RegisterProto proto, Value[] constants, object[] side, int[] positions, int[] inlineAt, InlineFrame[] inlineFrames, int argBase,
        bool[] intParams, JitPolicy policy)
    {
        Ir = ir;
        Proto = proto;
        Constants = constants;
        Side = side;
        Positions = positions;
        InlineAt = inlineAt;
        InlineFrames = inlineFrames;
        ArgBase = argBase;
        IntParams = intParams;
        Policy = policy;
        DeoptRegisters = new int[positions.Length][];
        DeoptExits = new int[positions.Length];
    }

    public JitEntry Entry = null!;
    /// <summary>For code compiled to enter at a loop header (on-stack replacement): its entry; Entry is then unset.</summary>
    public JitOsrEntry? Osr;
    /// <summary>The loop headers <see cref="Osr"/> can enter, by entry index.</summary>
    public int[]? OsrBlocks;
    /// <summary>From the fp of the registers to the compiled frame's fp (above the outgoing-argument area).</summary>
    public int FrameShift;
    /// <summary>The optimized IR the code was compiled from (kept to recompile without speculation).</summary>
    public readonly IrFunction Ir;
    public readonly RegisterProto Proto;
    public readonly Value[] Constants;
    /// <summary>The IR's side entries (call targets, field and format sites...), which the code passes to helpers.</summary>
    public readonly object[] Side;
    /// <summary>Source offset per IR value.</summary>
    public readonly int[] Positions;
    /// <summary>Per IR value: 1 + the inline frame it was copied from, 0 for the function's own code.</summary>
    public readonly int[] InlineAt;
    public readonly InlineFrame[] InlineFrames;
    /// <summary>Where outgoing arguments go, from the frame's start: above the registers an interpreted frame would use.</summary>
    public readonly int ArgBase;
    /// <summary>Per parameter: speculated to be an int (the body takes it unboxed; the entry guard checks it).</summary>
    public readonly bool[] IntParams;
    public readonly JitPolicy Policy;
    /// <summary>How often the entry guard failed (arguments of other kinds than the profile saw).</summary>
    public int EntryExits;
    /// <summary>Per guarded call (IR value): the registers its frame state's values go to when it deoptimizes.</summary>
    public readonly int[][] DeoptRegisters;
    /// <summary>Per guarded call: how often it deoptimized.</summary>
    public readonly int[] DeoptExits;
    /// <summary>The same function compiled without speculation, once a guard has failed.</summary>
    public JitCode? Generic;
    /// <summary>Call sites compiled as direct calls of a body (guarded on the callee's identity).</summary>
    public int DirectCalls;
    /// <summary>Calls whose result is speculated to be an int (a guard follows each).</summary>
    public int GuardedCalls;
    /// <summary>The emitted IL as text (for <c>ruchy run --trace-jit</c> and teaching), when asked for.</summary>
    public string? Listing;
    /// <summary>Time spent compiling (IR to IL and the delegate; the CLR compiles the IL at the first call).</summary>
    public TimeSpan CompileTime;

    public bool Speculates => Array.IndexOf(IntParams, true) >= 0;

    /// <summary>Compiled by the optimizing tier (direct calls of itself, speculation where the profile allows it).</summary>
    public bool Optimized;

    /// <summary>Baseline code whose entry counts calls and argument kinds until the optimizing tier takes over (<c>jit.opt_threshold</c>).</summary>
    public bool CountsCalls;
}
