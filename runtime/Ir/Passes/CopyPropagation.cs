using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// Uses of <c>copy v</c> read <c>v</c> itself, and so do uses of a share mark on a value that is no
/// copy-on-write object (only arrays, maps and structs are) or a unique copy of a scalar (nothing to copy); block parameters that
/// always receive one value become that value.
/// </summary>
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
                if (f[v].Op == IrOp.Copy || IsNoOp(f, v))
                {
                    replacement[v] = f.Operand(v, 0);
                    copies.Add(v);
                }
        }
        if (copies.Count > 0)
        {
            IrRewrite.ApplyReplacements(f, replacement);
            IrEdit.RemoveMany(f, copies);
        }
        f.ComputePredecessors();
        return IrRewrite.RemoveTrivialParams(f) | copies.Count > 0;
    }

    /// <summary>A share mark on a value that is never a copy-on-write object (only arrays, maps and structs are), or a unique copy of a scalar.</summary>
    private static bool IsNoOp(IrFunction f, int v)
    {
        if (f[v].Op is not (IrOp.Share or IrOp.Unique or IrOp.CopyTemp)) return false;
        var t = f[f.Operand(v, 0)].Type;
        if (t.IsBottom) return false;
        return f[v].Op switch
        {
            IrOp.Share => !t.MayBe(IrKinds.Array | IrKinds.Map | IrKinds.Struct),
            IrOp.Unique or IrOp.CopyTemp => IrEdit.IsScalar(t),
            _ => false,
        };
    }
}
