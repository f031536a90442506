using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Forward type inference over the kind lattice: every value starts at bottom and rises to the join of what
/// can reach it (a block parameter: its incoming arguments), in reverse postorder until nothing changes.
/// The rules follow the runtime's arithmetic (int op int is int, a float makes it float, + on strings...).
/// </summary>
internal sealed class TypeInference : IrPass
{
    public override Switch Switch => SwitchRegistry.PassTypeInference;

    public override bool Run(IrFunction f)
    {
        var before = new IrType[f.InstrCount];
        for (int v = 0; v < f.InstrCount; v++) before[v] = f[v].Type;
        var rpo = f.ReversePostorder();
        f.ComputePredecessors();
        // Inferable values start at bottom; the others keep what the builder knew.
        foreach (var b in rpo)
        {
            var ps = f.Blocks[b].Params;
            for (int i = 0; i < ps.Count; i++)
                if (b != 0 && !IrRewrite.IsImplicitParam(f, b, i)) f[ps[i]].Type = IrType.Bottom;
            foreach (var v in f.Blocks[b].Instrs)
                if (Inferable(f[v].Op)) f[v].Type = IrType.Bottom;
        }
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var b in rpo)
            {
                var block = f.Blocks[b];
                for (int i = 0; i < block.Params.Count; i++)
                {
                    int p = block.Params[i];
                    if (b == 0 || IrRewrite.IsImplicitParam(f, b, i)) continue;
                    var t = IrType.Bottom;
                    var preds = block.Preds;
                    for (int pi = 0; pi < preds.Count; pi++)
                    {
                        int pred = preds[pi];
                        if (preds.IndexOf(pred) < pi) continue; // each predecessor once, as Distinct did
                        int term = f.Terminator(pred);
                        for (int k = 0; k < f[term].EdgeCount; k++)
                        {
                            var e = f.Edge(term, k);
                            if (e.Target != b) continue;
                            int ai = i - IrRewrite.ImplicitParams(f, term, k);
                            if (ai >= 0) t = t.Join(f[e.Args[ai]].Type);
                        }
                    }
                    if (!t.Equals(f[p].Type)) { f[p].Type = t; changed = true; }
                }
                foreach (var v in block.Instrs)
                {
                    if (!Inferable(f[v].Op)) continue;
                    var t = Infer(f, v);
                    if (!t.Equals(f[v].Type)) { f[v].Type = t; changed = true; }
                }
            }
        }
        for (int v = 0; v < f.InstrCount; v++)
            if (!f[v].IsRemoved && !before[v].Equals(f[v].Type)) return true;
        return false;
    }

    private static bool Inferable(IrOp op) => op is IrOp.Const or IrOp.Copy or IrOp.Share or IrOp.Unique or IrOp.CopyTemp
        or >= IrOp.Add and <= IrOp.Plus;

    private static IrType Infer(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        var ops = f.OperandsOf(v);
        switch (ins.Op)
        {
            case IrOp.Const: return IrType.Of(f.Constants[ins.Aux]);
            case IrOp.Copy or IrOp.Share or IrOp.Unique or IrOp.CopyTemp: return f[ops[0]].Type;
        }
        if (IrOpInfo.IsCompare(ins.Op)) return IrType.Bool;
        if (IrOpInfo.IsUnary(ins.Op))
        {
            var a = f[ops[0]].Type;
            if (a.IsBottom) return IrType.Bottom;
            return ins.Op switch
            {
                IrOp.Neg or IrOp.Plus when a.Kinds is IrKinds.Int or IrKinds.Float => a,
                IrOp.Not when a.Is(IrKinds.Bool) => IrType.Bool,
                IrOp.Not or IrOp.BitNot when a.Is(IrKinds.Int) => IrType.Int,
                _ => IrType.Any,
            };
        }
        var x = f[ops[0]].Type;
        var y = f[ops[1]].Type;
        if (x.IsBottom || y.IsBottom) return IrType.Bottom;
        bool ints = x.Is(IrKinds.Int) && y.Is(IrKinds.Int);
        bool numbers = x.IsNumber && y.IsNumber;
        return ins.Op switch
        {
            IrOp.Add or IrOp.Sub or IrOp.Mul or IrOp.Div or IrOp.Rem when ints => IrType.Int,
            IrOp.Add or IrOp.Sub or IrOp.Mul or IrOp.Div or IrOp.Rem when numbers && !x.MayBe(IrKinds.Int) || numbers && !y.MayBe(IrKinds.Int) => IrType.Float,
            IrOp.Add or IrOp.Sub or IrOp.Mul or IrOp.Div or IrOp.Rem when numbers => IrType.Number,
            IrOp.Add when x.Is(IrKinds.Str) || y.Is(IrKinds.Str) => IrType.Str,
            IrOp.Pow when ints => IrType.Number,
            IrOp.Pow when numbers => IrType.Float,
            IrOp.BitAnd or IrOp.BitOr or IrOp.BitXor or IrOp.Shl or IrOp.Shr when ints => IrType.Int,
            _ => IrType.Any,
        };
    }
}
