using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// CFG simplification: a block whose only predecessor jumps to it is merged into that predecessor (its
/// parameters become the jump's arguments); a block that only jumps on (no parameters, no instructions) is
/// skipped by the edges into it; a two-way branch whose edges agree becomes a jump; dead blocks go.
/// </summary>
internal sealed class SimplifyCfg : IrPass
{
    public override Switch Switch => SwitchRegistry.PassSimplifyCfg;

    public override bool Run(IrFunction f)
    {
        bool any = false, changed = true;
        while (changed)
        {
            changed = false;
            f.ComputePredecessors();
            foreach (var b in f.Blocks)
            {
                if (b.Removed) continue;
                changed |= ThreadJumps(f, b) | FoldSameTargets(f, b);
            }
            f.ComputePredecessors();
            foreach (var b in f.Blocks)
            {
                if (b.Removed) continue;
                if (MergeSuccessor(f, b))
                {
                    changed = true;
                    f.ComputePredecessors();
                }
            }
            changed |= IrEdit.RemoveUnreachable(f);
            any |= changed;
        }
        any |= IrRewrite.RemoveTrivialParams(f);
        return any;
    }

    /// <summary>Edges into an empty block that only jumps (without parameters) go straight to its target.</summary>
    private static bool ThreadJumps(IrFunction f, IrBlock b)
    {
        int t = f.Terminator(b.Id);
        if (t < 0) return false;
        bool changed = false;
        for (int k = 0; k < f[t].EdgeCount; k++)
        {
            var e = f.Edge(t, k);
            for (int hops = 0; hops < 8; hops++)
            {
                var target = f.Blocks[e.Target];
                if (target.Id == 0 || target.Params.Count > 0 || target.Instrs.Count != 1 || e.Args.Count > 0) break;
                int jump = target.Instrs[0];
                if (f[jump].Op != IrOp.Jump || f.Edge(jump, 0).Target == target.Id) break;
                var next = f.Edge(jump, 0);
                e.Target = next.Target;
                e.Args.AddRange(next.Args);
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>A branch whose two edges go to one block with the same arguments is a jump.</summary>
    private static bool FoldSameTargets(IrFunction f, IrBlock b)
    {
        int t = f.Terminator(b.Id);
        if (t < 0 || f[t].EdgeCount != 2 || f[t].Op is not (IrOp.Branch or IrOp.BranchPresent or IrOp.BranchNil)) return false;
        var e0 = f.Edge(t, 0);
        var e1 = f.Edge(t, 1);
        if (e0.Target != e1.Target || !e0.Args.SequenceEqual(e1.Args)) return false;
        IrEdit.ToJump(f, t, 0);
        return true;
    }

    /// <summary>Merges the successor of a jump when the jump is its only way in.</summary>
    private static bool MergeSuccessor(IrFunction f, IrBlock b)
    {
        int t = f.Terminator(b.Id);
        if (t < 0 || f[t].Op != IrOp.Jump) return false;
        var e = f.Edge(t, 0);
        var s = f.Blocks[e.Target];
        if (s.Id == 0 || s.Id == b.Id || s.Preds.Count != 1) return false;
        var replacement = IrRewrite.IdentityMap(f);
        for (int i = 0; i < s.Params.Count; i++)
        {
            replacement[s.Params[i]] = e.Args[i];
            f[s.Params[i]].Block = -1;
        }
        s.Params.Clear();
        b.Instrs.RemoveAt(b.Instrs.Count - 1);
        f[t].Block = -1;
        foreach (var v in s.Instrs)
        {
            b.Instrs.Add(v);
            f[v].Block = b.Id;
        }
        s.Instrs.Clear();
        s.Removed = true;
        IrRewrite.ApplyReplacements(f, replacement);
        return true;
    }
}
