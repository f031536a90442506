namespace Ruchy.Ir;

/// <summary>
/// How the register code of a function holds its IR values: each value's register, and where the code resumes
/// after each call. The JIT uses it to turn a compiled frame back into an interpreted one when a speculation
/// fails (deoptimization): the values live after the call go to their registers, the call's result to its
/// window, and the interpreter continues at <see cref="ResumePc"/>.
/// </summary>
internal sealed class FrameMap
{
    private readonly int[] _register;
    private readonly int[] _resumePc;
    private readonly int[] _resultRegister;
    private readonly LiveIntervals _live;
    private readonly int[] _blockStart;

    public FrameMap(int[] register, int[] resumePc, int[] resultRegister, int[] blockStart, LiveIntervals live)
    {
        _register = register;
        _resumePc = resumePc;
        _resultRegister = resultRegister;
        _blockStart = blockStart;
        _live = live;
    }

    /// <summary>The register of value <paramref name="v"/> (-1: none, e.g. a constant every use takes as an immediate).</summary>
    public int RegisterOf(int v) => _register[v];

    /// <summary>The IR block whose code starts at <paramref name="pc"/>, or -1 (where a loop's back edge lands: on-stack replacement enters there).</summary>
    public int BlockAt(int pc)
    {
        for (int b = 0; b < _blockStart.Length; b++)
            if (_blockStart[b] == pc) return b;
        return -1;
    }

    /// <summary>The values live on entry to <paramref name="block"/> (its parameters among them).</summary>
    public List<int> LiveIn(int block)
    {
        var result = new List<int>();
        int at = _live.BlockStart[block];
        for (int u = 0; u < _register.Length; u++)
            if (LiveAt(u, at)) result.Add(u);
        return result;
    }

    /// <summary>Whether value <paramref name="u"/> is live at layout position <paramref name="at"/>.</summary>
    private bool LiveAt(int u, int at)
    {
        if (_live.Ranges[u] is not { } ranges) return false;
        foreach (var (from, to) in ranges)
            if (from <= at && at < to) return true;
        return false;
    }

    /// <summary>The instruction after call <paramref name="v"/> (its result still in the window), or -1 when <paramref name="v"/> is no call.</summary>
    public int ResumePc(int v) => _resumePc[v];

    /// <summary>The register that holds call <paramref name="v"/>'s result at <see cref="ResumePc"/>.</summary>
    public int ResultRegister(int v) => _resultRegister[v];

    /// <summary>The values other than <paramref name="v"/> live right after it, with their registers (values the code keeps in none are left out).</summary>
    public List<(int Value, int Register)> LiveAfter(int v)
    {
        var result = new List<(int, int)>();
        int at = _live.Position[v] + 1;
        for (int u = 0; u < _register.Length; u++)
            if (u != v && _register[u] >= 0 && LiveAt(u, at)) result.Add((u, _register[u]));
        return result;
    }
}
