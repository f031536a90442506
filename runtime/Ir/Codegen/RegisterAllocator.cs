namespace Ruchy.Ir;

/// <summary>
/// Register allocation in the manner of linear scan (Poletto and Sarkar, 1999), over live ranges with
/// lifetime holes (<see cref="LiveIntervals"/>): values are taken in order of their first position and
/// each gets the first register whose occupied ranges do not overlap its own. The register VM has as many
/// registers as a frame needs, so nothing is ever spilled: the scan keeps the frame small and, through
/// hints, puts values that flow into one another (a block parameter and its arguments, an in-place
/// instruction and its operand) in one register, so no move is needed between them.
/// Entry parameters are fixed to registers 0..n-1 (where the caller put them); pinned slots are reserved.
/// </summary>
internal sealed class RegisterAllocator
{
    public readonly int[] Register;
    public int RegisterCount { get; private set; }

    private readonly IrFunction _f;
    private readonly LiveIntervals _live;
    private readonly List<List<(int From, int To)>> _occupied = new();
    // Per register: its ranges are pairwise disjoint (always, unless a fixed register was taken twice), so a binary search decides overlap.
    private readonly List<bool> _disjoint = new();
    // Edge hints as arrays indexed by value (CSR: value v's entries are [start[v], start[v + 1])), in edge order.
    private int[] _passedToStart = null!, _passedTo = null!, _receivesStart = null!, _receives = null!;

    public RegisterAllocator(IrFunction f, List<int> layout, LiveIntervals live, bool[] excluded)
    {
        _f = f;
        _live = live;
        Register = new int[f.InstrCount];
        Array.Fill(Register, -1);
        CollectEdgeHints(layout);
        foreach (var slot in f.PinnedSlots) Occupy(slot, [(0, int.MaxValue)]);

        var values = new List<int>();
        foreach (var b in layout)
        {
            foreach (var p in f.Blocks[b].Params) if (!excluded[p]) values.Add(p);
            foreach (var v in f.Blocks[b].Instrs)
                if (IrOpInfo.HasResult(f[v].Op) && !excluded[v]) values.Add(v);
        }
        values.Sort((a, b) => live.Start(a).CompareTo(live.Start(b)));
        var entryParams = f.Entry.Params;
        foreach (var v in values)
        {
            var ranges = live.Ranges[v];
            if (ranges == null) continue;
            if (f[v].Op == IrOp.Param && f[v].Block == 0)
            {
                int index = entryParams.IndexOf(v);
                Register[v] = index;
                // A pinned slot's register stays reserved: its parameter is read there, never moved.
                if (Array.IndexOf(f.PinnedSlots, index) < 0) Occupy(index, ranges);
                RegisterCount = Math.Max(RegisterCount, index + 1);
                continue;
            }
            int width = f[v].Op == IrOp.ForPrep ? 2 : 1;
            int reg = width == 1 ? Hinted(v, ranges) : -1;
            if (reg < 0) reg = FirstFit(ranges, width);
            Register[v] = reg;
            for (int w = 0; w < width; w++) Occupy(reg + w, ranges);
        }
    }

