namespace Ruchy.Ir;

/// <summary>Rewrites shared by construction and the passes: replacing values, removing parameters.</summary>
internal static class IrRewrite
{
    /// <summary>Follows a replacement chain (union-find style, with path compression).</summary>
    public static int Find(int[] replacement, int v)
    {
        // Instructions added after the map was made (new constants) are their own representatives.
        if (v >= replacement.Length) return v;
        int root = v;
        while (root < replacement.Length && replacement[root] != root) root = replacement[root];
        while (v < replacement.Length && replacement[v] != root)
        {
            int next = replacement[v];
            replacement[v] = root;
            v = next;
        }
        return root;
    }

    public static int[] IdentityMap(IrFunction f)
    {
        var map = new int[f.InstrCount];
        for (int i = 0; i < map.Length; i++) map[i] = i;
        return map;
    }

    /// <summary>Applies a replacement map to every operand and edge argument of the live blocks.</summary>
    public static void ApplyReplacements(IrFunction f, int[] replacement)
    {
        var ops = f.Operands;
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
            {
                ref var ins = ref f[v];
                for (int k = 0; k < ins.OperandCount; k++) ops[ins.OperandStart + k] = Find(replacement, ops[ins.OperandStart + k]);
                for (int k = 0; k < ins.EdgeCount; k++)
                {
                    var args = f.Edges[ins.EdgeStart + k].Args;
                    for (int a = 0; a < args.Count; a++) args[a] = Find(replacement, args[a]);
                }
            }
        }
    }

    /// <summary>
    /// The incoming edges of <paramref name="block"/> and, for value-producing terminators, how many of
    /// the block's first parameters they fill implicitly (the item of IterNext, the result of CallMethod).
    /// </summary>
    public static int ImplicitParams(IrFunction f, int terminator, int edge) =>
        edge == 0 && f[terminator].Op is IrOp.CallMethodPlace or IrOp.IterNext or IrOp.ForLoop ? 1 : 0;

    /// <summary>Parameter <paramref name="index"/> of <paramref name="block"/> is filled by a predecessor's terminator (never by an argument).</summary>
    public static bool IsImplicitParam(IrFunction f, int block, int index)
    {
        if (index != 0) return false;
        foreach (var pred in f.Blocks[block].Preds)
        {
            int t = f.Terminator(pred);
            for (int k = 0; k < f[t].EdgeCount; k++)
                if (f.Edge(t, k).Target == block && ImplicitParams(f, t, k) > 0) return true;
        }
        return false;
    }

    /// <summary>Removes parameter number <paramref name="index"/> of a block and the matching argument on every incoming edge.</summary>
    public static void RemoveParam(IrFunction f, int block, int index)
    {
        var b = f.Blocks[block];
        int param = b.Params[index];
        b.Params.RemoveAt(index);
        f[param].Block = -1;
        foreach (var pred in b.Preds.Distinct())
        {
            int t = f.Terminator(pred);
            for (int k = 0; k < f[t].EdgeCount; k++)
            {
                var e = f.Edge(t, k);
                if (e.Target != block) continue;
                int argIndex = index - ImplicitParams(f, t, k);
                if (argIndex < 0) throw new InvalidOperationException("internal IR error: removing an implicit parameter");
                e.Args.RemoveAt(argIndex);
            }
        }
    }

    /// <summary>
    /// Replaces parameters whose incoming arguments are all one value (or the parameter itself) by that
    /// value, until none is left. Implicit parameters (a terminator's result) are never trivial.
    /// </summary>
    public static bool RemoveTrivialParams(IrFunction f)
    {
        var replacement = IdentityMap(f);
        bool any = false, changed = true;
        while (changed)
        {
            changed = false;
            foreach (var b in f.Blocks)
            {
                if (b.Removed || b.Id == 0) continue;
                for (int p = b.Params.Count - 1; p >= 0; p--)
                {
                    int param = b.Params[p];
                    int same = -1;
                    bool trivial = true;
                    foreach (var pred in b.Preds)
                    {
                        int t = f.Terminator(pred);
                        for (int k = 0; k < f[t].EdgeCount && trivial; k++)
                        {
                            var e = f.Edge(t, k);
                            if (e.Target != b.Id) continue;
                            int argIndex = p - ImplicitParams(f, t, k);
                            if (argIndex < 0) { trivial = false; break; }
                            int arg = Find(replacement, e.Args[argIndex]);
                            if (arg == param || arg == same) continue;
                            if (same >= 0) trivial = false;
                            else same = arg;
                        }
                        if (!trivial) break;
                    }
                    if (!trivial || same < 0) continue;
                    replacement[param] = same;
                    RemoveParam(f, b.Id, p);
                    changed = any = true;
                }
            }
        }
        if (any) ApplyReplacements(f, replacement);
        return any;
    }
}
