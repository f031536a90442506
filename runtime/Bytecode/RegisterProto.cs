using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>A function compiled for the register VM: its code and the registers its frame needs. Immutable (see <see cref="FunctionProto"/>).</summary>
internal sealed class RegisterProto : FunctionProto
{
    public readonly Instr[] Code;
    /// <summary>Registers the frame needs: parameters, locals and temporaries.</summary>
    public readonly int FrameSize;

    /// <summary>Calls the IR pipeline inlined here (null when none); <see cref="InlineAt"/> gives per instruction 1 + the index of the innermost one it came from, 0 for the function's own code.</summary>
    public readonly InlineFrame[]? InlineFrames;
    public readonly int[]? InlineAt;

    /// <summary>The JIT tier's view of this function (runtime/Jit): its IR and call count while interpreted; null in other tiers.</summary>
    public Jit.JitCandidate? JitCandidate;
    /// <summary>The compiled code, once the JIT tier has compiled this function.</summary>
    public Jit.JitCode? Jit;
    /// <summary>Any compiled version of this function (all share the IR): its per-site positions and inline frames serve traces of compiled frames.</summary>
    public Jit.JitCode? JitSites;
    /// <summary>Where the code keeps each IR value and where calls resume (the JIT tier's deoptimization needs it); null in other tiers.</summary>
    public Ir.FrameMap? FrameMap;

    public RegisterProto(in ProtoHeader header, Instr[] code, int frameSize, int[] positions, Value[] constants, object[] side,
        InlineFrame[]? inlineFrames = null, int[]? inlineAt = null)
        : base(header, code.Length, positions, constants, side)
    {
        if (inlineAt != null && inlineAt.Length != code.Length) throw new ArgumentException($"{header.Name}: {inlineAt.Length} inline entries for {code.Length} instructions", nameof(inlineAt));
        Code = code;
        FrameSize = frameSize;
        InlineFrames = inlineFrames;
        InlineAt = inlineAt;
    }
}
