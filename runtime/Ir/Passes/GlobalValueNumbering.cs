using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Dominator-based global value numbering: walking the dominator tree with a scoped table of expressions,
/// an instruction equal to one that dominates it (same opcode, immediate and operands) is replaced by it.
/// Only instructions that neither write, read mutable state, call nor allocate an object qualify (so sharing
/// the value is invisible); one that may raise qualifies too: the dominating one raised first if it would.
/// </summary>
internal sealed class GlobalValueNumbering : IrPass
{
    public override Switch Switch => SwitchRegistry.PassGvn;

    public override bool Run(IrFunction f)
    {
        var dom = new Dominators(f);
        var children = new List<int>[f.Blocks.Count];
        foreach (var b in dom.ReversePostorder)
        {
            children[b] = new List<int>();
            if (b != 0) children[dom.ImmediateDominator(b)].Add(b);
        }
        var replacement = IrRewrite.IdentityMap(f);
        // Keys are (opcode, immediate, operands as replaced) with the operands in a pool: no string per instruction.
        var pool = new List<int>();
        var table = new Dictionary<ExprKey, int>(new ExprKeyComparer(pool));
        var removed = new List<int>();
        Walk(0);
        if (removed.Count == 0) return false;
        IrRewrite.ApplyReplacements(f, replacement);
        IrEdit.RemoveMany(f, removed);
        return true;

        void Walk(int b)
        {
            var added = new List<ExprKey>();
            foreach (var v in f.Blocks[b].Instrs)
            {
                if (!Qualifies(f, v)) continue;
                var key = Key(f, v, replacement, pool);
                if (table.TryGetValue(key, out int earlier))
                {
                    replacement[v] = earlier;
                    removed.Add(v);
                    pool.RemoveRange(key.Start, key.Count);
                }
                else
                {
                    table[key] = v;
                    added.Add(key);
                }
            }
            foreach (var c in children[b]) Walk(c);
            foreach (var k in added) table.Remove(k);
        }
    }

    private static bool Qualifies(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        if (ins.Op is IrOp.Param or IrOp.Copy) return false;
        var e = IrOpInfo.Effects(ins.Op);
        if ((e & (IrEffects.WritesMemory | IrEffects.ReadsMemory | IrEffects.Calls | IrEffects.MayReturn | IrEffects.Terminator)) != 0) return false;
        // An allocation is a new object each time, unless the result is a scalar (arithmetic on numbers).
        return (e & IrEffects.Allocates) == 0 || IrEdit.IsScalar(ins.Type);
    }

    private readonly record struct ExprKey(IrOp Op, int Aux, int Start, int Count);

    private static ExprKey Key(IrFunction f, int v, int[] replacement, List<int> pool)
    {
        ref var ins = ref f[v];
        int start = pool.Count;
        foreach (var o in f.OperandsOf(v)) pool.Add(IrRewrite.Find(replacement, o));
        return new ExprKey(ins.Op, ins.Aux, start, pool.Count - start);
    }

    /// <summary>Equal keys: same opcode, immediate and operand list (where each list sits in the pool does not matter).</summary>
    private sealed class ExprKeyComparer(List<int> pool) : IEqualityComparer<ExprKey>
    {
        public bool Equals(ExprKey a, ExprKey b)
        {
            if (a.Op != b.Op || a.Aux != b.Aux || a.Count != b.Count) return false;
            for (int k = 0; k < a.Count; k++)
                if (pool[a.Start + k] != pool[b.Start + k]) return false;
            return true;
        }

        public int GetHashCode(ExprKey key)
        {
            var h = new HashCode();
            h.Add(key.Op);
            h.Add(key.Aux);
            for (int k = 0; k < key.Count; k++) h.Add(pool[key.Start + k]);
            return h.ToHashCode();
        }
    }
}
