using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>A function compiled for the stack VM: its code and frame layout. Immutable (see <see cref="FunctionProto"/>).</summary>
internal sealed class StackProto : FunctionProto
{
    public readonly StackInstr[] Code;
    /// <summary>Frame slots (locals and hidden temporaries); the operand stack starts above them.</summary>
    public readonly int SlotCount;
    /// <summary>Stack room the frame needs: its slots plus the deepest operand stack.</summary>
    public readonly int FrameSize;

    public StackProto(in ProtoHeader header, StackInstr[] code, int slotCount, int frameSize, int[] positions, Value[] constants, object[] side)
        : base(header, code.Length, positions, constants, side)
    {
        if (slotCount > frameSize) throw new ArgumentException($"{header.Name}: {slotCount} slots in a frame of {frameSize}", nameof(frameSize));
        Code = code;
        SlotCount = slotCount;
        FrameSize = frameSize;
    }
}
