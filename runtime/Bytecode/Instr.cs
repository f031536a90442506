using System.Runtime.InteropServices;

namespace Ruchy.Bytecode;

/// <summary>
/// One register-VM instruction: an opcode and three int operands (16 bytes). Decoding is a field
/// read, never a shift and mask; the extra bytes are cheap next to a 24-byte Value per register.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Instr(RegOp Op, int A, int B, int C)
{
    public override string ToString() => $"{Op} {A} {B} {C}";
}
