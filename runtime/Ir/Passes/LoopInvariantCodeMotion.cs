using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Loop-invariant code motion: loops are found from back edges (an edge to a block that dominates its
/// source); an instruction in a loop whose operands are all defined outside it moves to the loop's
/// preheader (the one block outside the loop that jumps to its head). Only instructions that cannot raise,
/// write, read mutable state or allocate objects move, so running them once before the loop, even when
/// the loop runs zero times, is unobservable: constants, and comparisons and arithmetic proved not to raise.
/// </summary>
internal sealed class LoopInvariantCodeMotion : IrPass
{
    public override Switch Switch => SwitchRegistry.PassLicm;

    public override bool Run(IrFunction f)
    {
        var dom = new Dominators(f);
        bool changed = false;
        // Innermost loops first would be ideal; each loop is handled once, outer loops can lift further on O3.
        foreach (var head in dom.ReversePostorder)
        {
            // Back edges' sources, each once; no list for the many blocks that head no loop.
            List<int>? latches = null;
            foreach (var p in f.Blocks[head].Preds)
                if (dom.Dominates(head, p) && !(latches?.Contains(p) ?? false)) (latches ??= new List<int>()).Add(p);
            if (latches == null) continue;
            var body = LoopBody(f, head, latches);
            int preheader = Preheader(f, head, body);
            if (preheader < 0) continue;
            bool moved = true;
            while (moved)
            {
                moved = false;
                foreach (var b in dom.ReversePostorder)
                {
                    if (!body.Contains(b)) continue;
                    // By index, not over a copy: a moved instruction leaves the list (the preheader is outside the loop).
                    var instrs = f.Blocks[b].Instrs;
                    for (int i = 0; i < instrs.Count; i++)
                    {
                        int v = instrs[i];
                        if (!Movable(f, v)) continue;
                        bool invariant = true;
                        foreach (var o in f.OperandsOf(v))
                            if (body.Contains(f[o].Block)) { invariant = false; break; }
                        if (!invariant) continue;
                        IrEdit.MoveBeforeTerminator(f, v, preheader);
                        moved = changed = true;
                        if (i >= instrs.Count || instrs[i] != v) i--;
                    }
                }
            }
        }
        return changed;
    }

    private static HashSet<int> LoopBody(IrFunction f, int head, List<int> latches)
    {
        var body = new HashSet<int> { head };
        var work = new Stack<int>(latches);
        while (work.Count > 0)
        {
            int b = work.Pop();
            if (!body.Add(b)) continue;
            foreach (var p in f.Blocks[b].Preds) work.Push(p);
        }
        return body;
    }

    /// <summary>The single block outside the loop that enters it, when it ends in a plain jump; else -1.</summary>
    private static int Preheader(IrFunction f, int head, HashSet<int> body)
    {
        int found = -1;
        foreach (var p in f.Blocks[head].Preds)
        {
            if (body.Contains(p)) continue;
            if (found >= 0 && found != p) return -1;
            found = p;
        }
        if (found < 0 || f[f.Terminator(found)].Op != IrOp.Jump) return -1;
        return found;
    }

    private static bool Movable(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        if (ins.Op == IrOp.Const) return true;
        if (!IrOpInfo.IsCompare(ins.Op) && !IrOpInfo.IsBinary(ins.Op)) return false;
        // Comparisons of numbers never raise; of the arithmetic only float results cannot (no overflow, no division error).
        var ops = f.OperandsOf(v);
        var a = f[ops[0]].Type;
        var b = f[ops[1]].Type;
        if (IrOpInfo.IsCompare(ins.Op)) return a.IsNumber && b.IsNumber;
        return ins.Op is IrOp.Add or IrOp.Sub or IrOp.Mul && a.Is(IrKinds.Float) && b.Is(IrKinds.Float);
    }

}
