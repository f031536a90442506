using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Matching;

/// <summary>Copies with fresh variables (renaming apart), and alpha-equivalence.</summary>
internal static class Renaming
{
    public static Atom Fresh(Atom a, Func<Var, bool>? keep = null)
    {
        if (a.IsGround) return a;
        var map = new Dictionary<Var, Var>();
        return Copy(a, map, keep);
    }

    private static Atom Copy(Atom a, Dictionary<Var, Var> map, Func<Var, bool>? keep)
    {
        if (a.IsGround) return a;
        switch (a)
        {
            case Var v:
                if (keep != null && keep(v)) return v;
                if (!map.TryGetValue(v, out var f)) map[v] = f = Var.Fresh(v.Name);
                return f;
            case Expr e:
                var items = new Atom[e.Items.Length];
                for (int i = 0; i < items.Length; i++) items[i] = Copy(e.Items[i], map, keep);
                return new Expr(items);
            default: return a;
        }
    }

    /// <summary>Equal up to a one-to-one renaming of variables.</summary>
    public static bool AlphaEqual(Atom a, Atom b) => Alpha(a, b, new Dictionary<Var, Var>(), new Dictionary<Var, Var>());

    private static bool Alpha(Atom a, Atom b, Dictionary<Var, Var> ab, Dictionary<Var, Var> ba)
    {
        if (a is Var va)
        {
            if (b is not Var vb) return false;
            if (ab.TryGetValue(va, out var x)) return ReferenceEquals(x, vb);
            if (ba.ContainsKey(vb)) return false;
            ab[va] = vb; ba[vb] = va;
            return true;
        }
        if (a is Expr ea)
        {
            if (b is not Expr eb || ea.Items.Length != eb.Items.Length) return false;
            for (int i = 0; i < ea.Items.Length; i++) if (!Alpha(ea.Items[i], eb.Items[i], ab, ba)) return false;
            return true;
        }
        return a.Equals(b);
    }

    /// <summary>Substitutes one variable by a value everywhere in an atom.</summary>
    public static Atom Substitute(Atom a, Var v, Atom value)
    {
        if (a.IsGround) return a;
        if (ReferenceEquals(a, v)) return value;
        if (a is Expr e)
        {
            Atom[]? items = null;
            for (int i = 0; i < e.Items.Length; i++)
            {
                var y = Substitute(e.Items[i], v, value);
                if (!ReferenceEquals(y, e.Items[i])) { items ??= (Atom[])e.Items.Clone(); items[i] = y; }
            }
            return items == null ? e : new Expr(items);
        }
        return a;
    }

    public static void CollectVars(Atom a, HashSet<Var> into)
    {
        if (a.IsGround) return;
        if (a is Var v) into.Add(v);
        else if (a is Expr e) foreach (var x in e.Items) CollectVars(x, into);
    }
}
