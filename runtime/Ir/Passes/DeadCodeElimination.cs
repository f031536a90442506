using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Mark-and-sweep dead code elimination: instructions with effects (and terminators) are live, and so is
/// everything they use, transitively; a block parameter is live when its value is, and then so are the
/// arguments passed to it. Unmarked instructions and parameters are removed (never the entry's parameters,
/// which are the calling convention, nor the value a terminator writes into its successor).
/// </summary>
internal sealed class DeadCodeElimination : IrPass
{
    public override Switch Switch => SwitchRegistry.PassDce;

    public override bool Run(IrFunction f)
    {
        f.ComputePredecessors();
        var live = new bool[f.InstrCount];
        var work = new Stack<int>();
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
                if (!Removable(f, v)) Mark(v);
            if (b.Id == 0) foreach (var p in b.Params) Mark(p);
        }
        while (work.Count > 0)
        {
            int v = work.Pop();
            ref var ins = ref f[v];
            foreach (var o in f.OperandsOf(v)) Mark(o);
            if (ins.Op != IrOp.Param) continue;
            // A live parameter keeps the arguments passed to it.
            var block = f.Blocks[ins.Block];
            int index = block.Params.IndexOf(v);
            foreach (var pred in block.Preds.Distinct())
            {
                int t = f.Terminator(pred);
                for (int k = 0; k < f[t].EdgeCount; k++)
                {
                    var e = f.Edge(t, k);
                    if (e.Target != block.Id) continue;
                    int ai = index - IrRewrite.ImplicitParams(f, t, k);
                    if (ai >= 0) Mark(e.Args[ai]);
                }
            }
        }
        bool changed = false;
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            // Compacted in place (removing one by one shifts a large block's list each time).
            var instrs = b.Instrs;
            int kept = 0;
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                if (live[v]) instrs[kept++] = v;
                else f[v].Block = -1;
            }
            if (kept < instrs.Count)
            {
                instrs.RemoveRange(kept, instrs.Count - kept);
                changed = true;
            }
            if (b.Id == 0) continue;
            for (int i = b.Params.Count - 1; i >= 0; i--)
            {
                if (live[b.Params[i]] || IrRewrite.IsImplicitParam(f, b.Id, i)) continue;
                IrRewrite.RemoveParam(f, b.Id, i);
                changed = true;
            }
        }
        return changed;

        void Mark(int v)
        {
            if (live[v]) return;
            live[v] = true;
            work.Push(v);
        }
    }

    /// <summary>Whether an unused instruction may go: no effect, or only reading memory, or a comparison of numbers.</summary>
    private static bool Removable(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        if (IrOpInfo.IsRemovableIfUnused(ins.Op)) return true;
        if (IrOpInfo.IsCompare(ins.Op))
        {
            var ops = f.OperandsOf(v);
            return f[ops[0]].Type.IsNumber && f[ops[1]].Type.IsNumber;
        }
        return false;
    }

}
