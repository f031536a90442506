using System.Text;
using Ruchy.Bytecode;
using Ruchy.Formatting;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// Readable text of the IR, one instruction per line:
/// <c>v12:int = add v10, v11</c>, blocks as <c>b3(v7:any):</c>, edges as <c>jump b3(v12)</c>.
/// </summary>
internal static class IrPrinter
{
    public static string Print(IrFunction f, bool withChildren = true)
    {
        var sb = new StringBuilder();
        Print(f, sb, withChildren);
        return sb.ToString();
    }

    public static void Print(IrFunction f, StringBuilder sb, bool withChildren = true)
    {
        sb.Append("fn ").Append(f.Name).Append(" {\n");
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            sb.Append('b').Append(b.Id);
            if (b.Params.Count > 0)
            {
                sb.Append('(');
                for (int i = 0; i < b.Params.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append('v').Append(b.Params[i]).Append(':').Append(f[b.Params[i]].Type);
                }
                sb.Append(')');
            }
            sb.Append(':');
            if (b.Label != null) sb.Append("  ; ").Append(b.Label);
            sb.Append('\n');
            foreach (var v in b.Instrs) sb.Append("  ").Append(Instruction(f, v)).Append('\n');
        }
        sb.Append("}\n");
        if (!withChildren) return;
        foreach (var child in f.Children)
        {
            sb.Append('\n');
            Print(child, sb, true);
        }
    }

    public static string Instruction(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        var sb = new StringBuilder();
        if (IrOpInfo.HasResult(ins.Op)) sb.Append('v').Append(v).Append(':').Append(ins.Type).Append(" = ");
        sb.Append(IrOpInfo.Name(ins.Op));
        var aux = Aux(f, v);
        bool first = true;
        if (aux != null)
        {
            sb.Append(' ').Append(aux);
            first = false;
        }
        foreach (var o in f.OperandsOf(v))
        {
            sb.Append(first ? " " : ", ").Append('v').Append(o);
            first = false;
        }
        for (int k = 0; k < ins.EdgeCount; k++)
        {
            var e = f.Edge(v, k);
            sb.Append(first ? " " : ", ").Append('b').Append(e.Target);
            first = false;
            if (e.Args.Count > 0 || IrRewrite.ImplicitParams(f, v, k) > 0)
            {
                sb.Append('(');
                bool firstArg = true;
                if (IrRewrite.ImplicitParams(f, v, k) > 0)
                {
                    sb.Append(ins.Op == IrOp.CallMethodPlace ? "result" : "item");
                    firstArg = false;
                }
                foreach (var a in e.Args)
                {
                    if (!firstArg) sb.Append(", ");
                    sb.Append('v').Append(a);
                    firstArg = false;
                }
                sb.Append(')');
            }
        }
        return sb.ToString();
    }

    /// <summary>The immediate, in the form a reader wants: the constant, the global's slot, the site's name.</summary>
    private static string? Aux(IrFunction f, int v)
    {
        ref var ins = ref f[v];
        switch (ins.Op)
        {
            case IrOp.Const: return Literal(f.Constants[ins.Aux]);
            case IrOp.TestEqK: return Literal(f.Constants[ins.Aux]);
            case IrOp.Param: return null;
            case IrOp.GetGlobal or IrOp.SetGlobal or IrOp.UniqueGlobal: return $"g{ins.Aux}";
            case IrOp.GetUpval or IrOp.SetUpval or IrOp.UniqueUpval: return $"u{ins.Aux}";
            case IrOp.LoadPinned or IrOp.StorePinned: return $"slot{ins.Aux}";
            case IrOp.CallNative: return ((Builtins.BuiltinFunction)ins.Aux).ToString();
            case IrOp.GetItem or IrOp.GetPayload or IrOp.GetStructField or IrOp.Destructure or IrOp.BranchArgPassed: return $"#{ins.Aux}";
            case IrOp.Cast: return ((Semantics.CastKind)ins.Aux).ToString();
        }
        if (IrOpInfo.AuxKind(ins.Op) != IrAux.Side) return null;
        return f.Side[ins.Aux] switch
        {
            CallTarget c => c.Name,
            IrCalleeGuard g => "g" + g.Global + " is " + g.Callee.Name,
            IrMethodSite m => "." + m.Name,
            FieldSite fs => "." + (fs.TupleIndex >= 0 ? fs.TupleIndex.ToString() : fs.Name),
            IrClosureSite c => c.Function.Name,
            VariantSite vs => vs.Type.Name + "::" + vs.Type.Variants[vs.Variant].Name,
            StructSite ss => ss.Type.Name,
            RType t => t.Name,
            FormatSite fm => fm.IsCheck ? fm.Action + "?" : fm.Action.ToString(),
            PatternErrorSite p => p.Kind.ToString(),
            RangeSite r => r.Inclusive ? "..=" : "..",
            UndefinedSite u => u.Name,
            VariantPatternSite vp => vp.Type.Name + "::" + vp.Type.Variants[vp.Variant].Name,
            _ => null,
        };
    }

    private static string Literal(Value v) => v.Kind == ValueKind.Str ? Quoting.Quote(v.AsString) : ValueFormatter.Display(v);
}
