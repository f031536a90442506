using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// Lowers an <see cref="IrFunction"/> to register-VM bytecode: lays blocks out in their creation order,
/// allocates registers (<see cref="RegisterAllocator"/>), selects instructions (with the superinstructions
/// switch: add-constant and fused compare-and-branch forms, calls of globals without a load) and turns
/// block arguments into parallel moves on the edges.
/// Calls and the instructions that take a run of operands use a window of registers above every allocated
/// one, so a callee's frame (which starts inside the window) never overlaps a live value.
/// </summary>
internal sealed class RegisterEmitter
{
    private readonly IrFunction _f;
    private readonly RunOptions _options;
    private readonly bool _fuse;
    private readonly List<Instr> _code = new();
    private readonly List<int> _positions = new();
    private readonly List<int> _inlineAt = new(); // per instruction: IrInstr.Inline of the IR instruction it came from
    private int _inline;
    private readonly List<object> _side = new();
    private readonly Dictionary<int, int> _sideMap = new(); // IR side index -> proto side index
    private readonly Dictionary<int, (int Index, int Skip, int ReceiverLocal, int SkipLabel, int CallAt)> _methodSiteSpecs = new();
    // Done edges of method calls on places whose moves sit right before their target block (where the call skips to).
    private readonly Dictionary<int, (int Terminator, int Label)> _doneMoves = new();
    private readonly List<(int At, int Label)> _fixups = new();
    private readonly List<(int Terminator, int Edge, int Label)> _pads = new();
    private readonly List<int> _labels = new(); // label -> code index
    private int[] _blockLabel = null!;
    private int[] _layoutIndex = null!;
    private int[] _reg = null!;
    private int[] _windowSlot = null!;
    private int[] _pinnedSlot = null!; // a value kept in a pinned slot's own register, or -1
    private int[] _uses = null!;
    private bool[] _absorbed = null!;
    private int _window;
    private int[] _base = null!; // per window instruction: its window's first register, above W
    private int _maxWindow;
    private int _scratch;
    private readonly bool _keepFrameMap;
    private int[]? _resumePc; // per call: the instruction after it (for the frame map)

    private RegisterEmitter(IrFunction f, RunOptions options, bool keepFrameMap)
    {
        _f = f;
        _options = options;
        _fuse = options.IsOn(SwitchRegistry.Superinstructions);
        _keepFrameMap = keepFrameMap;
    }

    /// <param name="keepFrameMap">Record where each value lives and where calls resume (<see cref="RegisterProto.FrameMap"/>, for the JIT's deoptimization).</param>
    public static RegisterProto Emit(IrFunction f, RunOptions options, bool isMain, CaptureSource[]? captures = null, bool keepFrameMap = false) =>
        new RegisterEmitter(f, options, keepFrameMap).Run(isMain, captures);

    private RegisterProto Run(bool isMain, CaptureSource[]? captures)
    {
        var layout = Layout(); // also computes the predecessors
        // A method call on a place falls through into its mutation path: lay that block right after it.
        for (int i = 0; i < layout.Count; i++)
        {
            int t = _f.Terminator(layout[i]);
            if (t < 0 || _f[t].Op != IrOp.CallMethodPlace) continue;
            int mutate = _f.Edge(t, 1).Target;
            if (_f.Blocks[mutate].Preds.Count != 1 || mutate == 0) continue;
            int at = layout.IndexOf(mutate);
            if (at == i + 1) continue;
            layout.RemoveAt(at);
            layout.Insert(at < i ? i : i + 1, mutate);
            if (at < i) i--;
        }
        CountUses(layout);
        _windowSlot = new int[_f.InstrCount];
        _base = new int[_f.InstrCount];
        _pinnedSlot = new int[_f.InstrCount];
        Array.Fill(_pinnedSlot, -1);
        Array.Fill(_windowSlot, -1);
        var excluded = new bool[_f.InstrCount];
        PlaceInWindow(layout, excluded);
        PlaceInPinnedSlots(layout, excluded);
        PlaceMethodResults(layout, excluded);
        var live = new LiveIntervals(_f, layout);
        var alloc = new RegisterAllocator(_f, layout, live, excluded);
        _reg = alloc.Register;
        _window = Math.Max(alloc.RegisterCount, _f.Source.ParamCount);
        _maxWindow = 2;
        foreach (var b in layout)
            foreach (var v in _f.Blocks[b].Instrs)
                _maxWindow = Math.Max(_maxWindow, _base[v] + WindowWidth(v));
        _scratch = _window + _maxWindow + 1;

        _blockLabel = new int[_f.Blocks.Count];
        foreach (var b in layout) _blockLabel[b] = NewLabel();
        _layoutIndex = new int[_f.Blocks.Count];
        for (int i = 0; i < layout.Count; i++) _layoutIndex[layout[i]] = i;
        for (int i = 0; i < layout.Count; i++)
        {
            if (_doneMoves.TryGetValue(layout[i], out var done))
            {
                Bind(done.Label);
                EmitEdgeMoves(done.Terminator, 0, _f[done.Terminator].Pos, implicitFrom: Base(done.Terminator));
            }
            Bind(_blockLabel[layout[i]]);
            EmitBlock(layout[i], i + 1 < layout.Count ? layout[i + 1] : -1);
        }
        EmitPads();
        foreach (var (at, label) in _fixups) PatchJump(at, _labels[label]);
        BuildMethodSites();

        var header = ProgramAssembler.Header(_f.Source, isMain);
        if (captures != null) header = header with { Captures = captures };
        bool inlined = _f.InlineFrames.Count > 0;
        var proto = new RegisterProto(header, _code.ToArray(), frameSize: _scratch + 3, _positions.ToArray(), _f.Constants.ToArray(), _side.ToArray(),
            inlined ? _f.InlineFrames.ToArray() : null, inlined ? _inlineAt.ToArray() : null);
        if (_keepFrameMap) proto.FrameMap = BuildFrameMap(layout, live);
        return proto;
    }

    private FrameMap BuildFrameMap(List<int> layout, LiveIntervals live)
    {
        int n = _f.InstrCount;
        var register = new int[n];
        var resultRegister = new int[n];
        var resumePc = _resumePc ?? new int[n];
        if (_resumePc == null) Array.Fill(resumePc, -1);
        for (int v = 0; v < n; v++)
        {
            // A constant every use takes as an immediate is never loaded, whatever register the allocator gave it.
            register[v] = _absorbed[v] ? -1 : _windowSlot[v] >= 0 ? _window + _windowSlot[v] : _pinnedSlot[v] >= 0 ? _pinnedSlot[v] : _reg[v];
            resultRegister[v] = resumePc[v] >= 0 ? Base(v) : -1;
        }
        var blockStart = new int[_f.Blocks.Count];
        Array.Fill(blockStart, -1);
        foreach (var b in layout) blockStart[b] = _labels[_blockLabel[b]];
        return new FrameMap(register, resumePc, resultRegister, blockStart, live);
    }

