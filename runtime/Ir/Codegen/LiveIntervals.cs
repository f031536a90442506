using System.Collections;

namespace Ruchy.Ir;

/// <summary>
/// Numbers the instructions of a block layout and computes, for every value, the interval of positions
/// over which it is live (one hull per value, no holes): from its definition to its last use, stretched
/// over every block it is live through (from a backward data-flow of live-in sets, so loops are covered).
/// </summary>
internal sealed class LiveIntervals
{
    public readonly int[] Start;
    public readonly int[] End;
    /// <summary>Position of each instruction (parameters: their block's start).</summary>
    public readonly int[] Position;
    public readonly int[] BlockStart;
    public readonly int[] BlockEnd;

    public LiveIntervals(IrFunction f, List<int> layout)
    {
        int n = f.InstrCount;
        Start = new int[n];
        End = new int[n];
        Position = new int[n];
        Array.Fill(Start, int.MaxValue);
        Array.Fill(End, -1);
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
        }

        // Live-in sets by backward iteration to a fixed point.
        var liveIn = new BitArray[f.Blocks.Count];
        foreach (var b in layout) liveIn[b] = new BitArray(n);
        bool changed = true;
        var live = new BitArray(n);
        while (changed)
        {
            changed = false;
            for (int li = layout.Count - 1; li >= 0; li--)
            {
                int b = layout[li];
                LiveOut(f, b, liveIn, live);
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

        // Intervals: definitions, uses, and whole blocks a value is live through.
        foreach (var b in layout)
        {
            var block = f.Blocks[b];
            foreach (var p in block.Params) Extend(p, Position[p]);
            foreach (var v in block.Instrs)
            {
                if (IrOpInfo.HasResult(f[v].Op)) Extend(v, Position[v]);
                foreach (var o in f.OperandsOf(v)) Extend(o, Position[v]);
                ref var ins = ref f[v];
                for (int k = 0; k < ins.EdgeCount; k++)
                    foreach (var a in f.Edge(v, k).Args) Extend(a, BlockEnd[b]);
            }
            var inSet = liveIn[b];
            LiveOut(f, b, liveIn, live);
            for (int v = 0; v < n; v++)
            {
                if (inSet[v]) Extend(v, BlockStart[b]);
                if (live[v]) Extend(v, BlockEnd[b]);
            }
        }
    }

    private void Extend(int v, int pos)
    {
        if (pos < Start[v]) Start[v] = pos;
        if (pos > End[v]) End[v] = pos;
    }

    /// <summary>Values live at the end of a block: per edge, the target's live-in minus its parameters, plus the edge's arguments.</summary>
    private static void LiveOut(IrFunction f, int b, BitArray[] liveIn, BitArray into)
    {
        into.SetAll(false);
        int t = f.Terminator(b);
        if (t < 0) return;
        var edgeLive = new BitArray(into.Length);
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
