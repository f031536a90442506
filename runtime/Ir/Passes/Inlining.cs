using Ruchy.Bytecode;
using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Inlining of small leaf functions. A call of a global function (CallGlobal) whose optimized IR is small and
/// calls nothing that could push a frame is replaced by a copy of that IR: the callee's parameters become the
/// call's arguments and each return a jump to the code after the call. A guard (BranchCallee) keeps the call
/// itself as the other path, taken when the global no longer holds that function (a notebook redefined it) or
/// when the call would have hit the depth limit; the copy's instructions carry an inline frame, so an error
/// inside reports the stack trace the call would have had. Leaves only: a copy that called on would run its
/// callees one frame shallower than the call did, and the depth limit would fire at another point.
/// </summary>
internal sealed class Inlining : IrPass
{
    /// <summary>Largest callee copied (its live instructions, block parameters included); twice this inside a loop.</summary>
    public const int MaxCalleeSize = 30;
    /// <summary>Instructions a function may gain by inlining, at least; more for big functions (twice their size).</summary>
    public const int MinGrowthBudget = 200;

    public override Switch Switch => SwitchRegistry.PassInline;

    public override bool Run(IrFunction f)
    {
        var module = f.Module;
        if (module == null) return false;
        var inLoop = LoopBlocks(f);
        // The sites first: inlining moves the code after a call into a new block.
        var sites = new List<(int Call, bool InLoop)>();
        foreach (var b in f.ReversePostorder())
            foreach (var v in f.Blocks[b].Instrs)
                if (f[v].Op == IrOp.CallGlobal && f[v].Inline == 0) sites.Add((v, inLoop[b]));
        if (sites.Count == 0) return false;
        int budget = Math.Max(MinGrowthBudget, 2 * Size(f));
        bool changed = false;
        foreach (var (call, loop) in sites)
        {
            var target = (CallTarget)f.Side[f[call].Aux];
            var callee = target.Global >= 0 ? module.FunctionAt(target.Global) : null;
            if (callee == null || callee == f.Source) continue;
            var template = module.Template(callee, this, IsInlinable);
            if (template == null || template.Entry.Params.Count != f[call].OperandCount) continue;
            int size = Size(template);
            if (size > (loop ? 2 * MaxCalleeSize : MaxCalleeSize) || size > budget) continue;
            budget -= size;
            Inline(f, call, target.Global, callee, template);
            changed = true;
        }
        if (changed) f.ComputePredecessors();
        return changed;
    }

    /// <summary>A callee that can be copied: no calls or closures, no frame-bound instructions (pinned self, defaults, ?, upvalues).</summary>
    private static bool IsInlinable(IrFunction t)
    {
        if (t.Children.Count > 0 || t.PinnedSlots.Length > 0 || t.InlineFrames.Count > 0) return false;
        t.ComputePredecessors();
        if (t.Entry.Preds.Count > 0) return false;
        foreach (var b in t.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
            {
                var op = t[v].Op;
                // Builtins neither call back into Ruchy code nor push frames (the methods that do are CallMethod).
                if (op == IrOp.CallNative) continue;
                if ((IrOpInfo.Effects(op) & (IrEffects.Calls | IrEffects.MayReturn)) != 0) return false;
                if (op is IrOp.Closure or IrOp.BranchArgPassed or IrOp.BranchCallee) return false;
                if (IrOpInfo.AuxKind(op) == IrAux.FrameSlot && op != IrOp.Param) return false;
            }
        }
        return true;
    }

    private static int Size(IrFunction f)
    {
        int n = 0;
        foreach (var b in f.Blocks)
            if (!b.Removed) n += b.Instrs.Count + b.Params.Count;
        return n;
    }

    private static void Inline(IrFunction f, int call, int global, BoundFunction callee, IrFunction t)
    {
        int pos = f[call].Pos;
        int block = f[call].Block;
        var b = f.Blocks[block];
        int at = b.Instrs.IndexOf(call);

        // The code after the call moves to a continuation block whose parameter is the call's result.
        int cont = f.NewBlock("after " + callee.Name);
        var contBlock = f.Blocks[cont];
        for (int i = at + 1; i < b.Instrs.Count; i++)
        {
            contBlock.Instrs.Add(b.Instrs[i]);
            f[b.Instrs[i]].Block = cont;
        }
        b.Instrs.RemoveRange(at, b.Instrs.Count - at);
        int result = f.NewInstr(IrOp.Param, IrType.Any, cont, pos, 0, ReadOnlySpan<int>.Empty);
        contBlock.Params.Add(result);
        var map = IrRewrite.IdentityMap(f);
        map[call] = result;
        IrRewrite.ApplyReplacements(f, map);

        // The call itself, for when the guard fails.
        int fallback = f.NewBlock("call " + callee.Name);
        f.Blocks[fallback].Instrs.Add(call);
        f[call].Block = fallback;
        int jump = Terminate(f, fallback, IrOp.Jump, pos, 0, cont);
        f.Edge(jump, 0).Args.Add(call);

        // The copy, laid out right after the guard, then the continuation after the copy.
        f.InlineFrames.Add(new InlineFrame(callee.Name, pos, f[call].Inline - 1));
        int frame = f.InlineFrames.Count;
        var args = f.OperandsOf(call).ToArray();
        var (entry, last) = Copy(f, t, args, frame, cont, block);
        contBlock.After = last;
        Terminate(f, block, IrOp.BranchCallee, pos, f.AddSide(new IrCalleeGuard(global, callee)), entry, fallback);
    }

