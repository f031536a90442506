using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Matching;

namespace Ruchy.Metta.Types;

/// <summary>
/// Hyperon's type inference (<c>get-type</c>, and the argument checks of typed calls): declared types
/// from <c>(: atom type)</c> in the visible spaces, grounded types, tuple types and application types
/// checked argument by argument with <c>%Undefined%</c> matching anything.
/// </summary>
internal sealed class TypeInference
{
    private readonly Machine _m;
    private readonly Dictionary<Atom, List<Atom>> _declared = new();
    private long _declaredVersion = -1;

    public TypeInference(Machine m) { _m = m; }

    public static bool IsFunctionType(Atom t) => t is Expr e && e.Items.Length > 1 && ReferenceEquals(e.Items[0], Known.Arrow);

    /// <summary><c>get_atom_types</c>: never empty (<c>%Undefined%</c> when nothing is known).</summary>
    public List<TypeRes> GetAtomTypes(Atom atom)
    {
        var list = Internal(atom);
        if (list.Count == 0) list.Add(new TypeRes(Known.Undefined, false, null));
        return list;
    }

    /// <summary>The declared types of a symbol or expression, each with fresh variables.</summary>
    public List<Atom> DeclaredTypes(Atom atom)
    {
        var version = Spaces.MettaSpace.TypeVersion;
        if (version != _declaredVersion) { _declared.Clear(); _declaredVersion = version; }
        if (!_declared.TryGetValue(atom, out var types))
        {
            types = QueryTypes(atom);
            if (_declared.Count > 10_000) _declared.Clear();
            _declared[atom] = types;
        }
        if (types.Count == 0) return types;
        var result = new List<Atom>(types.Count);
        foreach (var t in types) result.Add(t.IsGround ? t : Renaming.Fresh(t));
        return result;
    }

    private List<Atom> QueryTypes(Atom atom)
    {
        var x = Var.Fresh("X");
        var types = new List<Atom>();
        foreach (var b in _m.Query(_m.Runtime.Self, new Expr([Known.Colon, atom, x])))
        {
            var t = Bindings.Apply(b, x);
            if (t is Var || ReferenceEquals(t, Known.Undefined)) continue;
            types.Add(t);
        }
        if (atom is Sym s && s.Op?.Type is { } nt) types.Add(nt);
        AddSuperTypes(types);
        return types;
    }

    private void AddSuperTypes(List<Atom> types)
    {
        for (int i = 0; i < types.Count && types.Count < 64; i++)
        {
            var x = Var.Fresh("X");
            foreach (var b in _m.Query(_m.Runtime.Self, new Expr([Known.SubType, types[i], x])))
            {
                var t = Bindings.Apply(b, x);
                if (t is not Var && !types.Contains(t)) types.Add(t);
            }
        }
    }

    private List<TypeRes> Internal(Atom atom)
    {
        switch (atom)
        {
            case Var: return new List<TypeRes>();
            case Gnd g:
                var gt = g.Type;
                return ReferenceEquals(gt, Known.Undefined) ? new List<TypeRes>() : new List<TypeRes> { new(gt, false, null) };
            case Sym:
                var list = new List<TypeRes>();
                foreach (var t in DeclaredTypes(atom)) list.Add(new TypeRes(t, false, null));
                return list;
            case Expr { Items.Length: 0 }: return new List<TypeRes>();
            case Expr e:
                var opTypes = Internal(e.Items[0]);
                var argTypes = new List<TypeRes>[e.Items.Length - 1];
                for (int i = 1; i < e.Items.Length; i++) argTypes[i - 1] = Internal(e.Items[i]);
                var result = TupleTypes(e, opTypes, argTypes);
                ApplicationTypes(e, opTypes, argTypes, result);
                return result;
            default: return new List<TypeRes>();
        }
    }

