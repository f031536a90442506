using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// One function in SSA form: blocks over a flat instruction array (an instruction's index is its
/// value), an operand pool, edges, a constant pool and side entries (call targets, field sites...).
/// Block 0 is the entry; its parameters are the function's parameters.
/// </summary>
internal sealed class IrFunction
{
    public IrFunction(BoundFunction source, string name)
    {
        Source = source;
        Name = name;
    }

    public readonly BoundFunction Source;
    public readonly string Name;
    public IrInstr[] Instrs = new IrInstr[64];
    public int InstrCount;
    public readonly List<int> Operands = new();
    public readonly List<IrEdge> Edges = new();
    public readonly List<IrBlock> Blocks = new();
    public readonly Compiler.ConstantPool Constants = new();
    public readonly List<object> Side = new();
    /// <summary>Frame slots kept in a fixed register (not SSA): self of a &amp;mut self method is read there on return.</summary>
    public int[] PinnedSlots = Array.Empty<int>();
    /// <summary>Functions created by closures in this one (the Aux of a Closure instruction indexes this list).</summary>
    public readonly List<IrFunction> Children = new();
    /// <summary>The calls inlined into this function (see <see cref="IrInstr.Inline"/>).</summary>
    public readonly List<Bytecode.InlineFrame> InlineFrames = new();
    /// <summary>The program being compiled, for passes that look at other functions (inlining); null for a function compiled alone.</summary>
    public IrModule? Module;

    public ref IrInstr this[int value] => ref Instrs[value];

    public IrBlock Entry => Blocks[0];

    public int NewBlock(string? label = null)
    {
        var b = new IrBlock(Blocks.Count) { Label = label };
        Blocks.Add(b);
        return b.Id;
    }

    /// <summary>Adds an instruction (not yet placed in a block's list unless <paramref name="block"/> is given and it is appended by the caller).</summary>
    public int NewInstr(IrOp op, IrType type, int block, int pos, int aux, ReadOnlySpan<int> operands)
    {
        if (InstrCount == Instrs.Length) Array.Resize(ref Instrs, Instrs.Length * 2);
        int id = InstrCount++;
        Instrs[id] = new IrInstr
        {
            Op = op, Type = type, Block = block, Pos = pos, Aux = aux,
            OperandStart = Operands.Count, OperandCount = operands.Length,
        };
        foreach (var o in operands) Operands.Add(o);
        return id;
    }

    public ReadOnlySpan<int> OperandsOf(int value)
    {
        ref var i = ref Instrs[value];
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Operands).Slice(i.OperandStart, i.OperandCount);
    }

    public int Operand(int value, int k) => Operands[Instrs[value].OperandStart + k];

    public IrEdge Edge(int value, int k) => Edges[Instrs[value].EdgeStart + k];

    public int Constant(Value v) => Constants.Add(v);

    public int AddSide(object entry)
    {
        Side.Add(entry);
        return Side.Count - 1;
    }

    /// <summary>The terminator of a block, or -1 while the block is open.</summary>
    public int Terminator(int block)
    {
        var instrs = Blocks[block].Instrs;
        if (instrs.Count == 0) return -1;
        int last = instrs[^1];
        return IrOpInfo.IsTerminator(Instrs[last].Op) ? last : -1;
    }

    public void ComputePredecessors()
    {
        foreach (var b in Blocks) b.Preds.Clear();
        foreach (var b in Blocks)
        {
            if (b.Removed) continue;
            int t = Terminator(b.Id);
            if (t < 0) continue;
            for (int k = 0; k < Instrs[t].EdgeCount; k++) Blocks[Edges[Instrs[t].EdgeStart + k].Target].Preds.Add(b.Id);
        }
    }

    /// <summary>Blocks reachable from the entry in reverse postorder (the order most passes want).</summary>
    public List<int> ReversePostorder()
    {
        // Sized up front: a block is on the stack at most once, so it never grows.
        var order = new List<int>(Blocks.Count);
        var state = new byte[Blocks.Count];
        var stack = new Stack<(int Block, int Next)>(Blocks.Count);
        stack.Push((0, 0));
        state[0] = 1;
        while (stack.Count > 0)
        {
            var (b, next) = stack.Pop();
            int t = Terminator(b);
            int count = t < 0 ? 0 : Instrs[t].EdgeCount;
            if (next < count)
            {
                stack.Push((b, next + 1));
                int s = Edges[Instrs[t].EdgeStart + next].Target;
                if (state[s] == 0)
                {
                    state[s] = 1;
                    stack.Push((s, 0));
                }
                continue;
            }
            order.Add(b);
        }
        order.Reverse();
        return order;
    }
}
