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

/// <summary>
/// Flat pre-order encoding of a term (two ints per node: code and subtree length). Matching two
/// encodings is a cheap necessary condition for unification: same symbols and arities wherever
/// neither side has a variable. Grounded values encode as wildcards (their equality has promotions).
/// </summary>
public static class FlatTerm
{
    private const int Wild = 3;

    public static int[] Encode(Atom a)
    {
        var list = new List<int>(8);
        Add(list, a);
        return list.ToArray();
    }

    private static void Add(List<int> list, Atom a)
    {
        int at = list.Count;
        list.Add(0); list.Add(0);
        switch (a)
        {
            case Sym s: list[at] = (s.Id << 2); break;
            case Expr e:
                list[at] = (e.Items.Length << 2) | 1;
                foreach (var x in e.Items) Add(list, x);
                break;
            default: list[at] = Wild; break;
        }
        list[at + 1] = list.Count - at;
    }

    /// <summary>False only when the two terms certainly do not unify.</summary>
    public static bool MayUnify(int[] a, int[] b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int ca = a[i], cb = b[j];
            if (ca == Wild || cb == Wild) { i += a[i + 1]; j += b[j + 1]; continue; }
            if (ca != cb) return false;
            i += 2; j += 2;
        }
        return true;
    }
}

/// <summary>A counting Bloom filter over 64-bit keys: supports removal, never gives a false negative.</summary>
public sealed class CountingBloom
{
    private readonly ushort[] _counts;
    private readonly int _mask;

    public CountingBloom(int log2Size = 16)
    {
        _counts = new ushort[1 << log2Size];
        _mask = (1 << log2Size) - 1;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return x;
    }

    public void Add(long key)
    {
        var h = Mix((ulong)key);
        Inc((int)(h & (uint)_mask)); Inc((int)((h >> 20) & (uint)_mask)); Inc((int)((h >> 40) & (uint)_mask));
    }

    public void Remove(long key)
    {
        var h = Mix((ulong)key);
        Dec((int)(h & (uint)_mask)); Dec((int)((h >> 20) & (uint)_mask)); Dec((int)((h >> 40) & (uint)_mask));
    }

    public bool MayContain(long key)
    {
        var h = Mix((ulong)key);
        return _counts[(int)(h & (uint)_mask)] != 0 && _counts[(int)((h >> 20) & (uint)_mask)] != 0 && _counts[(int)((h >> 40) & (uint)_mask)] != 0;
    }

    // Saturated counters stay put so a removal can never create a false negative.
    private void Inc(int i) { if (_counts[i] != ushort.MaxValue) _counts[i]++; }
    private void Dec(int i) { if (_counts[i] != ushort.MaxValue && _counts[i] != 0) _counts[i]--; }
}
