namespace Ruchy.Ir;

/// <summary>
/// Linear-scan register allocation (Poletto and Sarkar, 1999) over <see cref="LiveIntervals"/>. The
/// register VM has as many registers as a frame needs, so nothing is ever spilled: the scan only keeps
/// the frame small and, through hints, puts values that flow into one another (a block parameter and
/// its arguments, an in-place instruction and its operand) in the same register so no move is needed.
/// Entry parameters are fixed to registers 0..n-1 (where the caller put them); pinned slots are reserved.
/// Values that live only in a call's argument window are placed there by the emitter instead.
/// </summary>
internal sealed class RegisterAllocator
{
    public readonly int[] Register;
    public int RegisterCount { get; private set; }

    private readonly IrFunction _f;
    private readonly LiveIntervals _live;
    private readonly List<(int End, int Register, int Width, int Value)> _active = new();
    private readonly List<bool> _busy = new();
    // For hints: the parameters each value is passed to, and the arguments each parameter receives.
    private readonly Dictionary<int, List<int>> _passedTo = new();
    private readonly Dictionary<int, List<int>> _receives = new();

    public RegisterAllocator(IrFunction f, List<int> layout, LiveIntervals live, bool[] excluded)
    {
        _f = f;
        _live = live;
        Register = new int[f.InstrCount];
        Array.Fill(Register, -1);
        CollectEdgeHints(layout);

        foreach (var slot in f.PinnedSlots) Reserve(slot);
        var values = new List<int>();
        foreach (var b in layout)
        {
            foreach (var p in f.Blocks[b].Params) values.Add(p);
            foreach (var v in f.Blocks[b].Instrs)
                if (IrOpInfo.HasResult(f[v].Op) && !excluded[v]) values.Add(v);
        }
        // Stable: within one start position the layout order holds (entry parameters first, by index).
        values.Sort((a, b) => live.Start[a].CompareTo(live.Start[b]));
        var entryParams = f.Entry.Params;
        foreach (var v in values)
        {
            if (live.Start[v] == int.MaxValue) continue; // unreachable
            Expire(v);
            int width = f[v].Op == IrOp.ForPrep ? 2 : 1;
            int reg = -1;
            if (f[v].Op == IrOp.Param && f[v].Block == 0)
            {
                reg = entryParams.IndexOf(v);
                // A pinned slot's register stays reserved: its parameter value is read there, never moved.
                if (Array.IndexOf(f.PinnedSlots, reg) >= 0)
                {
                    Register[v] = reg;
                    continue;
                }
            }
            if (reg < 0) reg = Hinted(v, width);
            if (reg < 0) reg = LowestFree(width);
            Take(v, reg, width);
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

    /// <summary>Frees the registers of values whose last use is before <paramref name="v"/>'s definition (or is the instruction defining it).</summary>
    private void Expire(int v)
    {
        int start = _live.Start[v];
        for (int i = _active.Count - 1; i >= 0; i--)
        {
            var (end, reg, width, holder) = _active[i];
            if (end > start) continue;
            // A value defined at this same position (a sibling block parameter) is not expired by it.
            if (end == start && _live.Position[holder] >= start) continue;
            for (int w = 0; w < width; w++) _busy[reg + w] = false;
            _active.RemoveAt(i);
        }
    }

    private int Hinted(int v, int width)
    {
        if (width != 1) return -1;
        ref var ins = ref _f[v];
        // A parameter takes the register of an argument already placed; an argument the register of its parameter.
        if (ins.Op == IrOp.Param && _receives.TryGetValue(v, out var args))
            foreach (var a in args)
                if (Register[a] >= 0 && IsFree(Register[a])) return Register[a];
        if (_passedTo.TryGetValue(v, out var ps))
            foreach (var p in ps)
                if (Register[p] >= 0 && IsFree(Register[p])) return Register[p];
        // In-place instructions and arithmetic: the register of an operand that dies here.
        if (ins.OperandCount > 0 && ins.Op is IrOp.Share or IrOp.Unique or IrOp.CopyTemp or IrOp.BoxParam or IrOp.Copy
                or >= IrOp.Add and <= IrOp.Plus)
        {
            int o = _f.Operand(v, 0);
            if (Register[o] >= 0 && IsFree(Register[o])) return Register[o];
        }
        return -1;
    }

    private bool IsFree(int reg) => reg >= _busy.Count || !_busy[reg];

    private int LowestFree(int width)
    {
        for (int r = 0; ; r++)
        {
            bool free = true;
            for (int w = 0; w < width && free; w++) free = IsFree(r + w);
            if (free) return r;
        }
    }

    private void Reserve(int reg)
    {
        while (_busy.Count <= reg) _busy.Add(false);
        _busy[reg] = true;
        RegisterCount = Math.Max(RegisterCount, reg + 1);
    }

    private void Take(int v, int reg, int width)
    {
        Register[v] = reg;
        for (int w = 0; w < width; w++) Reserve(reg + w);
        _active.Add((_live.End[v], reg, width, v));
    }
}
