using System.Text;
using Ruchy.Formatting;

namespace Ruchy.Metta.Atoms;

/// <summary>Prints atoms as Hyperon does: <c>(a b)</c>, <c>$x#12</c>, floats as Rust's <c>{:?}</c>, quoted strings.</summary>
internal static class AtomPrinter
{
    public static void Write(StringBuilder sb, Atom atom)
    {
        switch (atom)
        {
            case Sym s: sb.Append(s.Name); break;
            case Var v:
                sb.Append('$').Append(v.Name);
                if (v.IsFresh) sb.Append('#').Append(v.Id);
                break;
            case Slot sl: sb.Append('$').Append(sl.Name); break;
            case Expr e:
                sb.Append('(');
                for (int i = 0; i < e.Items.Length; i++)
                {
                    if (i > 0) sb.Append(' ');
                    Write(sb, e.Items[i]);
                }
                sb.Append(')');
                break;
            case Num n: sb.Append(n.IsInt ? n.I.ToString(System.Globalization.CultureInfo.InvariantCulture) : FormatFloat(n.F)); break;
            case Str str: Quoting.WriteQuoted(sb, str.Value); break;
            case BoolAtom b: sb.Append(b.Value ? "True" : "False"); break;
            case StateAtom st: sb.Append("(State "); Write(sb, st.Value); sb.Append(')'); break;
            case SpaceAtom sp: sb.Append(sp.Space.Name); break;
            default: sb.Append(atom.GetType().Name); break;
        }
    }

    public static string FormatFloat(double f)
    {
        if (double.IsNaN(f)) return "NaN";
        if (double.IsPositiveInfinity(f)) return "inf";
        if (double.IsNegativeInfinity(f)) return "-inf";
        var s = FloatFormatter.Display(f);
        return s.Contains('.') || s.Contains('e') || s.Contains('E') ? s : s + ".0";
    }

    /// <summary>A result list as Hyperon prints it: <c>[a, b]</c>.</summary>
    public static string FormatResults(IReadOnlyList<Atom> results)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < results.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, results[i]);
        }
        return sb.Append(']').ToString();
    }
}
