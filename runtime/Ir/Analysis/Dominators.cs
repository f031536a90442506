namespace Ruchy.Ir;

/// <summary>
/// The dominator tree of the reachable blocks, by the iterative algorithm of Cooper, Harvey and Kennedy
/// ("A Simple, Fast Dominance Algorithm", 2001): intersect predecessors' dominators in reverse postorder
/// until nothing changes.
/// </summary>
internal sealed class Dominators
{
    private readonly int[] _idom;
    private readonly int[] _order; // block -> reverse-postorder number (-1: unreachable)

    public Dominators(IrFunction f)
    {
        f.ComputePredecessors();
        var rpo = f.ReversePostorder();
        ReversePostorder = rpo;
        _order = new int[f.Blocks.Count];
        Array.Fill(_order, -1);
        for (int i = 0; i < rpo.Count; i++) _order[rpo[i]] = i;
        _idom = new int[f.Blocks.Count];
        Array.Fill(_idom, -1);
        _idom[0] = 0;
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 1; i < rpo.Count; i++)
            {
                int b = rpo[i];
                int newIdom = -1;
                foreach (var p in f.Blocks[b].Preds)
                {
                    if (_order[p] < 0 || _idom[p] < 0) continue;
                    newIdom = newIdom < 0 ? p : Intersect(p, newIdom);
                }
                if (newIdom >= 0 && _idom[b] != newIdom)
                {
                    _idom[b] = newIdom;
                    changed = true;
                }
            }
        }
    }

    public List<int> ReversePostorder { get; }

    public bool IsReachable(int block) => _order[block] >= 0;

    /// <summary>The immediate dominator (the entry's is itself; -1 for unreachable blocks).</summary>
    public int ImmediateDominator(int block) => _idom[block];

    public bool Dominates(int a, int b)
    {
        if (_order[a] < 0 || _order[b] < 0) return false;
        while (true)
        {
            if (a == b) return true;
            if (b == 0) return false;
            b = _idom[b];
        }
    }

    private int Intersect(int a, int b)
    {
        while (a != b)
        {
            while (_order[a] > _order[b]) a = _idom[a];
            while (_order[b] > _order[a]) b = _idom[b];
        }
        return a;
    }
}