    private void CollectEdgeHints(List<int> layout)
    {
        // Two walks over the edges: count per value, then fill, so each value's hints keep the edge order.
        int n = _f.InstrCount;
        _passedToStart = new int[n + 1];
        _receivesStart = new int[n + 1];
        int total = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
            {
                _passedTo = new int[total];
                _receives = new int[total];
                // Exclusive prefix sums: start[v] is v's fill cursor, at the start of v + 1 after the walk (shifted back below).
                int a0 = 0, b0 = 0;
                for (int v = 0; v <= n; v++)
                {
                    int ca = _passedToStart[v], cb = _receivesStart[v];
                    _passedToStart[v] = a0;
                    _receivesStart[v] = b0;
                    a0 += ca;
                    b0 += cb;
                }
            }
            foreach (var b in layout)
            {
                int t = _f.Terminator(b);
                if (t < 0) continue;
                for (int k = 0; k < _f[t].EdgeCount; k++)
                {
                    var e = _f.Edge(t, k);
                    int skip = IrRewrite.ImplicitParams(_f, t, k);
                    var ps = _f.Blocks[e.Target].Params;
                    for (int a = 0; a < e.Args.Count; a++)
                    {
                        int p = ps[a + skip], arg = e.Args[a];
                        if (pass == 0)
                        {
                            _passedToStart[arg]++;
                            _receivesStart[p]++;
                            total++;
                        }
                        else
                        {
                            _passedTo[_passedToStart[arg]++] = p;
                            _receives[_receivesStart[p]++] = arg;
                        }
                    }
                }
            }
        }
        for (int v = n; v > 0; v--)
        {
            _passedToStart[v] = _passedToStart[v - 1];
            _receivesStart[v] = _receivesStart[v - 1];
        }
        _passedToStart[0] = _receivesStart[0] = 0;
    }

    private int Hinted(int v, List<(int From, int To)> ranges)
    {
        ref var ins = ref _f[v];
        // A parameter takes the register of an argument already placed; an argument the register of its parameter.
        if (ins.Op == IrOp.Param)
            for (int i = _receivesStart[v]; i < _receivesStart[v + 1]; i++)
            {
                int a = _receives[i];
                if (Register[a] >= 0 && Fits(Register[a], ranges)) return Register[a];
            }
        for (int i = _passedToStart[v]; i < _passedToStart[v + 1]; i++)
        {
            int p = _passedTo[i];
            if (Register[p] >= 0 && Fits(Register[p], ranges)) return Register[p];
        }
        // The variable's value after a call on it stays in the receiver's register.
        if (ins.Op == IrOp.ReceiverAfter)
        {
            int receiver = _f.Operand(v, 1);
            if (Register[receiver] >= 0 && Fits(Register[receiver], ranges)) return Register[receiver];
        }
        // In-place instructions and arithmetic: the register of an operand that dies here.
        if (ins.OperandCount > 0 && ins.Op is IrOp.Share or IrOp.Unique or IrOp.CopyTemp or IrOp.BoxParam or IrOp.Copy
                or >= IrOp.Add and <= IrOp.Plus)
        {
            int o = _f.Operand(v, 0);
            if (Register[o] >= 0 && Fits(Register[o], ranges)) return Register[o];
        }
        return -1;
    }

    private bool Fits(int reg, List<(int From, int To)> ranges)
    {
        if (reg >= _occupied.Count) return true;
        var occupied = _occupied[reg];
        if (!_disjoint[reg]) return !LiveIntervals.Overlap(occupied, ranges);
        // Disjoint ranges sorted by start are sorted by end too: only the first one ending after `from` can overlap.
        foreach (var (from, to) in ranges)
        {
            int j = FirstEndingAfter(occupied, from);
            if (j < occupied.Count && occupied[j].From < to) return false;
        }
        return true;
    }

    private static int FirstEndingAfter(List<(int From, int To)> list, int position)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (list[mid].To > position) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    private int FirstFit(List<(int From, int To)> ranges, int width)
    {
        for (int r = 0; ; r++)
        {
            bool fits = true;
            for (int w = 0; w < width && fits; w++) fits = Fits(r + w, ranges);
            if (fits) return r;
        }
    }

    private void Occupy(int reg, List<(int From, int To)> ranges)
    {
        while (_occupied.Count <= reg)
        {
            _occupied.Add(new List<(int, int)>());
            _disjoint.Add(true);
        }
        var list = _occupied[reg];
        // Sorted insertion (the order a sort would give), not append-and-sort: registers collect many ranges.
        foreach (var r in ranges)
        {
            int lo = 0, hi = list.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (list[mid].CompareTo(r) <= 0) lo = mid + 1;
                else hi = mid;
            }
            list.Insert(lo, r);
            if ((lo > 0 && list[lo - 1].To > r.From) || (lo + 1 < list.Count && list[lo + 1].From < r.To)) _disjoint[reg] = false;
        }
        RegisterCount = Math.Max(RegisterCount, reg + 1);
    }
}