    /// <summary>Copies the callee's live blocks into <paramref name="f"/>; returns the copy of its entry and the last block copied.</summary>
    private static (int Entry, int Last) Copy(IrFunction f, IrFunction t, int[] args, int frame, int cont, int after)
    {
        var order = t.ReversePostorder();
        var blockMap = new int[t.Blocks.Count];
        var valueMap = new int[t.InstrCount];
        Array.Fill(valueMap, -1);
        int previous = after;
        foreach (var tb in order)
        {
            int nb = f.NewBlock(t.Blocks[tb].Label == null ? t.Name : t.Name + ": " + t.Blocks[tb].Label);
            f.Blocks[nb].After = previous;
            previous = nb;
            blockMap[tb] = nb;
        }
        // Values first (operands may refer forward, around loops), then operands and edges.
        foreach (var tb in order)
        {
            var src = t.Blocks[tb];
            int nb = blockMap[tb];
            for (int i = 0; i < src.Params.Count; i++)
            {
                int p = src.Params[i];
                if (tb == 0)
                {
                    valueMap[p] = args[i];
                    continue;
                }
                int np = f.NewInstr(IrOp.Param, t[p].Type, nb, t[p].Pos, t[p].Aux, ReadOnlySpan<int>.Empty);
                f[np].Inline = frame;
                f.Blocks[nb].Params.Add(np);
                valueMap[p] = np;
            }
            foreach (var v in src.Instrs)
            {
                ref var ins = ref t[v];
                var op = ins.Op == IrOp.Return ? IrOp.Jump : ins.Op;
                int aux = IrOpInfo.AuxKind(op) switch
                {
                    IrAux.Constant => f.Constant(t.Constants[ins.Aux]),
                    IrAux.Side => f.AddSide(t.Side[ins.Aux]),
                    _ => ins.Aux,
                };
                int nv = f.NewInstr(op, ins.Type, nb, ins.Pos, aux, ReadOnlySpan<int>.Empty);
                f[nv].Inline = frame;
                f.Blocks[nb].Instrs.Add(nv);
                valueMap[v] = nv;
            }
        }
        foreach (var tb in order)
        {
            foreach (var v in t.Blocks[tb].Instrs)
            {
                int nv = valueMap[v];
                ref var ins = ref t[v];
                if (ins.Op == IrOp.Return)
                {
                    // A return hands its value to the continuation.
                    IrEdit.SetEdges(f, nv, [cont]);
                    f.Edge(nv, 0).Args.Add(valueMap[t.Operand(v, 0)]);
                    continue;
                }
                var ops = t.OperandsOf(v);
                f[nv].OperandStart = f.Operands.Count;
                f[nv].OperandCount = ops.Length;
                foreach (var o in ops) f.Operands.Add(valueMap[o]);
                if (ins.EdgeCount == 0) continue;
                var targets = new int[ins.EdgeCount];
                for (int k = 0; k < targets.Length; k++) targets[k] = blockMap[t.Edge(v, k).Target];
                IrEdit.SetEdges(f, nv, targets);
                for (int k = 0; k < targets.Length; k++)
                    foreach (var a in t.Edge(v, k).Args) f.Edge(nv, k).Args.Add(valueMap[a]);
            }
        }
        return (blockMap[0], previous);
    }

    private static int Terminate(IrFunction f, int block, IrOp op, int pos, int aux, params ReadOnlySpan<int> targets)
    {
        int t = f.NewInstr(op, IrType.Bottom, block, pos, aux, ReadOnlySpan<int>.Empty);
        f.Blocks[block].Instrs.Add(t);
        IrEdit.SetEdges(f, t, targets);
        return t;
    }

    /// <summary>Blocks inside some loop: the bodies of the natural loops of the back edges (edges to a block that dominates their source).</summary>
    private static bool[] LoopBlocks(IrFunction f)
    {
        var dom = new Dominators(f);
        var inLoop = new bool[f.Blocks.Count];
        var work = new Stack<int>();
        foreach (var b in dom.ReversePostorder)
        {
            int t = f.Terminator(b);
            if (t < 0) continue;
            for (int k = 0; k < f[t].EdgeCount; k++)
            {
                int head = f.Edge(t, k).Target;
                if (!dom.Dominates(head, b)) continue;
                var body = new bool[f.Blocks.Count];
                body[head] = inLoop[head] = true;
                work.Push(b);
                while (work.Count > 0)
                {
                    int x = work.Pop();
                    if (body[x]) continue;
                    body[x] = inLoop[x] = true;
                    foreach (var p in f.Blocks[x].Preds) work.Push(p);
                }
            }
        }
        return inLoop;
    }
}
