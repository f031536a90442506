namespace Ruchy.Ir;

/// <summary>
/// Numbers the instructions of a block layout and computes, for every value, the ranges of positions where
/// it is live (half-open [from, to): a use at p ends a range at p, so a value may take the register of an
/// operand that dies at its own definition). Liveness comes from a backward data-flow over the blocks, so
/// loops are covered and lifetime holes (a value not live in a block it spans in the layout) are kept.
/// Positions: a block's parameters are defined at its start, its instructions follow two apart, edge
/// arguments are used at its end.
/// </summary>
internal sealed class LiveIntervals
{
    /// <summary>Per value its ranges, in increasing order (null: never live, e.g. no result).</summary>
    public readonly List<(int From, int To)>?[] Ranges;
    public readonly int[] Position;
    public readonly int[] BlockStart;
    public readonly int[] BlockEnd;

    public LiveIntervals(IrFunction f, List<int> layout)
    {
        int n = f.InstrCount;
        Ranges = new List<(int, int)>?[n];
        Position = new int[n];
        BlockStart = new int[f.Blocks.Count];
        BlockEnd = new int[f.Blocks.Count];
        int pos = 0;
        foreach (var b in layout)
        {
            var block = f.Blocks[b];
            BlockStart[b] = pos;
            foreach (var p in block.Params) Position[p] = pos;
            pos += 2;
            foreach (var v in block.Instrs)
            {
                Position[v] = pos;
                pos += 2;
            }
            BlockEnd[b] = pos - 1;
            pos++;
        }

        // Bit sets as ulong words (BitArray's indexer and Clone cost more than the analysis itself on large functions).
        int words = (n + 63) >> 6;
        var liveIn = new ulong[f.Blocks.Count][];
        foreach (var b in layout) liveIn[b] = new ulong[words];
        var live = new ulong[words];
        var edgeLive = new ulong[words];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int li = layout.Count - 1; li >= 0; li--)
            {
                int b = layout[li];
                LiveOut(f, b, liveIn, live, edgeLive);
                var block = f.Blocks[b];
                for (int i = block.Instrs.Count - 1; i >= 0; i--)
                {
                    int v = block.Instrs[i];
                    Clear(live, v);
                    foreach (var o in f.OperandsOf(v)) Set(live, o);
                }
                foreach (var p in block.Params) Clear(live, p);
                if (!live.AsSpan().SequenceEqual(liveIn[b]))
                {
                    live.AsSpan().CopyTo(liveIn[b]);
                    changed = true;
                }
            }
        }

        // Ranges, block by block, walking each backward from its live-out set.
        var openEnd = new int[n];
        Array.Fill(openEnd, -1);
        var open = new List<int>();
        for (int li = layout.Count - 1; li >= 0; li--)
        {
            int b = layout[li];
            var block = f.Blocks[b];
            LiveOut(f, b, liveIn, live, edgeLive);
            open.Clear();
            // The live-out values in increasing order, as a scan of every value would find them.
            for (int w = 0; w < words; w++)
                for (ulong bits = live[w]; bits != 0; bits &= bits - 1)
                    Open((w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits), BlockEnd[b]);
            for (int i = block.Instrs.Count - 1; i >= 0; i--)
            {
                int v = block.Instrs[i];
                int p = Position[v];
                if (IrOpInfo.HasResult(f[v].Op)) Close(v, p);
                foreach (var o in f.OperandsOf(v))
                    if (openEnd[o] < 0) Open(o, p);
            }
            foreach (var p in block.Params) Close(p, BlockStart[b]);
            foreach (var v in open)
                if (openEnd[v] >= 0) Close(v, BlockStart[b]);
        }
        foreach (var r in Ranges) r?.Sort();

        void Open(int v, int end)
        {
            openEnd[v] = end;
            open.Add(v);
        }

        // The value is defined (or live-in) at `from`: record [from, end), at least one position wide.
        void Close(int v, int from)
        {
            int end = openEnd[v] >= 0 ? openEnd[v] : from + 1;
            openEnd[v] = -1;
            (Ranges[v] ??= new List<(int, int)>()).Add((from, Math.Max(end, from + 1)));
        }
    }

    public int Start(int v) => Ranges[v] is { Count: > 0 } r ? r[0].From : int.MaxValue;

    public static bool Overlap(List<(int From, int To)> a, List<(int From, int To)> b)
    {
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i].To <= b[j].From) i++;
            else if (b[j].To <= a[i].From) j++;
            else return true;
        }
        return false;
    }

    /// <summary>Values live at the end of a block: per edge, the target's live-in minus its parameters, plus the edge's arguments.</summary>
    private static void LiveOut(IrFunction f, int b, ulong[]?[] liveIn, ulong[] into, ulong[] edgeLive)
    {
        Array.Clear(into);
        int t = f.Terminator(b);
        if (t < 0) return;
        for (int k = 0; k < f[t].EdgeCount; k++)
        {
            var e = f.Edge(t, k);
            var targetIn = liveIn[e.Target];
            if (targetIn != null) targetIn.AsSpan().CopyTo(edgeLive);
            else Array.Clear(edgeLive);
            foreach (var p in f.Blocks[e.Target].Params) Clear(edgeLive, p);
            foreach (var a in e.Args) Set(edgeLive, a);
            for (int w = 0; w < into.Length; w++) into[w] |= edgeLive[w];
        }
    }

    private static void Set(ulong[] bits, int v) => bits[v >> 6] |= 1UL << (v & 63);

    private static void Clear(ulong[] bits, int v) => bits[v >> 6] &= ~(1UL << (v & 63));
}