    private List<TypeRes> TupleTypes(Expr e, List<TypeRes> opTypes, List<TypeRes>[] argTypes)
    {
        var result = new List<TypeRes>();
        var values = new List<Atom>();
        foreach (var t in opTypes) if (!t.IsFunction) values.Add(t.Type);
        long n = values.Count;
        foreach (var a in argTypes) n *= a.Count;
        if (n > 0 && n <= 256)
        {
            var idx = new int[argTypes.Length + 1];
            while (true)
            {
                var items = new Atom[argTypes.Length + 1];
                items[0] = values[idx[0]];
                for (int i = 0; i < argTypes.Length; i++) items[i + 1] = argTypes[i][idx[i + 1]].Type;
                result.Add(new TypeRes(new Expr(items), false, null));
                int k = idx.Length - 1;
                while (k >= 0)
                {
                    int max = k == 0 ? values.Count : argTypes[k - 1].Count;
                    if (++idx[k] < max) break;
                    idx[k] = 0; k--;
                }
                if (k < 0) break;
            }
        }
        foreach (var t in DeclaredTypes(e)) result.Add(new TypeRes(t, false, null));
        return result;
    }

    private void ApplicationTypes(Expr e, List<TypeRes> opTypes, List<TypeRes>[] argTypes, List<TypeRes> result)
    {
        foreach (var ft in opTypes)
        {
            if (!ft.IsFunction) continue;
            var fn = (Expr)ft.Type;
            int nArgs = fn.Items.Length - 2;
            if (nArgs != argTypes.Length)
            {
                result.Add(new TypeRes(fn, true, Known.MakeError(e, Known.IncorrectNumberOfArguments)));
                continue;
            }
            CheckArgs(e, fn, argTypes, 0, new List<(Var, Atom)>(), result);
        }
    }

    private static void CheckArgs(Expr e, Expr fn, List<TypeRes>[] argTypes, int i, List<(Var, Atom)> bindings, List<TypeRes> result)
    {
        if (i == argTypes.Length)
        {
            result.Add(new TypeRes(Subst(fn.Items[^1], bindings), false, null));
            return;
        }
        var expected = fn.Items[i + 1];
        var actual = argTypes[i];
        var arg = e.Items[i + 1];
        bool skip = actual.Count == 0 || ReferenceEquals(expected, Known.Undefined)
            || ReferenceEquals(expected, Known.AtomType) || expected.Equals(Known.MetaType(arg));
        if (skip) { CheckArgs(e, fn, argTypes, i + 1, bindings, result); return; }
        bool any = false;
        foreach (var t in actual)
        {
            var nb = MatchTypes(t.Type, expected, bindings, reducted: true);
            if (nb != null) { any = true; CheckArgs(e, fn, argTypes, i + 1, nb, result); }
        }
        if (!any)
            foreach (var t in actual)
                result.Add(new TypeRes(fn, true, Known.MakeError(e, new Expr([Known.BadArgType, Num.Of(i + 1), expected, t.Type]))));
    }

    /// <summary>Unifies two types on top of earlier type bindings; null when they do not match.</summary>
    public static List<(Var, Atom)>? MatchTypes(Atom a, Atom b, List<(Var, Atom)> bindings, bool reducted)
    {
        var u = new Unifier();
        u.Reset(0);
        u.UndefinedIsWildcard = reducted;
        foreach (var x in bindings) u.Bound.Add(x);
        if (!u.Unify(a, b)) return null;
        return u.ResolvedBindings();
    }

    /// <summary>Hyperon's <c>match_types</c>: <c>%Undefined%</c> and <c>Atom</c> match anything at the top.</summary>
    public static List<(Var, Atom)>? MatchTypesTop(Atom a, Atom b, List<(Var, Atom)> bindings)
    {
        if (ReferenceEquals(a, Known.Undefined) || ReferenceEquals(b, Known.Undefined)
            || ReferenceEquals(a, Known.AtomType) || ReferenceEquals(b, Known.AtomType)) return bindings;
        return MatchTypes(a, b, bindings, reducted: false);
    }

    public static Atom Subst(Atom a, List<(Var, Atom)> bindings)
    {
        if (a.IsGround || bindings.Count == 0) return a;
        Bindings? b = null;
        foreach (var (v, x) in bindings) b = new Bindings(v, x, b);
        return Bindings.Apply(b, a);
    }
}
