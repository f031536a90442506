namespace Ruchy.Ir;

/// <summary>
/// Checks the IR's invariants: one terminator per block and only at its end; operands are live values;
/// every definition dominates its uses (an edge argument is used at the end of its block); edge arguments
/// match the target's parameters in number and type; constants have their value's type; pinned slots are
/// declared. Returns the problems found (empty when the IR is well formed).
/// </summary>
internal static class IrVerifier
{
    public static List<string> Verify(IrFunction f)
    {
        var errors = new List<string>();
        void Error(string message) => errors.Add($"{f.Name}: {message}");
        var dom = new Dominators(f);
        // Position of each instruction within its block (params: -1) for same-block dominance.
        var index = new int[f.InstrCount];
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var p in b.Params)
            {
                if (f[p].Op != IrOp.Param || f[p].Block != b.Id) Error($"b{b.Id}: parameter v{p} is not a parameter of this block");
                index[p] = -1;
            }
            for (int i = 0; i < b.Instrs.Count; i++) index[b.Instrs[i]] = i;
        }
        foreach (var b in f.Blocks)
        {
            if (b.Removed || !dom.IsReachable(b.Id)) continue;
            if (b.Instrs.Count == 0 || !IrOpInfo.IsTerminator(f[b.Instrs[^1]].Op))
            {
                Error($"b{b.Id}: does not end in a terminator");
                continue;
            }
            for (int i = 0; i < b.Instrs.Count; i++)
            {
                int v = b.Instrs[i];
                ref var ins = ref f[v];
                if (ins.Block != b.Id) Error($"v{v}: listed in b{b.Id} but belongs to b{ins.Block}");
                if (ins.Op == IrOp.Param) Error($"v{v}: parameter among the instructions of b{b.Id}");
                if (i < b.Instrs.Count - 1 && IrOpInfo.IsTerminator(ins.Op)) Error($"v{v}: terminator {IrOpInfo.Name(ins.Op)} in the middle of b{b.Id}");
                if (ins.Op == IrOp.Const && ins.Type.Kinds != IrType.Of(f.Constants[ins.Aux]).Kinds)
                    Error($"v{v}: constant typed {ins.Type}, its value is {IrType.Of(f.Constants[ins.Aux])}");
                if (ins.Op is IrOp.LoadPinned or IrOp.StorePinned && Array.IndexOf(f.PinnedSlots, ins.Aux) < 0)
                    Error($"v{v}: slot {ins.Aux} is not pinned");
                var auxKind = IrOpInfo.AuxKind(ins.Op);
                if (auxKind == IrAux.Constant && (uint)ins.Aux >= (uint)f.Constants.Count) Error($"v{v}: constant #{ins.Aux} is not in the pool");
                if (auxKind == IrAux.Side && (uint)ins.Aux >= (uint)f.Side.Count) Error($"v{v}: side entry #{ins.Aux} does not exist");
                if (ins.Op == IrOp.BranchCallee && (ins.EdgeCount != 2 || (uint)ins.Aux >= (uint)f.Side.Count || f.Side[ins.Aux] is not IrCalleeGuard))
                    Error($"v{v}: an inlined call's guard needs two edges and its callee");
                if ((uint)ins.Inline > (uint)f.InlineFrames.Count) Error($"v{v}: inline frame {ins.Inline} does not exist");
                foreach (var o in f.OperandsOf(v)) CheckUse(o, b.Id, i, $"v{v}");
                for (int k = 0; k < ins.EdgeCount; k++)
                {
                    var e = f.Edge(v, k);
                    if (e.Target < 0 || e.Target >= f.Blocks.Count || f.Blocks[e.Target].Removed)
                    {
                        Error($"v{v}: edge to a missing block b{e.Target}");
                        continue;
                    }
                    var target = f.Blocks[e.Target];
                    int implicitCount = IrRewrite.ImplicitParams(f, v, k);
                    if (e.Args.Count + implicitCount != target.Params.Count)
                        Error($"v{v}: edge to b{e.Target} passes {e.Args.Count + implicitCount} values for {target.Params.Count} parameters");
                    for (int a = 0; a < e.Args.Count; a++)
                    {
                        CheckUse(e.Args[a], b.Id, int.MaxValue, $"edge v{v}->b{e.Target}");
                        int pi = a + implicitCount;
                        if (pi < target.Params.Count && !IsSubtype(f[e.Args[a]].Type, f[target.Params[pi]].Type))
                            Error($"v{v}: edge to b{e.Target} passes v{e.Args[a]}:{f[e.Args[a]].Type} to parameter v{target.Params[pi]}:{f[target.Params[pi]].Type}");
                    }
                }
            }
        }
        for (int i = 0; i < f.InlineFrames.Count; i++)
            if (f.InlineFrames[i].Parent >= i) Error($"inline frame {i}: its caller's frame {f.InlineFrames[i].Parent} is not an earlier one");
        return errors;

        void CheckUse(int operand, int block, int position, string user)
        {
            if (operand < 0 || operand >= f.InstrCount)
            {
                Error($"{user}: operand v{operand} does not exist");
                return;
            }
            ref var def = ref f[operand];
            if (def.IsRemoved)
            {
                Error($"{user}: uses removed value v{operand}");
                return;
            }
            if (def.Op != IrOp.Param && !IrOpInfo.HasResult(def.Op))
            {
                Error($"{user}: v{operand} ({IrOpInfo.Name(def.Op)}) has no result");
                return;
            }
            bool dominates = def.Block == block ? index[operand] < position : dom.Dominates(def.Block, block);
            if (!dominates) Error($"{user}: v{operand} (in b{def.Block}) does not dominate its use in b{block}");
        }
    }

    /// <summary>Every kind of <paramref name="sub"/> is allowed by <paramref name="super"/> (bottom fits anywhere).</summary>
    public static bool IsSubtype(IrType sub, IrType super) => (sub.Kinds & ~super.Kinds) == 0;

    /// <summary>Throws with every problem listed when the IR is malformed (for --verify-ir and the tests).</summary>
    public static void Check(IrFunction f, string after)
    {
        var errors = Verify(f);
        foreach (var child in f.Children) Check(child, after);
        if (errors.Count > 0)
            throw new InvalidOperationException($"IR verification failed after {after}:\n  " + string.Join("\n  ", errors) + "\n" + IrPrinter.Print(f, withChildren: false));
    }
}
