using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// CFG simplification: a block whose only predecessor jumps to it is merged into that predecessor (its
/// parameters become the jump's arguments); a block that only jumps on (no parameters, no instructions) is
/// skipped by the edges into it; an edge into a block that only branches on one of its parameters goes
/// straight to the branch's target when the edge decides the test (the value passed is a constant, or the
/// very value the edge's own branch just tested: the joins of <c>&amp;&amp;</c> and <c>||</c>), and a jump into such a
/// block becomes a copy of its branch; a two-way branch whose edges agree becomes a jump; dead blocks go.
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
            var order = OrderOf(f);
            foreach (var b in f.Blocks)
            {
                if (b.Removed) continue;
                changed |= ThreadJumps(f, b) | ThreadBranches(f, b, order) | FoldSameTargets(f, b);
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

    /// <summary>Edges into a block holding nothing but a branch on one of its parameters (see the class summary).</summary>
    /// <remarks>
    /// Loop back edges are left alone: the VMs check for an interrupt on a backward jump, and a back edge made a
    /// conditional branch would no longer be one (a loop whose test was threaded could not be stopped).
    /// </remarks>
    private static bool ThreadBranches(IrFunction f, IrBlock b, int[] order)
    {
        int t = f.Terminator(b.Id);
        if (t < 0) return false;
        bool changed = false;
        for (int k = 0; k < f[t].EdgeCount; k++)
        {
            var e = f.Edge(t, k);
            var target = f.Blocks[e.Target];
            if (target.Id == 0 || target.Id == b.Id || target.Instrs.Count != 1 || IrRewrite.ImplicitParams(f, t, k) > 0) continue;
            if (order[target.Id] <= order[b.Id]) continue;
            int branch = target.Instrs[0];
            if (f[branch].Op != IrOp.Branch) continue;
            // Every edge made here must stay a forward one (see remarks).
            if (order[f.Edge(branch, 0).Target] <= order[b.Id] || order[f.Edge(branch, 1).Target] <= order[b.Id]) continue;
            int param = target.Params.IndexOf(f.Operand(branch, 0));
            if (param < 0 || ParamsUsedElsewhere(f, target)) continue;
            int tested = e.Args[param];
            int outcome = -1;
            if (f[tested].Op == IrOp.Const) outcome = f.Constants[f[tested].Aux].IsTruthy ? 0 : 1;
            else if (f[t].Op == IrOp.Branch && f.Operand(t, 0) == tested) outcome = k;
            if (outcome >= 0)
            {
                var next = f.Edge(branch, outcome);
                var args = MapArgs(next.Args, target, e.Args);
                e.Target = next.Target;
                e.Args.Clear();
                e.Args.AddRange(args);
                changed = true;
                continue;
            }
            if (f[t].Op != IrOp.Jump || target.Preds.Count < 2) continue;
            // The jump becomes the branch itself, on the value the jump passed.
            int copy = f.NewInstr(IrOp.Branch, IrType.Bottom, b.Id, f[branch].Pos, 0, [tested]);
            f[copy].Inline = f[branch].Inline;
            IrEdit.SetEdges(f, copy, [f.Edge(branch, 0).Target, f.Edge(branch, 1).Target]);
            for (int j = 0; j < 2; j++) f.Edge(copy, j).Args.AddRange(MapArgs(f.Edge(branch, j).Args, target, e.Args));
            b.Instrs[^1] = copy;
            f[t].Block = -1;
            return true;
        }
        return changed;
    }

    /// <summary>Each block's reverse-postorder number (-1: unreachable); an edge to a block numbered no higher than its source is a loop's back edge.</summary>
    private static int[] OrderOf(IrFunction f)
    {
        var order = new int[f.Blocks.Count];
        Array.Fill(order, -1);
        var rpo = f.ReversePostorder();
        for (int i = 0; i < rpo.Count; i++) order[rpo[i]] = i;
        return order;
    }

    /// <summary>A parameter of the block is read outside its own terminator (then edges cannot bypass the block).</summary>
    private static bool ParamsUsedElsewhere(IrFunction f, IrBlock block)
    {
        int own = block.Instrs[^1];
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
            {
                if (v == own) continue;
                foreach (var o in f.OperandsOf(v))
                    if (f[o].Block == block.Id && f[o].Op == IrOp.Param) return true;
                for (int k = 0; k < f[v].EdgeCount; k++)
                    foreach (var a in f.Edge(v, k).Args)
                        if (f[a].Block == block.Id && f[a].Op == IrOp.Param) return true;
            }
        }
        return false;
    }

    /// <summary>A block's edge arguments as seen from an edge into it: its parameters replaced by what the edge passes.</summary>
    private static int[] MapArgs(List<int> args, IrBlock block, List<int> passed)
    {
        var mapped = new int[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            int p = block.Params.IndexOf(args[i]);
            mapped[i] = p >= 0 ? passed[p] : args[i];
        }
        return mapped;
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
