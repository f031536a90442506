using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Spaces;

/// <summary>
/// An atom as a space stores it: the original, a compiled copy whose variables are numbered slots
/// (so a query can unify against it without renaming first), its insertion sequence number (results
/// come out in insertion order whatever the switches) and its flat encoding.
/// </summary>
public sealed class StoredAtom
{
    public readonly Atom Original;
    public readonly Atom Compiled;
    public readonly int SlotCount;
    public readonly long Seq;
    public readonly int[] Flat;
    internal bool Removed;

    public StoredAtom(Atom original, long seq)
    {
        Original = original;
        Seq = seq;
        var slots = new Dictionary<Var, Slot>();
        Compiled = Compile(original, slots);
        SlotCount = slots.Count;
        Flat = FlatTerm.Encode(Compiled);
    }

    private static Atom Compile(Atom a, Dictionary<Var, Slot> slots)
    {
        if (a.IsGround) return a;
        switch (a)
        {
            case Var v:
                if (!slots.TryGetValue(v, out var s)) slots[v] = s = new Slot(slots.Count, v.Name);
                return s;
            case Expr e:
                var items = new Atom[e.Items.Length];
                for (int i = 0; i < items.Length; i++) items[i] = Compile(e.Items[i], slots);
                return new Expr(items);
            default:
                return a;
        }
    }
}
