using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>Uses of <c>copy v</c> read <c>v</c> itself; block parameters that always receive one value become that value.</summary>
internal sealed class CopyPropagation : IrPass
{
    public override Switch Switch => SwitchRegistry.PassCopyPropagation;

    public override bool Run(IrFunction f)
    {
        var replacement = IrRewrite.IdentityMap(f);
        var copies = new List<int>();
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            foreach (var v in b.Instrs)
                if (f[v].Op == IrOp.Copy)
                {
                    replacement[v] = f.Operand(v, 0);
                    copies.Add(v);
                }
        }
        if (copies.Count > 0)
        {
            IrRewrite.ApplyReplacements(f, replacement);
            foreach (var c in copies) IrEdit.Remove(f, c);
        }
        f.ComputePredecessors();
        return IrRewrite.RemoveTrivialParams(f) | copies.Count > 0;
    }
}
