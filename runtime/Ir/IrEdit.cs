using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>Small edits the passes share: removing and inserting instructions, dropping blocks, counting uses.</summary>
internal static class IrEdit
{
    public static void Remove(IrFunction f, int v)
    {
        int b = f[v].Block;
        if (b < 0) return;
        f.Blocks[b].Instrs.Remove(v);
        f[v].Block = -1;
    }

    /// <summary>
    /// Removes many instructions, each block's list compacted once (removing one by one from a large block
    /// shifts the rest of the list each time). The lists keep their order, as with <see cref="Remove"/>.
    /// </summary>
    public static void RemoveMany(IrFunction f, List<int> values)
    {
        if (values.Count == 0) return;
        var touched = new bool[f.Blocks.Count];
        foreach (var v in values)
        {
            int b = f[v].Block;
            if (b < 0) continue;
            touched[b] = true;
            f[v].Block = -1;
        }
        for (int b = 0; b < touched.Length; b++)
        {
            if (!touched[b]) continue;
            var list = f.Blocks[b].Instrs;
            int kept = 0;
            for (int i = 0; i < list.Count; i++)
                if (f[list[i]].Block >= 0) list[kept++] = list[i];
            list.RemoveRange(kept, list.Count - kept);
        }
    }

    /// <summary>Inserts a new constant right before instruction <paramref name="before"/> (or at the start of <paramref name="block"/> when it is -1).</summary>
    public static int InsertConst(IrFunction f, Value value, int block, int before, int pos)
    {
        int c = f.NewInstr(IrOp.Const, IrType.Of(value), block, pos, f.Constant(value), ReadOnlySpan<int>.Empty);
        var list = f.Blocks[block].Instrs;
        int at = before < 0 ? 0 : list.IndexOf(before);
        list.Insert(at, c);
        return c;
    }

    /// <summary>Gives terminator <paramref name="v"/> new edges to <paramref name="targets"/>, without arguments yet.</summary>
    public static void SetEdges(IrFunction f, int v, ReadOnlySpan<int> targets)
    {
        f[v].EdgeStart = f.Edges.Count;
        f[v].EdgeCount = targets.Length;
        foreach (var target in targets) f.Edges.Add(new IrEdge(target));
    }

    /// <summary>Moves an instruction to the end of <paramref name="block"/>, before its terminator.</summary>
    public static void MoveBeforeTerminator(IrFunction f, int v, int block)
    {
        Remove(f, v);
        var list = f.Blocks[block].Instrs;
        list.Insert(list.Count - 1, v);
        f[v].Block = block;
    }

    /// <summary>Marks blocks not reachable from the entry removed; true if any was.</summary>
    public static bool RemoveUnreachable(IrFunction f)
    {
        var reachable = new bool[f.Blocks.Count];
        foreach (var b in f.ReversePostorder()) reachable[b] = true;
        bool any = false;
        foreach (var b in f.Blocks)
        {
            if (b.Removed || reachable[b.Id]) continue;
            b.Removed = true;
            foreach (var v in b.Instrs) f[v].Block = -1;
            foreach (var p in b.Params) f[p].Block = -1;
            any = true;
        }
        f.ComputePredecessors();
        return any;
    }

    /// <summary>How many times each value is used (operands and edge arguments of live blocks).</summary>
    public static int[] UseCounts(IrFunction f)
    {
        var uses = new int[f.InstrCount];
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
            {
                foreach (var o in f.OperandsOf(v)) uses[o]++;
                ref var ins = ref f[v];
                for (int k = 0; k < ins.EdgeCount; k++)
                    foreach (var a in f.Edge(v, k).Args) uses[a]++;
            }
        }
        return uses;
    }

    /// <summary>Turns a two-way terminator into a jump along edge <paramref name="keep"/>.</summary>
    public static void ToJump(IrFunction f, int terminator, int keep)
    {
        ref var ins = ref f[terminator];
        ins.Op = IrOp.Jump;
        ins.EdgeStart += keep;
        ins.EdgeCount = 1;
        ins.OperandCount = 0;
    }

    /// <summary>True for a value whose representation is a scalar (no object: copies cannot alias).</summary>
    public static bool IsScalar(IrType t) => t.Kinds != IrKinds.None && (t.Kinds & ~(IrKinds.Int | IrKinds.Float | IrKinds.Bool | IrKinds.Nil)) == 0;
}
