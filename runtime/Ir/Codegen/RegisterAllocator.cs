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
    private readonly Dictionary<int, List<int>> _passedTo = new();
    private readonly Dictionary<int, List<int>> _receives = new();

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
            foreach (var p in f.Blocks[b].Params) values.Add(p);
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
                    if (!_passedTo.TryGetValue(arg, out var l1)) _passedTo[arg] = l1 = new List<int>();
                    l1.Add(p);
                    if (!_receives.TryGetValue(p, out var l2)) _receives[p] = l2 = new List<int>();
                    l2.Add(arg);
                }
            }
        }
    }

    private int Hinted(int v, List<(int From, int To)> ranges)
    {
        ref var ins = ref _f[v];
        // A parameter takes the register of an argument already placed; an argument the register of its parameter.
        if (ins.Op == IrOp.Param && _receives.TryGetValue(v, out var args))
            foreach (var a in args)
                if (Register[a] >= 0 && Fits(Register[a], ranges)) return Register[a];
        if (_passedTo.TryGetValue(v, out var ps))
            foreach (var p in ps)
                if (Register[p] >= 0 && Fits(Register[p], ranges)) return Register[p];
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

    private bool Fits(int reg, List<(int From, int To)> ranges) =>
        reg >= _occupied.Count || !LiveIntervals.Overlap(_occupied[reg], ranges);

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
        while (_occupied.Count <= reg) _occupied.Add(new List<(int, int)>());
        var list = _occupied[reg];
        list.AddRange(ranges);
        list.Sort();
        RegisterCount = Math.Max(RegisterCount, reg + 1);
    }
}
