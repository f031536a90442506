using Ruchy.Core;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// Sparse conditional constant propagation (Wegman and Zadeck, 1991), iterated over the blocks in reverse
/// postorder: a value is unknown (top), one constant, or varying (bottom); only edges that can be taken
/// carry values, so a branch on a constant makes its other side dead. Folding uses the runtime's own
/// arithmetic and is skipped whenever it would raise (the error then happens at run time, where it did).
/// Afterwards constant values become constants, decided branches jumps, and dead blocks go.
/// </summary>
internal sealed class SparseConditionalConstantPropagation : IrPass
{
    public override Switch Switch => SwitchRegistry.PassSccp;

    private enum Level : byte { Top, Constant, Bottom }

    public override bool Run(IrFunction f)
    {
        int n = f.InstrCount;
        var level = new Level[n];
        var constant = new Value[n];
        var blockLive = new bool[f.Blocks.Count];
        // Per edge (its index in f.Edges, which the analysis does not change): can it be taken.
        var edgeLive = new bool[f.Edges.Count];
        var rpo = f.ReversePostorder();
        f.ComputePredecessors();
        blockLive[0] = true;
        foreach (var p in f.Entry.Params) level[p] = Level.Bottom;

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var b in rpo)
            {
                if (!blockLive[b]) continue;
                var block = f.Blocks[b];
                for (int i = 0; i < block.Params.Count; i++)
                {
                    int p = block.Params[i];
                    if (b == 0) continue;
                    var (l, c) = (Level.Top, default(Value));
                    var preds = block.Preds;
                    for (int pi = 0; pi < preds.Count; pi++)
                    {
                        int pred = preds[pi];
                        if (preds.IndexOf(pred) < pi) continue; // each predecessor once, as Distinct did
                        int t = f.Terminator(pred);
                        for (int k = 0; k < f[t].EdgeCount; k++)
                        {
                            var e = f.Edge(t, k);
                            if (e.Target != b || !edgeLive[f[t].EdgeStart + k]) continue;
                            int ai = i - IrRewrite.ImplicitParams(f, t, k);
                            if (ai < 0) (l, c) = (Level.Bottom, default);
                            else (l, c) = Meet(l, c, level[e.Args[ai]], constant[e.Args[ai]]);
                        }
                    }
                    changed |= Set(p, l, c);
                }
                foreach (var v in block.Instrs)
                {
                    ref var ins = ref f[v];
                    if (IrOpInfo.IsTerminator(ins.Op))
                    {
                        var (from, to) = LiveEdges(f, v, level, constant);
                        for (int k = from; k < to; k++)
                            if (!edgeLive[ins.EdgeStart + k])
                            {
                                edgeLive[ins.EdgeStart + k] = true;
                                changed = true;
                                blockLive[f.Edge(v, k).Target] = true;
                            }
                        continue;
                    }
                    if (!IrOpInfo.HasResult(ins.Op)) continue;
                    var (l, c) = Evaluate(f, v, level, constant);
                    changed |= Set(v, l, c);
                }
            }
        }

        bool any = false;
        // Constant values become constants (the instruction that computed them has no other effect: it folded).
        var replacement = IrRewrite.IdentityMap(f);
        var folded = new List<int>();
        foreach (var b in rpo)
        {
            if (!blockLive[b]) continue;
            var block = f.Blocks[b];
            foreach (var p in block.Params)
                if (level[p] == Level.Constant)
                    replacement[p] = IrEdit.InsertConst(f, constant[p], b, -1, f[p].Pos);
            // By index, not over a copy: a constant is inserted right before the instruction it replaces, so step over it.
            var instrs = block.Instrs;
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                if (v >= n || level[v] != Level.Constant || f[v].Op == IrOp.Const || !Folds(f[v].Op)) continue;
                replacement[v] = IrEdit.InsertConst(f, constant[v], b, v, f[v].Pos);
                folded.Add(v);
                i++;
            }
        }
        for (int v = 0; v < replacement.Length; v++)
            if (replacement[v] != v) { any = true; break; }
        if (any)
        {
            IrRewrite.ApplyReplacements(f, replacement);
            IrEdit.RemoveMany(f, folded);
        }
        // Branches with one live edge become jumps.
        foreach (var b in rpo)
        {
            if (!blockLive[b]) continue;
            int t = f.Terminator(b);
            if (f[t].EdgeCount != 2 || f[t].Op is not (IrOp.Branch or IrOp.BranchPresent or IrOp.BranchNil)) continue;
            bool live0 = edgeLive[f[t].EdgeStart], live1 = edgeLive[f[t].EdgeStart + 1];
            if (live0 == live1) continue;
            IrEdit.ToJump(f, t, live0 ? 0 : 1);
            any = true;
        }
        any |= IrEdit.RemoveUnreachable(f);
        any |= IrRewrite.RemoveTrivialParams(f);
        return any;

        bool Set(int v, Level l, Value c)
        {
            if (level[v] == l && (l != Level.Constant || Same(constant[v], c))) return false;
            // Monotone: never go back up.
            if (level[v] == Level.Bottom) return false;
            if (level[v] == Level.Constant && l == Level.Constant) l = Level.Bottom;
            level[v] = l;
            constant[v] = c;
            return true;
        }
    }

    /// <summary>Instructions replaced by their folded constant (nothing else happens when they run on these operands).</summary>
    private static bool Folds(IrOp op) => op is IrOp.Copy or >= IrOp.Add and <= IrOp.Plus;

    private static (Level, Value) Meet(Level l, Value c, Level l2, Value c2)
    {
        if (l2 == Level.Top) return (l, c);
        if (l == Level.Top) return (l2, c2);
        if (l == Level.Bottom || l2 == Level.Bottom) return (Level.Bottom, default);
        return Same(c, c2) ? (l, c) : (Level.Bottom, default);
    }

    /// <summary>The same constant (scalars and strings by value; nothing else is ever a folded constant).</summary>
    private static bool Same(Value a, Value b)
    {
        if (a.Kind != b.Kind) return false;
        return a.Kind switch
        {
            ValueKind.Nil => true,
            ValueKind.Bool or ValueKind.Int => a.AsInt == b.AsInt,
            ValueKind.Float => BitConverter.DoubleToInt64Bits(a.AsFloat) == BitConverter.DoubleToInt64Bits(b.AsFloat),
            ValueKind.Str => string.Equals(a.AsString, b.AsString, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static bool IsFoldable(Value v) => v.Kind is ValueKind.Nil or ValueKind.Bool or ValueKind.Int or ValueKind.Float or ValueKind.Str;

    private static (Level, Value) Evaluate(IrFunction f, int v, Level[] level, Value[] constant)
    {
        ref var ins = ref f[v];
        var ops = f.OperandsOf(v);
        if (ins.Op == IrOp.Const)
        {
            var c = f.Constants[ins.Aux];
            return IsFoldable(c) ? (Level.Constant, c) : (Level.Bottom, default);
        }
        if (!Folds(ins.Op)) return (Level.Bottom, default);
        foreach (var o in ops)
            if (level[o] == Level.Bottom) return (Level.Bottom, default);
        foreach (var o in ops)
            if (level[o] == Level.Top) return (Level.Top, default);
        if (ins.Op == IrOp.Copy) return (Level.Constant, constant[ops[0]]);
        try
        {
            Value r = IrOpInfo.IsUnary(ins.Op)
                ? ins.Op switch
                {
                    IrOp.Neg => Arithmetic.Negate(constant[ops[0]]),
                    IrOp.Not => Arithmetic.Not(constant[ops[0]]),
                    IrOp.BitNot => Arithmetic.BitNot(constant[ops[0]]),
                    _ => constant[ops[0]].IsNumber ? constant[ops[0]] : throw new RuchyError("not a number"),
                }
                : Arithmetic.Binary(IrOpInfo.ToBinary(ins.Op), constant[ops[0]], constant[ops[1]]);
            // Long strings stay computed at run time (a constant pool is no place for them).
            if (!IsFoldable(r) || r.Kind == ValueKind.Str && r.AsString.Length > 256) return (Level.Bottom, default);
            return (Level.Constant, r);
        }
        catch (RuchyError)
        {
            return (Level.Bottom, default);
        }
    }

    /// <summary>The edges [from, to) of a terminator that can be taken, given what is known of its condition.</summary>
    private static (int From, int To) LiveEdges(IrFunction f, int t, Level[] level, Value[] constant)
    {
        var op = f[t].Op;
        int edges = f[t].EdgeCount;
        if (op is IrOp.Branch or IrOp.BranchPresent or IrOp.BranchNil)
        {
            int c = f.Operand(t, 0);
            if (level[c] == Level.Top) return (0, 0);
            if (level[c] == Level.Constant)
            {
                var v = constant[c];
                bool taken = op switch
                {
                    IrOp.Branch => v.IsTruthy,
                    IrOp.BranchPresent => !v.IsNil,
                    _ => v.IsNil,
                };
                return taken ? (0, 1) : (1, 2);
            }
        }
        return (0, edges);
    }
}