    /// <summary>Notes that the interpreter resumes after call <paramref name="v"/> at the next instruction (with its result in the window).</summary>
    private void MarkResume(int v)
    {
        if (!_keepFrameMap) return;
        if (_resumePc == null)
        {
            _resumePc = new int[_f.InstrCount];
            Array.Fill(_resumePc, -1);
        }
        _resumePc[v] = _code.Count;
    }

    // ------------------------------------------------------------------ analysis

    /// <summary>
    /// The reachable blocks in a reverse postorder that puts each block's fall-through successor right after it
    /// (the depth-first search visits that edge last), so most edges need no jump and only loop back edges go
    /// backward. The slow path of an inlined call (a guard's fallback) goes to the end, out of the hot code.
    /// </summary>
    private List<int> Layout()
    {
        int n = _f.Blocks.Count;
        var order = new List<int>(n);
        var seen = new bool[n];
        var stack = new Stack<(int Block, int Next)>();
        stack.Push((0, 0));
        seen[0] = true;
        while (stack.Count > 0)
        {
            var (b, next) = stack.Pop();
            int t = _f.Terminator(b);
            int count = t < 0 ? 0 : _f[t].EdgeCount;
            if (next < count)
            {
                stack.Push((b, next + 1));
                int s = _f.Edge(t, VisitOrder(t, next, count)).Target;
                if (!seen[s])
                {
                    seen[s] = true;
                    stack.Push((s, 0));
                }
                continue;
            }
            order.Add(b);
        }
        order.Reverse();
        // Fallback calls of inlined copies: rarely run, moved after everything else.
        var cold = new List<int>();
        _f.ComputePredecessors();
        for (int i = order.Count - 1; i > 0; i--)
        {
            int b = order[i];
            if (!IsGuardFallback(b)) continue;
            order.RemoveAt(i);
            cold.Add(b);
        }
        cold.Reverse();
        order.AddRange(cold);
        return order;
    }

    /// <summary>The edge the search takes <paramref name="k"/>-th: the fall-through edge of the terminator's VM instruction comes last.</summary>
    private int VisitOrder(int t, int k, int count)
    {
        if (count != 2) return k;
        int fall = _f[t].Op switch
        {
            // Jump on edge 0, fall through to edge 1.
            IrOp.BranchPresent or IrOp.BranchNil or IrOp.BranchArgPassed => 1,
            // The mutation path must follow the call.
            IrOp.CallMethodPlace => 1,
            _ => 0,
        };
        return k == 0 ? 1 - fall : fall;
    }

    /// <summary>The block a <see cref="IrOp.BranchCallee"/> guard sends control to when its inlined copy may not run (it makes the call).</summary>
    private bool IsGuardFallback(int b)
    {
        var preds = _f.Blocks[b].Preds;
        if (preds.Count != 1) return false;
        int t = _f.Terminator(preds[0]);
        return t >= 0 && _f[t].Op == IrOp.BranchCallee && _f.Edge(t, 1).Target == b;
    }

