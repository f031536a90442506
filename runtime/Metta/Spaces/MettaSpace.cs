using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Spaces;

/// <summary>
/// A space: a multiset of atoms (duplicates allowed, as Hyperon's default space) with a sound index.
/// The index has three levels: functor (head symbol) with arity, then the first argument's key.
/// A query always also sees atoms whose head or first argument is a variable (or otherwise not
/// indexable), and removed atoms leave every structure at once. Candidates come back in insertion
/// order so switching the index, the Bloom filter or the flat filter off cannot change any result.
/// </summary>
public sealed class MettaSpace
{
    public string Name { get; }
    private readonly List<StoredAtom> _all = new();
    private int _removedInAll;
    private readonly Dictionary<(long, int), Bucket> _buckets = new();
    /// <summary>Atoms that are not expressions with an indexable head (variables, var- or expression-headed, ()).</summary>
    private readonly List<StoredAtom> _unindexed = new();
    private readonly CountingBloom _bloom = new();
    private long _seq;

    /// <summary>Spaces imported into this one (queries see them too).</summary>
    public List<MettaSpace> Deps { get; } = new();

    /// <summary>Bumped on every change to any space (the memo cache keys on it).</summary>
    public static long GlobalVersion => Interlocked.Read(ref s_version);
    private static long s_version;
    /// <summary>Bumped when a type assertion (<c>:</c> or <c>:&lt;</c>) is added or removed anywhere.</summary>
    public static long TypeVersion => Interlocked.Read(ref s_typeVersion);
    private static long s_typeVersion;

    public MettaSpace(string name) { Name = name; }

    private sealed class Bucket
    {
        public readonly List<StoredAtom> All = new();
        public readonly Dictionary<long, List<StoredAtom>> ByArg = new();
        public readonly List<StoredAtom> ArgWild = new();
    }

    public const long WildKey = -1;

    /// <summary>The index key of an atom in head or argument position (WildKey when not indexable).</summary>
    public static long KeyOf(Atom a) => a switch
    {
        Sym s => s.Id,
        Gnd g => (1L << 32) | (uint)g.GetHashCode(),
        Expr { Items.Length: > 0 } e when e.Items[0] is Sym hs => (2L << 32) | (uint)hs.Id,
        _ => WildKey,
    };

    private static long BloomKey(long head, int arity, long arg) => head * 1_000_003L + arity * 7919L + arg * 31L + 17;

    public int Count => _all.Count - _removedInAll;

    public void Add(Atom atom)
    {
        var s = new StoredAtom(atom, _seq++);
        _all.Add(s);
        if (s.Compiled is Expr e && e.Items.Length > 0 && KeyOf(e.Items[0]) is var h && h != WildKey && e.Items[0] is not Expr)
        {
            int n = e.Items.Length;
            if (!_buckets.TryGetValue((h, n), out var b)) _buckets[(h, n)] = b = new Bucket();
            b.All.Add(s);
            long a = n > 1 ? KeyOf(e.Items[1]) : WildKey;
            if (a == WildKey) b.ArgWild.Add(s);
            else
            {
                if (!b.ByArg.TryGetValue(a, out var l)) b.ByArg[a] = l = new List<StoredAtom>();
                l.Add(s);
            }
            _bloom.Add(BloomKey(h, n, a));
            _bloom.Add(BloomKey(h, n, long.MinValue));
            if (ReferenceEquals(e.Items[0], Known.Colon) || ReferenceEquals(e.Items[0], Known.SubType)) Interlocked.Increment(ref s_typeVersion);
        }
        else _unindexed.Add(s);
        Interlocked.Increment(ref s_version);
    }

