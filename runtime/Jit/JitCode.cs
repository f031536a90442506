using Ruchy.Bytecode;
using Ruchy.Values;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// The entry of a compiled function: its arguments are in the VM stack at <paramref name="fp"/> (where an interpreted
/// frame would start); it pushes its own frame, runs, pops it and returns the value.
/// </summary>
internal delegate Value JitEntry(RegisterVm vm, RFunction function, int fp, int callPos);

/// <summary>
/// A function compiled to IL (<see cref="IlCompiler"/>): the delegate, and what the code and the VM read at run time.
/// Instructions are named by their IR value ("sites"): positions and inline frames are indexed by it, so an error
/// in compiled code has the position and stack trace it has in the interpreter.
/// </summary>
internal sealed class JitCode
{
    public JitCode(RegisterProto proto, Value[] constants, object[] side, int[] positions, int[] inlineAt, InlineFrame[] inlineFrames, int argBase)
    {
        Proto = proto;
        Constants = constants;
        Side = side;
        Positions = positions;
        InlineAt = inlineAt;
        InlineFrames = inlineFrames;
        ArgBase = argBase;
    }

    public JitEntry Entry = null!;
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
    /// <summary>The emitted IL as text (for <c>ruchy run --trace-jit</c> and teaching), when asked for.</summary>
    public string? Listing;
    /// <summary>Time spent compiling (IR to IL and the delegate; the CLR compiles the IL at the first call).</summary>
    public TimeSpan CompileTime;
}
