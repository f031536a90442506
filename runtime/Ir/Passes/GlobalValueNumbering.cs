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
        var table = new Dictionary<string, int>();
        var removed = new List<int>();
        Walk(0);
        if (removed.Count == 0) return false;
        IrRewrite.ApplyReplacements(f, replacement);
        foreach (var v in removed) IrEdit.Remove(f, v);
        return true;

        void Walk(int b)
        {
            var added = new List<string>();
            foreach (var v in f.Blocks[b].Instrs)
            {
                if (!Qualifies(f, v)) continue;
                string key = Key(f, v, replacement);
                if (table.TryGetValue(key, out int earlier))
                {
                    replacement[v] = earlier;
                    removed.Add(v);
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

    private static string Key(IrFunction f, int v, int[] replacement)
    {
        ref var ins = ref f[v];
        var sb = new System.Text.StringBuilder();
        sb.Append((int)ins.Op).Append(':').Append(ins.Aux);
        foreach (var o in f.OperandsOf(v)) sb.Append(',').Append(IrRewrite.Find(replacement, o));
        return sb.ToString();
    }
}