    private void CountUses(List<int> layout)
    {
        _uses = IrEdit.UseCounts(_f);
        _absorbed = new bool[_f.InstrCount];
        // Constants whose every use takes them as an immediate need no register.
        var needed = new bool[_f.InstrCount];
        foreach (var b in layout)
        {
            var instrs = _f.Blocks[b].Instrs;
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                var ops = _f.OperandsOf(v);
                for (int k = 0; k < ops.Length; k++)
                    if (!TakesImmediate(v, k, i, instrs)) needed[ops[k]] = true;
                ref var ins = ref _f[v];
                for (int e = 0; e < ins.EdgeCount; e++)
                    foreach (var a in _f.Edge(v, e).Args) needed[a] = true;
            }
        }
        for (int v = 0; v < _f.InstrCount; v++)
            if (_f[v].Op == IrOp.Const && !needed[v]) _absorbed[v] = true;
    }

    private bool IsSmallIntConst(int v, out int value)
    {
        value = 0;
        if (_f[v].Op != IrOp.Const) return false;
        var c = _f.Constants[_f[v].Aux];
        if (c.Kind != ValueKind.Int || c.AsInt is < int.MinValue or > int.MaxValue) return false;
        value = (int)c.AsInt;
        return true;
    }

    /// <summary>Operand <paramref name="k"/> of <paramref name="v"/> is a small integer the selected instruction holds itself.</summary>
    private bool TakesImmediate(int v, int k, int index, List<int> instrs)
    {
        int operand = _f.Operand(v, k);
        if (_f[v].Op == IrOp.Return && _f[operand].Op == IrOp.Const && _f.Constants[_f[operand].Aux].IsNil) return true; // ReturnNil
        if (!_fuse || k != 1 || !IsSmallIntConst(_f.Operand(v, 1), out _)) return false;
        var op = _f[v].Op;
        if (op is IrOp.Add or IrOp.Sub) return true;
        return IrOpInfo.IsCompare(op) && FusesIntoBranch(v, index, instrs);
    }

    /// <summary>A comparison used only by the branch right after it becomes one compare-and-jump instruction.</summary>
    private bool FusesIntoBranch(int compare, int index, List<int> instrs)
    {
        if (!_fuse || !IrOpInfo.IsCompare(_f[compare].Op) || _uses[compare] != 1 || index + 1 >= instrs.Count) return false;
        int next = instrs[index + 1];
        return _f[next].Op == IrOp.Branch && _f.Operand(next, 0) == compare;
    }

    /// <summary>How many window registers an instruction needs (its run of operands, or a call's frame start).</summary>
    private int WindowWidth(int v)
    {
        ref var ins = ref _f[v];
        return ins.Op switch
        {
            IrOp.Call or IrOp.CallGlobal or IrOp.CallMethod or IrOp.CallMethodLocal or IrOp.CallMethodPlace => ins.OperandCount + 2,
            IrOp.CallMethodMut => ins.OperandCount + 2,
            IrOp.CallNative or IrOp.NewArray or IrOp.NewTuple or IrOp.NewMap or IrOp.NewStruct or IrOp.NewVariant
                or IrOp.NewRange or IrOp.FString or IrOp.Format or IrOp.ForPrep => Math.Max(ins.OperandCount, 1),
            _ => 0,
        };
    }

    private static bool ResultAtWindowBase(IrOp op) => op is IrOp.Call or IrOp.CallGlobal or IrOp.CallNative or IrOp.CallMethod or IrOp.CallMethodLocal or IrOp.CallMethodMut;

    private static bool UsesWindow(IrOp op) => op is IrOp.Call or IrOp.CallGlobal or IrOp.CallMethod or IrOp.CallMethodPlace
        or IrOp.CallMethodLocal or IrOp.CallMethodMut or IrOp.CallNative or IrOp.NewArray or IrOp.NewTuple or IrOp.NewMap or IrOp.NewStruct
        or IrOp.NewVariant or IrOp.NewRange or IrOp.FString or IrOp.Format or IrOp.ForPrep;

    /// <summary>Index of the first window operand of a window instruction (CallGlobal's arguments start after the callee's slot).</summary>
    private static int WindowOffset(IrOp op) => op switch
    {
        IrOp.CallGlobal => 1,
        _ => 0,
    };

    /// <summary>
    /// Values that never need a register of their own, in two cases. (A) A value computed only to be an
    /// operand of the next window instruction in its block (no other window instruction in between, used
    /// once) is computed straight into its window slot. (B) A call's result, used only later in its block and
    /// not by a window instruction, stays in the window register the call left it in; the window of every
    /// call in between starts above it (a stack of windows, as the direct compiler's temporaries).
    /// </summary>
    private void PlaceInWindow(List<int> layout, bool[] excluded)
    {
        var slotOf = new List<(int Value, int Consumer, int Slot)>();
        // Per value, arrays instead of per-block dictionaries: the index in its block, and (B)'s last use.
        int n = _f.InstrCount;
        var index = new int[n];
        var lastUse = new int[n];
        var useBlock = new int[n];
        var useCount = new int[n];
        var useAt = new int[n];
        var useBad = new bool[n];
        Array.Fill(useBlock, -1);
        var residents = new List<(int Value, int Slot, int Last)>();
        foreach (var b in layout)
        {
            var instrs = _f.Blocks[b].Instrs;
            for (int i = 0; i < instrs.Count; i++) index[instrs[i]] = i;
            // (A)
            int lastWindow = -1;
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                if (!UsesWindow(_f[v].Op)) continue;
                var ops = _f.OperandsOf(v);
                int offset = WindowOffset(_f[v].Op);
                for (int k = 0; k < ops.Length; k++)
                {
                    int o = ops[k];
                    if (ops[..k].Contains(o) || _uses[o] != 1 || _f[o].Block != b || _f[o].Op is IrOp.Param or IrOp.Const) continue;
                    int at = index[o];
                    if (at < lastWindow || at > i || (at == lastWindow && !UsesWindow(_f[o].Op))) continue;
                    if (_f[o].Op is IrOp.WriteBack or IrOp.LoadPinned or IrOp.ReceiverAfter) continue;
                    // A call leaves its result in its window's first register: it can stay only if it is needed there.
                    if (ResultAtWindowBase(_f[o].Op) && offset + k != 0) continue;
                    slotOf.Add((o, v, offset + k));
                    excluded[o] = true;
                }
                lastWindow = i;
            }
            // (B) candidates: the position of their last use (one walk over the block, not one per candidate).
            ScanUsesInBlock(b, instrs, useBlock, useCount, useAt, useBad);
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                lastUse[v] = -1;
                if (!ResultAtWindowBase(_f[v].Op) || excluded[v] || _uses[v] == 0) continue;
                int last = LastUseInBlock(v, b, useBlock, useCount, useAt, useBad);
                if (last > i) lastUse[v] = last;
            }
            // Window bases, forward: above every resident result still needed.
            residents.Clear();
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                int kept = 0;
                for (int r = 0; r < residents.Count; r++)
                    if (residents[r].Last >= i) residents[kept++] = residents[r];
                residents.RemoveRange(kept, residents.Count - kept);
                if (!UsesWindow(_f[v].Op)) continue;
                int baseSlot = 0;
                foreach (var r in residents) baseSlot = Math.Max(baseSlot, r.Slot + 1);
                _base[v] = baseSlot;
                if (lastUse[v] >= 0)
                {
                    residents.Add((v, baseSlot, lastUse[v]));
                    _windowSlot[v] = baseSlot;
                    excluded[v] = true;
                }
            }
        }
        foreach (var (value, consumer, slot) in slotOf) _windowSlot[value] = _base[consumer] + slot;
    }

    /// <summary>
    /// The result of a method call on a place stays in the call's window register, where both paths leave it
    /// (the done path's CallMethod and the mutation path's CallMethodMut share the window), when the join block
    /// reads it before anything else uses the window: <c>if self.tasks[t].ready() {</c> then branches on that
    /// register with no move on either edge.
    /// </summary>
    private void PlaceMethodResults(List<int> layout, bool[] excluded)
    {
        foreach (var b in layout)
        {
            int t = _f.Terminator(b);
            if (t < 0 || _f[t].Op != IrOp.CallMethodPlace) continue;
            int join = _f.Edge(t, 0).Target;
            var ps = _f.Blocks[join].Params;
            if (ps.Count == 0 || join == b) continue;
            int result = ps[0];
            if (excluded[result] || _uses[result] == 0 || !UsedBeforeWindow(result, join, skipDef: -1)) continue;
            var mutResults = new List<int>();
            bool ok = true;
            foreach (int pred in _f.Blocks[join].Preds)
            {
                if (pred == b) continue;
                int pt = _f.Terminator(pred);
                for (int k = 0; ok && k < _f[pt].EdgeCount; k++)
                {
                    var e = _f.Edge(pt, k);
                    if (e.Target != join) continue;
                    int skip = IrRewrite.ImplicitParams(_f, pt, k);
                    int arg = skip > 0 || e.Args.Count == 0 ? -1 : e.Args[0];
                    ok = arg >= 0 && _f[arg].Op == IrOp.CallMethodMut && _f[arg].Aux == _f[t].Aux && _base[arg] == _base[t]
                        && !excluded[arg] && StaysInWindow(arg, join);
                    if (ok && !mutResults.Contains(arg)) mutResults.Add(arg);
                }
                if (!ok) break;
            }
            if (!ok) continue;
            _windowSlot[result] = _base[t];
            excluded[result] = true;
            foreach (int v in mutResults)
            {
                _windowSlot[v] = _base[t];
                excluded[v] = true;
            }
        }
    }

    /// <summary>Reads, moves or overwrites a window register: a window instruction or a value computed into the window.</summary>
    private bool TouchesWindow(int v) => UsesWindow(_f[v].Op) || _windowSlot[v] >= 0;

    /// <summary>Every use of <paramref name="v"/> is in <paramref name="block"/>, not by a window instruction nor on an edge, before the window is touched (after instruction <paramref name="skipDef"/>).</summary>
    private bool UsedBeforeWindow(int v, int block, int skipDef)
    {
        var instrs = _f.Blocks[block].Instrs;
        int seen = 0;
        bool started = skipDef < 0;
        for (int i = 0; i < instrs.Count && seen < _uses[v]; i++)
        {
            int u = instrs[i];
            if (!started) { started = u == skipDef; continue; }
            if (TouchesWindow(u)) return false;
            ref var ins = ref _f[u];
            for (int k = 0; k < ins.EdgeCount; k++)
                if (_f.Edge(u, k).Args.Contains(v)) return false;
            foreach (var o in _f.OperandsOf(u)) if (o == v) seen++;
        }
        return seen == _uses[v];
    }

    /// <summary>
    /// A CallMethodMut result can stay in its window register: nothing touches the window after it in its block, and
    /// its uses are there, on edges to <paramref name="join"/>, or (before any window use) in a block entered only from there.
    /// </summary>
    private bool StaysInWindow(int v, int join)
    {
        int home = _f[v].Block;
        var instrs = _f.Blocks[home].Instrs;
        int seen = 0;
        bool after = false;
        foreach (int u in instrs)
        {
            if (!after) { after = u == v; continue; }
            if (TouchesWindow(u)) return false;
            foreach (var o in _f.OperandsOf(u)) if (o == v) seen++;
        }
        int t = _f.Terminator(home);
        for (int k = 0; k < _f[t].EdgeCount; k++)
        {
            var e = _f.Edge(t, k);
            int n = 0;
            foreach (var a in e.Args) if (a == v) n++;
            if (n == 0) continue;
            if (e.Target != join) return false;
            seen += n;
        }
        if (seen == _uses[v]) return true;
        for (int k = 0; k < _f[t].EdgeCount; k++)
        {
            int s = _f.Edge(t, k).Target;
            if (s == join || _f.Blocks[s].Preds.Count != 1) continue;
            foreach (int u in _f.Blocks[s].Instrs)
            {
                if (seen == _uses[v]) break;
                if (TouchesWindow(u)) return false;
                ref var ins = ref _f[u];
                for (int e = 0; e < ins.EdgeCount; e++)
                    foreach (var a in _f.Edge(u, e).Args)
                        if (a == v)
                        {
                            if (_f.Edge(u, e).Target != join) return false;
                            seen++;
                        }
                foreach (var o in _f.OperandsOf(u)) if (o == v) seen++;
            }
        }
        return seen == _uses[v];
    }

    /// <summary>
    /// A pinned slot read (and a unique copy of it) is used where it is, in the slot's register, when all its
    /// uses follow in the same block and nothing stores another value into the slot before the last of them:
    /// <c>self.x = v</c> in a &amp;mut self method is then UniqueLocal on register 0 itself, with no moves.
    /// </summary>
    private void PlaceInPinnedSlots(List<int> layout, bool[] excluded)
    {
        if (_f.PinnedSlots.Length == 0) return;
        foreach (var b in layout)
        {
            var instrs = _f.Blocks[b].Instrs;
            for (int i = 0; i < instrs.Count; i++)
            {
                int v = instrs[i];
                int slot;
                if (_f[v].Op == IrOp.LoadPinned) slot = _f[v].Aux;
                else if (_f[v].Op == IrOp.Unique && _pinnedSlot[_f.Operand(v, 0)] >= 0 && _uses[_f.Operand(v, 0)] == 1) slot = _pinnedSlot[_f.Operand(v, 0)];
                else if (_f[v].Op == IrOp.ReceiverAfter && _pinnedSlot[_f.Operand(v, 1)] >= 0) slot = _pinnedSlot[_f.Operand(v, 1)];
                else continue;
                if (excluded[v] || !StaysInSlot(v, slot, i, instrs)) continue;
                _pinnedSlot[v] = slot;
                excluded[v] = true;
            }
        }
    }

    /// <summary>Every use of <paramref name="v"/> is later in its block, not on an edge, and the slot keeps it until the last.</summary>
    private bool StaysInSlot(int v, int slot, int def, List<int> instrs)
    {
        // The receiver operand of a ReceiverAfter reads the register after the call on purpose: not a use that
        // needs the old value.
        int uses = _uses[v], seen = 0;
        for (int i = def + 1; i < instrs.Count; i++)
            if (_f[instrs[i]].Op == IrOp.ReceiverAfter && _f.Operand(instrs[i], 1) == v) uses--;
        for (int i = def + 1; i < instrs.Count && seen < uses; i++)
        {
            int u = instrs[i];
            ref var ins = ref _f[u];
            for (int k = 0; k < ins.EdgeCount; k++)
                if (_f.Edge(u, k).Args.Contains(v)) return false;
            if (ins.Op == IrOp.ReceiverAfter) continue;
            foreach (var o in _f.OperandsOf(u)) if (o == v) seen++;
            if (seen < uses && ins.Op == IrOp.StorePinned && ins.Aux == slot && _f.Operand(u, 0) != v) return false;
            // A unique copy of it, or a call that changes it in place, would change the register the other uses read.
            if (seen < uses && ins.Op is IrOp.Unique or IrOp.CallMethodLocal && _f.Operand(u, 0) == v) return false;
        }
        return seen == uses;
    }

    /// <summary>
    /// For the values used in <paramref name="block"/>: how many of its instructions use each as an operand, the
    /// index of the last, and whether one is an edge argument or a window instruction's operand (bad).
    /// Uses of a value in its own block follow its definition (SSA), so this is what a scan after it would see.
    /// </summary>
    private void ScanUsesInBlock(int block, List<int> instrs, int[] useBlock, int[] useCount, int[] useAt, bool[] useBad)
    {
        for (int i = 0; i < instrs.Count; i++)
        {
            int u = instrs[i];
            ref var ins = ref _f[u];
            bool window = UsesWindow(ins.Op);
            foreach (var o in _f.OperandsOf(u))
            {
                Touch(o);
                // An instruction counts once, however many of its operands the value is.
                if (useAt[o] != i) useCount[o]++;
                useAt[o] = i;
                if (window) useBad[o] = true;
            }
            for (int k = 0; k < ins.EdgeCount; k++)
                foreach (var a in _f.Edge(u, k).Args)
                {
                    Touch(a);
                    useBad[a] = true;
                }
        }

        void Touch(int v)
        {
            if (useBlock[v] == block) return;
            useBlock[v] = block;
            useCount[v] = 0;
            useAt[v] = -1;
            useBad[v] = false;
        }
    }

    /// <summary>The index of the last use of <paramref name="v"/> in its block, or -1 when it is used elsewhere, on an edge or by a window instruction.</summary>
    private int LastUseInBlock(int v, int block, int[] useBlock, int[] useCount, int[] useAt, bool[] useBad)
    {
        if (useBlock[v] != block || useBad[v]) return -1;
        return useCount[v] == _uses[v] ? useAt[v] : -1;
    }

    // ------------------------------------------------------------------ emission helpers

    private int Reg(int v)
    {
        if (_windowSlot[v] >= 0) return _window + _windowSlot[v];
        if (_pinnedSlot[v] >= 0) return _pinnedSlot[v];
        if (_reg[v] < 0) throw new InvalidOperationException($"internal IR error: v{v} has no register in {_f.Name}");
        return _reg[v];
    }

    private int Emit(RegOp op, int a, int b, int c, int pos)
    {
        _code.Add(new Instr(op, a, b, c));
        _positions.Add(pos);
        _inlineAt.Add(_inline);
        return _code.Count - 1;
    }

    private void Move(int to, int from, int pos)
    {
        if (to != from) Emit(RegOp.Move, to, from, 0, pos);
    }

    private int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    private void Bind(int label) => _labels[label] = _code.Count;

    private void JumpTo(RegOp op, int a, int b, int label, int pos)
    {
        int at = Emit(op, a, b, 0, pos);
        _fixups.Add((at, label));
    }

    private void PatchJump(int at, int target)
    {
        var i = _code[at];
        int off = target - at - 1;
        _code[at] = i.Op switch
        {
            RegOp.Jmp => i with { A = off },
            RegOp.JmpIfFalse or RegOp.JmpIfTrue or RegOp.JmpIfPresent or RegOp.JmpIfNil or RegOp.Default => i with { B = off },
            _ => i with { C = off },
        };
    }

    private int Side(int irSide)
    {
        if (_sideMap.TryGetValue(irSide, out int s)) return s;
        _side.Add(_f.Side[irSide]);
        _sideMap[irSide] = _side.Count - 1;
        return _side.Count - 1;
    }

    private int NewSide(object entry)
    {
        _side.Add(entry);
        return _side.Count - 1;
    }

    /// <summary>Moves the operands of a window instruction into the window (those computed there already stay).</summary>
    private void FillWindow(int v, int firstSlot, int pos)
    {
        var ops = _f.OperandsOf(v);
        for (int k = 0; k < ops.Length; k++)
        {
            int o = ops[k];
            int slot = firstSlot + k;
            if (_windowSlot[o] == _base[v] + slot) continue;
            Move(Base(v) + slot, Reg(o), pos);
        }
    }

    private void ResultFromWindow(int v, int slot, int pos)
    {
        if (_uses[v] == 0 && _reg[v] < 0) return;
        Move(Reg(v), Base(v) + slot, pos);
    }

    /// <summary>The first register of the window of instruction <paramref name="v"/>.</summary>
    private int Base(int v) => _window + _base[v];

    // ------------------------------------------------------------------ blocks

    private void EmitBlock(int block, int next)
    {
        var instrs = _f.Blocks[block].Instrs;
        for (int i = 0; i < instrs.Count; i++)
        {
            int v = instrs[i];
            ref var ins = ref _f[v];
            _inline = ins.Inline;
            if (IrOpInfo.IsTerminator(ins.Op))
            {
                EmitTerminator(v, next);
                continue;
            }
            if (IrOpInfo.IsCompare(ins.Op) && FusesIntoBranch(v, i, instrs))
            {
                EmitFusedBranch(v, instrs[i + 1], next);
                i++;
                continue;
            }
            EmitInstruction(v);
        }
    }

    private void EmitInstruction(int v)
    {
        ref var ins = ref _f[v];
        int pos = ins.Pos;
        var ops = _f.OperandsOf(v);
        switch (ins.Op)
        {
            case IrOp.Param:
                return;
            case IrOp.Const:
                if (_absorbed[v] || (_uses[v] == 0 && _reg[v] < 0 && _windowSlot[v] < 0)) return;
                if (_f.Constants[ins.Aux].IsNil) Emit(RegOp.LoadNil, Reg(v), 0, 0, pos);
                else Emit(RegOp.LoadK, Reg(v), ins.Aux, 0, pos);
                return;
            case IrOp.Copy: Move(Reg(v), Reg(ops[0]), pos); return;
            case IrOp.Share:
                if (Reg(v) == Reg(ops[0])) Emit(RegOp.Share, Reg(v), 0, 0, pos);
                else Emit(RegOp.MoveShare, Reg(v), Reg(ops[0]), 0, pos);
                return;
            case IrOp.GetGlobal: Emit(RegOp.GetGlobal, Reg(v), ins.Aux, 0, pos); return;
            case IrOp.SetGlobal: Emit(RegOp.SetGlobal, Reg(ops[0]), ins.Aux, 0, pos); return;
            case IrOp.GetCell: Emit(RegOp.GetCell, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.SetCell: Emit(RegOp.SetCell, Reg(ops[1]), Reg(ops[0]), 0, pos); return;
            case IrOp.BindCell: Emit(RegOp.BindCell, Reg(ops[0]), Reg(v), 0, pos); return;
            case IrOp.BoxParam: InPlace(RegOp.BoxParam, v, ops[0], pos); return;
            case IrOp.GetUpval: Emit(RegOp.GetUpval, Reg(v), ins.Aux, 0, pos); return;
            case IrOp.SetUpval: Emit(RegOp.SetUpval, Reg(ops[0]), ins.Aux, 0, pos); return;
            case IrOp.LoadPinned: Move(Reg(v), ins.Aux, pos); return;
            case IrOp.StorePinned: Move(ins.Aux, Reg(ops[0]), pos); return;
            case >= IrOp.Add and <= IrOp.Shr:
            {
                if (_fuse && ins.Op is IrOp.Add or IrOp.Sub && IsSmallIntConst(ops[1], out int imm))
                {
                    Emit(ins.Op == IrOp.Add ? RegOp.AddK : RegOp.SubK, Reg(v), Reg(ops[0]), imm, pos);
                    return;
                }
                Emit(RegisterCompiler.BinaryOpcode(IrOpInfo.ToBinary(ins.Op)), Reg(v), Reg(ops[0]), Reg(ops[1]), pos);
                return;
            }
            case IrOp.Neg: Emit(RegOp.Neg, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.Not: Emit(RegOp.Not, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.BitNot: Emit(RegOp.BitNot, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.Plus: Emit(RegOp.Plus, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.Call:
                FillWindow(v, 0, pos);
                Emit(RegOp.Call, Base(v), ops.Length - 1, Side(ins.Aux), pos);
                MarkResume(v);
                ResultFromWindow(v, 0, pos);
                return;
            case IrOp.CallGlobal:
            {
                var target = (CallTarget)_f.Side[ins.Aux];
                FillWindow(v, 1, pos);
                if (_fuse) Emit(RegOp.CallGlobal, Base(v), ops.Length, target.Global, pos);
                else
                {
                    Emit(RegOp.GetGlobal, Base(v), target.Global, 0, pos);
                    Emit(RegOp.Call, Base(v), ops.Length, Side(ins.Aux), pos);
                }
                MarkResume(v);
                ResultFromWindow(v, 0, pos);
                return;
            }
            case IrOp.CallNative:
                FillWindow(v, 0, pos);
                Emit(RegOp.CallNative, Base(v), ops.Length, ins.Aux, pos);
                ResultFromWindow(v, 0, pos);
                return;
            case IrOp.CallMethod:
                FillWindow(v, 0, pos);
                Emit(RegOp.CallMethod, Base(v), ops.Length - 1, MethodSiteFor(ins.Aux, 0), pos);
                ResultFromWindow(v, 0, pos);
                return;
            case IrOp.CallMethodLocal:
            {
                // The VM changes the receiver's variable in the receiver's own register; ReceiverAfter reads it there
                // (usually it was given that register; otherwise it is copied out after the call).
                int receiver = Reg(ops[0]);
                FillWindow(v, 0, pos);
                Emit(RegOp.CallMethod, Base(v), ops.Length - 1, MethodSiteFor(ins.Aux, 0, receiver), pos);
                ResultFromWindow(v, 0, pos);
                int after = ReceiverAfterOf(v);
                if (after >= 0 && _reg[after] >= 0) Move(_reg[after], receiver, pos);
                return;
            }
            case IrOp.ReceiverAfter:
                return;
            case IrOp.CallMethodMut:
                FillWindow(v, 0, pos);
                Emit(RegOp.CallMethodMut, Base(v), ops.Length - 1, MethodSiteFor(ins.Aux, 0), pos);
                ResultFromWindow(v, 0, pos);
                return;
            case IrOp.WriteBack:
            {
                int argc = _f[ops[0]].OperandCount - 1;
                Move(Reg(v), Base(ops[0]) + argc + 1, pos);
                return;
            }
            case IrOp.Closure:
            {
                var site = (IrClosureSite)_f.Side[ins.Aux];
                var captures = new CaptureSource[site.Captures.Length];
                int k = 0;
                for (int i = 0; i < captures.Length; i++)
                    captures[i] = site.Captures[i].FromParentSlot ? new CaptureSource(true, Reg(ops[k++])) : site.Captures[i];
                var proto = Emit(site.Function, _options, isMain: false, captures);
                Emit(RegOp.Closure, Reg(v), NewSide(proto), 0, pos);
                return;
            }
            case IrOp.NewArray: Window(RegOp.NewArray, v, ops.Length, pos); return;
            case IrOp.NewTuple: Window(RegOp.NewTuple, v, ops.Length, pos); return;
            case IrOp.NewMap: Window(RegOp.NewMap, v, Side(ins.Aux), pos); return;
            case IrOp.NewStruct: Window(RegOp.NewStruct, v, Side(ins.Aux), pos); return;
            case IrOp.NewVariant: Window(RegOp.NewVariant, v, Side(ins.Aux), pos); return;
            case IrOp.NewRange: Window(RegOp.NewRange, v, Side(ins.Aux), pos); return;
            case IrOp.FString: Window(RegOp.FString, v, Side(ins.Aux), pos); return;
            case IrOp.Format: Window(RegOp.Format, v, Side(ins.Aux), pos); return;
            case IrOp.ForPrep: Window(RegOp.ForPrep, v, Side(ins.Aux), pos); return;
            case IrOp.ArrayRepeat: Emit(RegOp.ArrayRepeat, Reg(v), Reg(ops[0]), Reg(ops[1]), pos); return;
            case IrOp.CheckStructBase: Emit(RegOp.CheckStructBase, Reg(ops[0]), 0, Side(ins.Aux), pos); return;
            case IrOp.Cast: Emit(RegOp.Cast, Reg(v), Reg(ops[0]), ins.Aux, pos); return;
            case IrOp.Undefined: Emit(RegOp.Undefined, Side(ins.Aux), 0, 0, pos); return;
            case IrOp.GetField: Emit(RegOp.GetField, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.Index: Emit(RegOp.Index, Reg(v), Reg(ops[0]), Reg(ops[1]), pos); return;
            case IrOp.Unique: InPlace(RegOp.UniqueLocal, v, ops[0], pos); return;
            case IrOp.UniqueGlobal: Emit(RegOp.UniqueGlobal, Reg(v), ins.Aux, 0, pos); return;
            case IrOp.UniqueCell: Emit(RegOp.UniqueCell, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.UniqueUpval: Emit(RegOp.UniqueUpval, Reg(v), ins.Aux, 0, pos); return;
            case IrOp.UniqueField: Emit(RegOp.UniqueField, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.UniqueIndex: Emit(RegOp.UniqueIndex, Reg(v), Reg(ops[0]), Reg(ops[1]), pos); return;
            case IrOp.CopyTemp: InPlace(RegOp.CopyTemp, v, ops[0], pos); return;
            case IrOp.Destructure: Emit(RegOp.Destructure, Reg(ops[0]), ins.Aux, 0, pos); return;
            case IrOp.SetField: Emit(RegOp.SetField, Reg(ops[0]), Reg(ops[1]), Side(ins.Aux), pos); return;
            case IrOp.SetIndex: Emit(RegOp.SetIndex, Reg(ops[0]), Reg(ops[1]), Reg(ops[2]), pos); return;
            case IrOp.TestEqK: Emit(RegOp.TestEqK, Reg(v), Reg(ops[0]), ins.Aux, pos); return;
            case IrOp.TestRange: Emit(RegOp.TestRange, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.TestVariant: Emit(RegOp.TestVariant, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.TestStruct: Emit(RegOp.TestStruct, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.TestSeq: Emit(RegOp.TestSeq, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.GetItem: Emit(RegOp.GetItem, Reg(v), Reg(ops[0]), ins.Aux, pos); return;
            case IrOp.GetPayload: Emit(RegOp.GetPayload, Reg(v), Reg(ops[0]), ins.Aux, pos); return;
            case IrOp.GetStructField: Emit(RegOp.GetStructField, Reg(v), Reg(ops[0]), ins.Aux, pos); return;
            case IrOp.SliceRest: Emit(RegOp.SliceRest, Reg(v), Reg(ops[0]), Side(ins.Aux), pos); return;
            case IrOp.IterInit: Emit(RegOp.IterInit, Reg(v), Reg(ops[0]), 0, pos); return;
            case IrOp.Try: Emit(RegOp.Try, Reg(v), Reg(ops[0]), 0, pos); return;
            default:
                throw new InvalidOperationException($"internal IR error: no register bytecode for {IrOpInfo.Name(ins.Op)}");
        }
    }

    /// <summary>An instruction that works on its register in place: the operand is copied to the result's register first.</summary>
    private void InPlace(RegOp op, int v, int operand, int pos)
    {
        Move(Reg(v), Reg(operand), pos);
        Emit(op, Reg(v), 0, 0, pos);
    }

    private void Window(RegOp op, int v, int c, int pos)
    {
        FillWindow(v, 0, pos);
        Emit(op, Reg(v), Base(v), c, pos);
    }

    /// <summary>
    /// One MethodSite per IR site (CallMethodPlace and its CallMethodMut share it, as its inline cache). The
    /// site is built when the code is complete: its skip distance may be a label's position.
    /// </summary>
    private int MethodSiteFor(int irSide, int skip, int receiverLocal = -1, int skipLabel = -1, int callAt = -1)
    {
        if (!_sideMap.TryGetValue(irSide, out int index))
        {
            index = NewSide(null!);
            _sideMap[irSide] = index;
            _methodSiteSpecs[irSide] = (index, skip, receiverLocal, -1, -1);
        }
        var spec = _methodSiteSpecs[irSide];
        if (skip != 0 || skipLabel >= 0) spec = (index, skip, spec.ReceiverLocal, skipLabel, callAt);
        if (receiverLocal >= 0) spec = spec with { ReceiverLocal = receiverLocal };
        _methodSiteSpecs[irSide] = spec;
        return index;
    }

    private void BuildMethodSites()
    {
        foreach (var (irSide, spec) in _methodSiteSpecs)
        {
            var m = (IrMethodSite)_f.Side[irSide];
            int skip = spec.SkipLabel >= 0 ? _labels[spec.SkipLabel] - spec.CallAt - 1 : spec.Skip;
            _side[spec.Index] = new MethodSite(m.Name, m.Method, m.ReceiverIsPlace, m.IsStatement, spec.ReceiverLocal, skip, writeBackSlot: -1);
        }
    }

    /// <summary>The ReceiverAfter of a CallMethodLocal (the instruction after it, unless a pass removed it as unused), or -1.</summary>
    private int ReceiverAfterOf(int call)
    {
        foreach (var v in _f.Blocks[_f[call].Block].Instrs)
            if (_f[v].Op == IrOp.ReceiverAfter && _f.Operand(v, 0) == call) return v;
        return -1;
    }

    // ------------------------------------------------------------------ terminators and edges

    private void EmitTerminator(int t, int next)
    {
        ref var ins = ref _f[t];
        int pos = ins.Pos;
        var ops = _f.OperandsOf(t);
        switch (ins.Op)
        {
            case IrOp.Jump:
                EmitEdgeMoves(t, 0, pos);
                if (!FallsInto(_f.Edge(t, 0).Target, next)) JumpTo(RegOp.Jmp, 0, 0, _blockLabel[_f.Edge(t, 0).Target], pos);
                return;
            case IrOp.Return:
                if (_f[ops[0]].Op == IrOp.Const && _f.Constants[_f[ops[0]].Aux].IsNil) Emit(RegOp.ReturnNil, 0, 0, 0, pos);
                else Emit(RegOp.Return, Reg(ops[0]), 0, 0, pos);
                return;
            case IrOp.PatternError:
                Emit(RegOp.PatternError, Reg(ops[0]), Side(ins.Aux), 0, pos);
                return;
            case IrOp.Branch:
            {
                // Jump on the edge whose target is not next, fall through to the other.
                bool trueIsNext = FallsInto(_f.Edge(t, 0).Target, next) && !HasMoves(t, 0);
                // A backward true edge is taken by the Jmp after the test (see Conditional).
                bool trueIsBackward = _layoutIndex[_f.Edge(t, 0).Target] <= _layoutIndex[ins.Block];
                if (trueIsNext || trueIsBackward) Conditional(t, RegOp.JmpIfFalse, Reg(ops[0]), 0, jumpEdge: 1, next, pos);
                else Conditional(t, RegOp.JmpIfTrue, Reg(ops[0]), 0, jumpEdge: 0, next, pos);
                return;
            }
            case IrOp.BranchPresent: Conditional(t, RegOp.JmpIfPresent, Reg(ops[0]), 0, jumpEdge: 0, next, pos); return;
            case IrOp.BranchNil: Conditional(t, RegOp.JmpIfNil, Reg(ops[0]), 0, jumpEdge: 0, next, pos); return;
            case IrOp.BranchCallee:
            {
                var guard = (IrCalleeGuard)_f.Side[ins.Aux];
                Conditional(t, RegOp.JmpIfNotCallee, guard.Global, NewSide(guard.Callee), jumpEdge: 1, next, pos);
                return;
            }
            case IrOp.BranchArgPassed:
                if (Reg(ops[0]) != ins.Aux) throw new InvalidOperationException($"internal IR error: parameter {ins.Aux} is not in its register");
                Conditional(t, RegOp.Default, ins.Aux, 0, jumpEdge: 0, next, pos);
                return;
            case IrOp.IterNext:
                Conditional(t, RegOp.IterNext, Reg(ops[0]), ItemRegister(t), jumpEdge: 1, next, pos);
                return;
            case IrOp.ForLoop:
                Conditional(t, RegOp.ForLoop, Reg(ops[0]), ItemRegister(t), jumpEdge: 1, next, pos);
                return;
            case IrOp.CallMethodPlace:
            {
                FillWindow(t, 0, pos);
                var mutate = _f.Edge(t, 1);
                var done = _f.Edge(t, 0);
                int at = _code.Count;
                if (mutate.Target == next && !HasMoves(t, 1) && _layoutIndex[done.Target] > _layoutIndex[next] && !_doneMoves.ContainsKey(done.Target)
                    && _f.Blocks[done.Target].Preds.Count(p => _f[_f.Terminator(p)].Op == IrOp.CallMethodPlace) == 1)
                {
                    // The mutation path follows; when done, CallMethod skips it, landing on the done edge's moves
                    // right before the edge's target.
                    int label = NewLabel();
                    _doneMoves[done.Target] = (t, label);
                    Emit(RegOp.CallMethod, Base(t), ops.Length - 1, MethodSiteFor(ins.Aux, 0, skipLabel: label, callAt: at), pos);
                    return;
                }
                // Otherwise CallMethod skips one instruction when done: the jump into the mutation path after it.
                Emit(RegOp.CallMethod, Base(t), ops.Length - 1, MethodSiteFor(ins.Aux, 1), pos);
                int mutateLabel = HasMoves(t, 1) ? NewLabel() : _blockLabel[mutate.Target];
                JumpTo(RegOp.Jmp, 0, 0, mutateLabel, pos);
                EmitEdgeMoves(t, 0, pos, implicitFrom: Base(t));
                if (!FallsInto(done.Target, next) || HasMoves(t, 1)) JumpTo(RegOp.Jmp, 0, 0, _blockLabel[done.Target], pos);
                if (HasMoves(t, 1))
                {
                    Bind(mutateLabel);
                    EmitEdgeMoves(t, 1, pos);
                    JumpTo(RegOp.Jmp, 0, 0, _blockLabel[mutate.Target], pos);
                }
                return;
            }
            default:
                throw new InvalidOperationException($"internal IR error: no register bytecode for terminator {IrOpInfo.Name(ins.Op)}");
        }
    }

    /// <summary>Control reaches <paramref name="target"/> by falling through: it is next, and no done-edge moves sit before it.</summary>
    private bool FallsInto(int target, int next) =>
        target == next && (!_doneMoves.TryGetValue(target, out var done) || !HasMoves(done.Terminator, 0, implicitFrom: Base(done.Terminator)));

    /// <summary>The register the terminator writes its produced item into: its body block's first parameter.</summary>
    private int ItemRegister(int t)
    {
        int param = _f.Blocks[_f.Edge(t, 0).Target].Params[0];
        return _reg[param] >= 0 ? _reg[param] : _scratch;
    }

    /// <summary>Fused compare-and-branch: jump to the false edge when the comparison fails.</summary>
    private void EmitFusedBranch(int compare, int branch, int next)
    {
        ref var cmp = ref _f[compare];
        var ops = _f.OperandsOf(compare);
        int pos = cmp.Pos;
        RegOp op;
        int b;
        if (IsSmallIntConst(ops[1], out int imm))
        {
            op = cmp.Op switch
            {
                IrOp.Lt => RegOp.JmpIfNotLtI, IrOp.Le => RegOp.JmpIfNotLeI, IrOp.Gt => RegOp.JmpIfNotGtI,
                IrOp.Ge => RegOp.JmpIfNotGeI, IrOp.Eq => RegOp.JmpIfNotEqI, _ => RegOp.JmpIfNotNeI,
            };
            b = imm;
        }
        else
        {
            op = cmp.Op switch
            {
                IrOp.Lt => RegOp.JmpIfNotLt, IrOp.Le => RegOp.JmpIfNotLe, IrOp.Gt => RegOp.JmpIfNotGt,
                IrOp.Ge => RegOp.JmpIfNotGe, IrOp.Eq => RegOp.JmpIfNotEq, _ => RegOp.JmpIfNotNe,
            };
            b = Reg(ops[1]);
        }
        Conditional(branch, op, Reg(ops[0]), b, jumpEdge: 1, next, pos);
    }

    private bool HasMoves(int t, int edge, int implicitFrom = -1)
    {
        var e = _f.Edge(t, edge);
        var ps = _f.Blocks[e.Target].Params;
        int skip = IrRewrite.ImplicitParams(_f, t, edge);
        if (implicitFrom >= 0 && skip > 0 && _reg[ps[0]] >= 0 && _uses[ps[0]] > 0 && _reg[ps[0]] != implicitFrom) return true;
        for (int a = 0; a < e.Args.Count; a++)
        {
            int p = ps[a + skip];
            if (_reg[p] >= 0 && _uses[p] > 0 && Reg(e.Args[a]) != _reg[p]) return true;
        }
        return false;
    }

    /// <summary>
    /// A two-way terminator: the VM instruction jumps on edge <paramref name="jumpEdge"/> and falls through on
    /// the other. An edge with moves to make goes through a landing pad emitted after the fall-through path.
    /// </summary>
    private void Conditional(int t, RegOp op, int a, int b, int jumpEdge, int next, int pos)
    {
        int fallEdge = 1 - jumpEdge;
        var jump = _f.Edge(t, jumpEdge);
        var fall = _f.Edge(t, fallEdge);
        // A backward edge leaves through a pad ending in Jmp: the VMs check for an interrupt on a backward Jmp only,
        // and a loop whose back edge is a branch (a header merged into its latch) must stay interruptible.
        // Pads go after the function's last block, so the fall-through path needs no jump over them.
        bool pad = HasMoves(t, jumpEdge) || _layoutIndex[jump.Target] <= _layoutIndex[_f[t].Block];
        int jumpLabel = pad ? NewLabel() : _blockLabel[jump.Target];
        JumpTo(op, a, b, jumpLabel, pos);
        EmitEdgeMoves(t, fallEdge, pos);
        if (!FallsInto(fall.Target, next)) JumpTo(RegOp.Jmp, 0, 0, _blockLabel[fall.Target], pos);
        if (pad) _pads.Add((t, jumpEdge, jumpLabel));
    }

    /// <summary>The landing pads of conditional edges: the edge's moves, then a jump to its target.</summary>
    private void EmitPads()
    {
        foreach (var (t, edge, label) in _pads)
        {
            _inline = _f[t].Inline;
            Bind(label);
            EmitEdgeMoves(t, edge, _f[t].Pos);
            JumpTo(RegOp.Jmp, 0, 0, _blockLabel[_f.Edge(t, edge).Target], _f[t].Pos);
        }
    }

    /// <summary>The parallel move of an edge's arguments into its target's parameter registers, sequentialized.</summary>
    private void EmitEdgeMoves(int t, int edge, int pos, int implicitFrom = -1)
    {
        var e = _f.Edge(t, edge);
        var ps = _f.Blocks[e.Target].Params;
        int skip = IrRewrite.ImplicitParams(_f, t, edge);
        var moves = new List<(int To, int From)>();
        // A parameter nobody reads needs no value.
        if (implicitFrom >= 0 && skip > 0 && _reg[ps[0]] >= 0 && _uses[ps[0]] > 0) moves.Add((_reg[ps[0]], implicitFrom));
        for (int a = 0; a < e.Args.Count; a++)
        {
            int p = ps[a + skip];
            if (_reg[p] < 0 || _uses[p] == 0) continue;
            int from = Reg(e.Args[a]);
            if (from != _reg[p]) moves.Add((_reg[p], from));
        }
        ParallelMove(moves, pos);
    }

    private void ParallelMove(List<(int To, int From)> moves, int pos)
    {
        while (moves.Count > 0)
        {
            bool progress = false;
            for (int i = 0; i < moves.Count; i++)
            {
                var (to, from) = moves[i];
                bool blocked = false;
                foreach (var m in moves)
                    if (m.From == to && m.To != to) { blocked = true; break; }
                if (blocked) continue;
                Move(to, from, pos);
                moves.RemoveAt(i);
                progress = true;
                break;
            }
            if (progress) continue;
            // A cycle: save one source in the scratch register and read it from there.
            var (cycleTo, cycleFrom) = moves[0];
            Move(_scratch, cycleFrom, pos);
            for (int i = 0; i < moves.Count; i++)
                if (moves[i].From == cycleFrom) moves[i] = (moves[i].To, _scratch);
        }
    }
}
