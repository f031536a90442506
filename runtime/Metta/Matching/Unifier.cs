using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Matching;

/// <summary>
/// Two-sided unification. The left side is a "live" atom (its variables are real <see cref="Var"/>s);
/// the right side may be a stored atom whose variables are <see cref="Slot"/>s, which live in a slot
/// array for the duration of one attempt. That renames stored atoms apart without copying them when
/// the attempt fails. Binding a variable to a term that contains itself is refused (occurs check),
/// which is Hyperon's loop filter. One instance per thread; <see cref="Reset"/> before each attempt.
/// </summary>
internal sealed class Unifier
{
    private Atom?[] _slots = new Atom?[16];
    private Slot?[] _slotNames = new Slot?[16];
    private readonly List<(Var Var, Atom Value)> _bound = new();

    /// <summary>When set, the symbol <c>%Undefined%</c> unifies with anything (type matching).</summary>
    public bool UndefinedIsWildcard;

    public void Reset(int slotCount)
    {
        if (_slots.Length < slotCount) { _slots = new Atom?[slotCount * 2]; _slotNames = new Slot?[slotCount * 2]; }
        else Array.Clear(_slots, 0, slotCount);
        _bound.Clear();
        UndefinedIsWildcard = false;
    }

    public List<(Var Var, Atom Value)> Bound => _bound;

    private Atom? LookupVar(Var v)
    {
        for (int i = _bound.Count - 1; i >= 0; i--) if (ReferenceEquals(_bound[i].Var, v)) return _bound[i].Value;
        return null;
    }

    private Atom Deref(Atom a)
    {
        while (true)
        {
            if (a is Var v) { var x = LookupVar(v); if (x == null) return a; a = x; }
            else if (a is Slot s) { var x = _slots[s.Index]; if (x == null) return a; a = x; }
            else return a;
        }
    }

    public bool Unify(Atom left, Atom right)
    {
        left = Deref(left);
        right = Deref(right);
        if (ReferenceEquals(left, right)) return true;
        if (right is Slot rs)
        {
            if (left is Slot ls) { _slotNames[ls.Index] = ls; _slots[ls.Index] = right; return true; }
            _slots[rs.Index] = left;
            _slotNames[rs.Index] = rs;
            return true;
        }
        if (left is Slot ls2) { _slots[ls2.Index] = right; _slotNames[ls2.Index] = ls2; return true; }
        if (left is Var lv)
        {
            if (right is Var rv) return BindVars(lv, rv);
            return BindVar(lv, right);
        }
        if (right is Var rv2) return BindVar(rv2, left);
        if (UndefinedIsWildcard && (ReferenceEquals(left, Known.Undefined) || ReferenceEquals(right, Known.Undefined))) return true;
        switch (left)
        {
            case Expr le:
                if (right is not Expr re || re.Items.Length != le.Items.Length) return false;
                if (le.IsGround && re.IsGround) return le.Equals(re);
                for (int i = 0; i < le.Items.Length; i++) if (!Unify(le.Items[i], re.Items[i])) return false;
                return true;
            default:
                return left.Equals(right);
        }
    }

    private bool BindVars(Var a, Var b)
    {
        // The younger variable points at the older one, so query variables survive renaming.
        if (a.Id > b.Id) _bound.Add((a, b)); else _bound.Add((b, a));
        return true;
    }

    private bool BindVar(Var v, Atom term)
    {
        var value = term.IsGround ? term : Instantiate(term);
        if (!value.IsGround && Occurs(v, value)) return false;
        _bound.Add((v, value));
        return true;
    }

    private bool Occurs(Var v, Atom a)
    {
        a = Deref(a);
        if (ReferenceEquals(a, v)) return true;
        if (a is Expr e && !e.IsGround)
            foreach (var x in e.Items) if (Occurs(v, x)) return true;
        return false;
    }

    /// <summary>
    /// A live copy of an atom: slots replaced by their values or by fresh variables (created once per
    /// slot), bound variables by their values.
    /// </summary>
    public Atom Instantiate(Atom a)
    {
        if (a.IsGround) return a;
        switch (a)
        {
            case Slot s:
                var sv = _slots[s.Index];
                if (sv == null)
                {
                    var fresh = Var.Fresh(s.Name);
                    _slots[s.Index] = fresh;
                    return fresh;
                }
                return Instantiate(sv);
            case Var v:
                var vv = LookupVar(v);
                return vv == null ? v : Instantiate(vv);
            case Expr e:
                Atom[]? items = null;
                for (int i = 0; i < e.Items.Length; i++)
                {
                    var x = e.Items[i];
                    var y = Instantiate(x);
                    if (!ReferenceEquals(x, y)) { items ??= (Atom[])e.Items.Clone(); items[i] = y; }
                }
                return items == null ? e : new Expr(items);
            default:
                return a;
        }
    }

    /// <summary>The new bindings of live variables, fully resolved, for adding to a branch.</summary>
    public List<(Var, Atom)> ResolvedBindings()
    {
        var list = new List<(Var, Atom)>(_bound.Count);
        foreach (var (v, _) in _bound)
        {
            bool seen = false;
            foreach (var (w, _) in list) if (ReferenceEquals(w, v)) { seen = true; break; }
            if (!seen) list.Add((v, Instantiate(v)));
        }
        return list;
    }

    /// <summary>Unifies two live atoms with a throwaway state (convenience for tests and small ops).</summary>
    public static List<(Var, Atom)>? UnifyLive(Atom a, Atom b, bool undefinedWildcard = false)
    {
        var u = new Unifier();
        u.Reset(0);
        u.UndefinedIsWildcard = undefinedWildcard;
        return u.Unify(a, b) ? u.ResolvedBindings() : null;
    }
}
