using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Spaces;

/// <summary>
/// Flat pre-order encoding of a term (two ints per node: code and subtree length). Matching two
/// encodings is a cheap necessary condition for unification: same symbols and arities wherever
/// neither side has a variable. Grounded values encode as wildcards (their equality has promotions).
/// </summary>
internal static class FlatTerm
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
