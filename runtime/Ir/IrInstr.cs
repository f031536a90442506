namespace Ruchy.Ir;

/// <summary>
/// One instruction, stored by value in <see cref="IrFunction.Instrs"/>; its index is the SSA value it
/// defines. Operands are a range of <see cref="IrFunction.Operands"/>; a terminator's edges a range of
/// <see cref="IrFunction.Edges"/>. <see cref="Pos"/> is the source offset errors are reported at.
/// </summary>
internal struct IrInstr
{
    public IrOp Op;
    public IrType Type;
    /// <summary>The block the instruction belongs to (-1 once removed).</summary>
    public int Block;
    public int OperandStart;
    public int OperandCount;
    public int EdgeStart;
    public int EdgeCount;
    /// <summary>Immediate: constant-pool index, global slot, side entry, builtin id, parameter index...</summary>
    public int Aux;
    public int Pos;
    /// <summary>For code copied in by inlining: 1 + its index in <see cref="IrFunction.InlineFrames"/> (0: the function's own code).</summary>
    public int Inline;

    public readonly bool IsRemoved => Block < 0;
}

/// <summary>A control-flow edge: the target block and the values passed to its parameters.</summary>
internal sealed class IrEdge(int target)
{
    public int Target = target;
    public readonly List<int> Args = new();
}

internal sealed class IrBlock(int id)
{
    public readonly int Id = id;
    public readonly List<int> Params = new();
    /// <summary>The instructions in order; the last is the terminator once the block is finished.</summary>
    public readonly List<int> Instrs = new();
    /// <summary>Filled by <see cref="IrFunction.ComputePredecessors"/>.</summary>
    public readonly List<int> Preds = new();
    public bool Removed;
    /// <summary>For readers of the printed IR: what the block is (loop head, else...).</summary>
    public string? Label;
    /// <summary>Lay this block out right after block <see cref="After"/> (an earlier one; -1: in creation order). An inlined body follows its call.</summary>
    public int After = -1;
}
