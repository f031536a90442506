using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>A function compiled for the register VM: its code and the registers its frame needs. Immutable (see <see cref="FunctionProto"/>).</summary>
internal sealed class RegisterProto : FunctionProto
{
    public readonly Instr[] Code;
    /// <summary>Registers the frame needs: parameters, locals and temporaries.</summary>
    public readonly int FrameSize;

    public RegisterProto(in ProtoHeader header, Instr[] code, int frameSize, int[] positions, Value[] constants, object[] side)
        : base(header, code.Length, positions, constants, side)
    {
        Code = code;
        FrameSize = frameSize;
    }
}
