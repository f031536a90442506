namespace Ruchy.Bytecode;

/// <summary>One stack-VM instruction: an opcode and two int operands (12 bytes).</summary>
internal readonly record struct StackInstr(StackOp Op, int A, int B)
{
    public override string ToString() => $"{Op} {A} {B}";
}