    /// <summary>Removes one atom equal to the given one; false when there is none.</summary>
    public bool Remove(Atom atom)
    {
        foreach (var s in Candidates(atom, useIndex: true, useBloom: false))
        {
            if (s.Removed || !s.Original.Equals(atom)) continue;
            s.Removed = true;
            _removedInAll++;
            if (s.Compiled is Expr e && e.Items.Length > 0 && KeyOf(e.Items[0]) is var h && h != WildKey && e.Items[0] is not Expr)
            {
                int n = e.Items.Length;
                var b = _buckets[(h, n)];
                b.All.Remove(s);
                long a = n > 1 ? KeyOf(e.Items[1]) : WildKey;
                if (a == WildKey) b.ArgWild.Remove(s); else b.ByArg[a].Remove(s);
                _bloom.Remove(BloomKey(h, n, a));
                _bloom.Remove(BloomKey(h, n, long.MinValue));
                if (ReferenceEquals(e.Items[0], Known.Colon) || ReferenceEquals(e.Items[0], Known.SubType)) Interlocked.Increment(ref s_typeVersion);
            }
            else _unindexed.Remove(s);
            if (_removedInAll > 64 && _removedInAll * 2 > _all.Count)
            {
                _all.RemoveAll(x => x.Removed);
                _removedInAll = 0;
            }
            Interlocked.Increment(ref s_version);
            return true;
        }
        return false;
    }

    /// <summary>The live atoms of this space (not of imported ones), in insertion order.</summary>
    public IEnumerable<Atom> Atoms()
    {
        foreach (var s in _all) if (!s.Removed) yield return s.Original;
    }

    /// <summary>
    /// Stored atoms that may unify with the pattern, in insertion order. With the index off this is
    /// every atom; with it on, the functor/arity/first-argument bucket plus every atom the bucket
    /// key cannot exclude.
    /// </summary>
    public List<StoredAtom> Candidates(Atom pattern, bool useIndex, bool useBloom)
    {
        var result = new List<StoredAtom>();
        if (pattern is Expr e && e.Items.Length > 0 && e.Items[0] is not Expr && KeyOf(e.Items[0]) is var h && h != WildKey)
        {
            int n = e.Items.Length;
            long a = n > 1 ? KeyOf(e.Items[1]) : WildKey;
            if (useBloom && _unindexed.Count == 0)
            {
                bool maybe = a == WildKey
                    ? _bloom.MayContain(BloomKey(h, n, long.MinValue))
                    : _bloom.MayContain(BloomKey(h, n, a)) || _bloom.MayContain(BloomKey(h, n, WildKey));
                if (!maybe) return result;
            }
            if (useIndex)
            {
                if (!_buckets.TryGetValue((h, n), out var b))
                {
                    AddLive(result, _unindexed);
                    return result;
                }
                if (a == WildKey) Merge(result, b.All, _unindexed, null);
                else
                {
                    b.ByArg.TryGetValue(a, out var byArg);
                    Merge(result, byArg, b.ArgWild, _unindexed);
                }
                return result;
            }
        }
        AddLive(result, _all);
        return result;
    }

    private static void AddLive(List<StoredAtom> result, List<StoredAtom> from)
    {
        foreach (var s in from) if (!s.Removed) result.Add(s);
    }

    /// <summary>Merges up to three insertion-ordered lists by sequence number.</summary>
    private static void Merge(List<StoredAtom> result, List<StoredAtom>? x, List<StoredAtom>? y, List<StoredAtom>? z)
    {
        int nx = x?.Count ?? 0, ny = y?.Count ?? 0, nz = z?.Count ?? 0;
        if (ny == 0 && nz == 0) { if (x != null) AddLive(result, x); return; }
        int i = 0, j = 0, k = 0;
        while (i < nx || j < ny || k < nz)
        {
            long sx = i < nx ? x![i].Seq : long.MaxValue;
            long sy = j < ny ? y![j].Seq : long.MaxValue;
            long sz = k < nz ? z![k].Seq : long.MaxValue;
            StoredAtom s;
            if (sx <= sy && sx <= sz) s = x![i++];
            else if (sy <= sz) s = y![j++];
            else s = z![k++];
            if (!s.Removed) result.Add(s);
        }
    }

    /// <summary>This space and every space imported into it (each once), in a fixed order.</summary>
    public List<MettaSpace> WithDeps()
    {
        var list = new List<MettaSpace> { this };
        if (Deps.Count == 0) return list;
        var seen = new HashSet<MettaSpace> { this };
        for (int i = 0; i < list.Count; i++)
            foreach (var d in list[i].Deps)
                if (seen.Add(d)) list.Add(d);
        return list;
    }
}
