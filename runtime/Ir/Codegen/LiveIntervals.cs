using System.Collections;

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

        var liveIn = new BitArray[f.Blocks.Count];
        foreach (var b in layout) liveIn[b] = new BitArray(n);
        var live = new BitArray(n);
        var edgeLive = new BitArray(n);
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
                    live[v] = false;
                    foreach (var o in f.OperandsOf(v)) live[o] = true;
                }
                foreach (var p in block.Params) live[p] = false;
                if (!SameBits(live, liveIn[b]))
                {
                    liveIn[b] = (BitArray)live.Clone();
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
            for (int v = 0; v < n; v++)
                if (live[v]) Open(v, BlockEnd[b]);
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
    private static void LiveOut(IrFunction f, int b, BitArray[] liveIn, BitArray into, BitArray edgeLive)
    {
        into.SetAll(false);
        int t = f.Terminator(b);
        if (t < 0) return;
        for (int k = 0; k < f[t].EdgeCount; k++)
        {
            var e = f.Edge(t, k);
            edgeLive.SetAll(false);
            if (liveIn[e.Target] != null) edgeLive.Or(liveIn[e.Target]);
            foreach (var p in f.Blocks[e.Target].Params) edgeLive[p] = false;
            foreach (var a in e.Args) edgeLive[a] = true;
            into.Or(edgeLive);
        }
    }

    private static bool SameBits(BitArray a, BitArray b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }
}
