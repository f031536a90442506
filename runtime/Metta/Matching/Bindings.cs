using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Matching;

/// <summary>
/// The variable bindings of one branch: an immutable linked list (branches fork by sharing it).
/// It stays short because bindings of variables that cannot be seen any more are dropped when an
/// evaluation returns (see <see cref="RetainOlderThan"/>). <c>null</c> is the empty set.
/// </summary>
internal sealed class Bindings
{
    public readonly Var Variable;
    public readonly Atom Value;
    public readonly Bindings? Next;

    public Bindings(Var variable, Atom value, Bindings? next) { Variable = variable; Value = value; Next = next; }

    public static Atom? Lookup(Bindings? b, Var v)
    {
        for (; b != null; b = b.Next) if (ReferenceEquals(b.Variable, v)) return b.Value;
        return null;
    }

    /// <summary>Substitutes every bound variable (transitively) in the atom.</summary>
    public static Atom Apply(Bindings? b, Atom atom)
    {
        if (b == null || atom.IsGround) return atom;
        return ApplyRec(b, atom, 0);
    }

    private static Atom ApplyRec(Bindings b, Atom atom, int depth)
    {
        switch (atom)
        {
            case Var v:
                var val = Lookup(b, v);
                if (val == null) return v;
                if (depth > 10_000) return val; // a loop would have been refused by the occurs check
                return val.IsGround ? val : ApplyRec(b, val, depth + 1);
            case Expr e when !e.IsGround:
                Atom[]? items = null;
                for (int i = 0; i < e.Items.Length; i++)
                {
                    var x = e.Items[i];
                    var y = x.IsGround ? x : ApplyRec(b, x, depth);
                    if (!ReferenceEquals(x, y))
                    {
                        items ??= (Atom[])e.Items.Clone();
                        items[i] = y;
                    }
                }
                return items == null ? e : new Expr(items);
            default:
                return atom;
        }
    }

    /// <summary>Adds bindings (their values already fully resolved against the variables they bind).</summary>
    public static Bindings? Extend(Bindings? b, List<(Var, Atom)> added)
    {
        for (int i = added.Count - 1; i >= 0; i--) b = new Bindings(added[i].Item1, added[i].Item2, b);
        return b;
    }

    /// <summary>
    /// Keeps only variables created before <paramref name="mark"/> (the ones the rest of the
    /// computation can still refer to), with their values fully resolved.
    /// </summary>
    public static Bindings? RetainOlderThan(Bindings? b, long mark)
    {
        if (b == null) return null;
        bool all = true;
        for (var n = b; n != null; n = n.Next) if (n.Variable.Id >= mark) { all = false; break; }
        if (all) return b;
        Bindings? result = null;
        for (var n = b; n != null; n = n.Next)
            if (n.Variable.Id < mark) result = new Bindings(n.Variable, Apply(b, n.Value), result);
        return result;
    }

    public static int Count(Bindings? b) { int c = 0; for (; b != null; b = b.Next) c++; return c; }
}
