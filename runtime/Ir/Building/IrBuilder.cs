using System.Runtime.InteropServices;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// Appends instructions to an <see cref="IrFunction"/> and builds SSA form on the fly from frame-slot
/// variables, after Braun et al., "Simple and Efficient Construction of SSA Form" (CC 2013): a read
/// looks for the slot's definition in the block, then in its predecessors, adding a block parameter
/// where they meet. A block is sealed once all its predecessors are known; reads in an unsealed block
/// (a loop head) create parameters that are completed when it is sealed. Trivial parameters (all
/// arguments the same value) are removed at the end.
/// </summary>
internal sealed class IrBuilder
{
    private readonly IrFunction _f;
    private readonly int _slots;
    // Per block: the current definition of each slot (-1 = none yet).
    private readonly List<int[]> _defs = new();
    private readonly List<bool> _sealed = new();
    private readonly List<List<(int Slot, int Param)>> _incomplete = new();
    private readonly bool[] _pinned;
    private int _nil = -1;

    public IrBuilder(IrFunction f, int slots)
    {
        _f = f;
        _slots = slots;
        _pinned = new bool[Math.Max(slots, 1)];
        foreach (var s in f.PinnedSlots) _pinned[s] = true;
    }

    public IrFunction Function => _f;

    /// <summary>The block instructions are appended to.</summary>
    public int Current { get; private set; }

    /// <summary>True when the current block already ended (code after return/break is unreachable).</summary>
    public bool IsTerminated => _f.Terminator(Current) >= 0;

    public int NewBlock(string? label = null)
    {
        int b = _f.NewBlock(label);
        var defs = new int[_slots];
        Array.Fill(defs, -1);
        _defs.Add(defs);
        _sealed.Add(false);
        _incomplete.Add(new List<(int, int)>());
        return b;
    }

    public void SwitchTo(int block) => Current = block;

    /// <summary>Continues in a new block nobody jumps to (after a terminator); it is dropped when the IR is finished.</summary>
    public void StartUnreachable()
    {
        int b = NewBlock("unreachable");
        Seal(b);
        Current = b;
    }

    // ------------------------------------------------------------------ instructions

    public int Emit(IrOp op, IrType type, int pos, int aux = 0, params ReadOnlySpan<int> operands)
    {
        if (IsTerminated) throw new InvalidOperationException($"internal IR error: {IrOpInfo.Name(op)} after the terminator of b{Current}");
        int v = _f.NewInstr(op, type, Current, pos, aux, operands);
        _f.Blocks[Current].Instrs.Add(v);
        return v;
    }

    public int Const(Value value, int pos)
    {
        if (value.IsNil && _nil >= 0 && _f[_nil].Block == Current) return _nil;
        int v = Emit(IrOp.Const, IrType.Of(value), pos, _f.Constant(value));
        if (value.IsNil) _nil = v;
        return v;
    }

    public int Nil(int pos) => Const(default, pos);

    public int AddParam(int block, IrType type, int pos, int aux = -1)
    {
        int v = _f.NewInstr(IrOp.Param, type, block, pos, aux, ReadOnlySpan<int>.Empty);
        _f.Blocks[block].Params.Add(v);
        return v;
    }

    /// <summary>Ends the current block with a terminator; <paramref name="targets"/> become its edges (arguments added with <see cref="AddEdgeArg"/>).</summary>
    public int Terminate(IrOp op, int pos, int aux, ReadOnlySpan<int> operands, params ReadOnlySpan<int> targets)
    {
        if (IsTerminated) throw new InvalidOperationException("internal IR error: block already terminated");
        int t = Emit(op, IrType.Bottom, pos, aux, operands);
        IrEdit.SetEdges(_f, t, targets);
        foreach (var target in targets)
        {
            if (_sealed[target]) throw new InvalidOperationException($"internal IR error: edge into sealed block b{target}");
            _f.Blocks[target].Preds.Add(Current);
        }
        return t;
    }

    public void Jump(int target, int pos, params ReadOnlySpan<int> args)
    {
        int t = Terminate(IrOp.Jump, pos, 0, ReadOnlySpan<int>.Empty, target);
        _f.Edge(t, 0).Args.AddRange(args);
    }

    /// <summary>Jumps to <paramref name="target"/> unless the block already ended.</summary>
    public void JumpIfOpen(int target, int pos, params ReadOnlySpan<int> args)
    {
        if (!IsTerminated) Jump(target, pos, args);
    }

    public void Branch(IrOp op, int value, int ifTrue, int ifFalse, int pos, int aux = 0) =>
        Terminate(op, pos, aux, [value], ifTrue, ifFalse);

    // ------------------------------------------------------------------ variables (frame slots)

    public bool IsPinned(int slot) => _pinned[slot];

    public void WriteVariable(int slot, int value, int pos)
    {
        if (_pinned[slot])
        {
            Emit(IrOp.StorePinned, IrType.Bottom, pos, slot, value);
            return;
        }
        _defs[Current][slot] = value;
    }

    public int ReadVariable(int slot, int pos)
    {
        if (_pinned[slot]) return Emit(IrOp.LoadPinned, IrType.Any, pos, slot);
        return Read(slot, Current, pos);
    }

    private int Read(int slot, int block, int pos)
    {
        int d = _defs[block][slot];
        if (d >= 0) return d;
        int v;
        if (!_sealed[block])
        {
            v = AddParam(block, IrType.Any, pos, slot);
            _incomplete[block].Add((slot, v));
        }
        else
        {
            var preds = _f.Blocks[block].Preds;
            if (preds.Count == 0)
            {
                // Read before any definition (the entry, or unreachable code): the slot's initial nil.
                v = InsertNilAtStart(block, pos);
            }
            else if (preds.Count == 1) v = Read(slot, preds[0], pos);
            else
            {
                v = AddParam(block, IrType.Any, pos, slot);
                _defs[block][slot] = v;
                AddParamArgs(block, slot, v, pos);
            }
        }
        _defs[block][slot] = v;
        return v;
    }

    private int InsertNilAtStart(int block, int pos)
    {
        int v = _f.NewInstr(IrOp.Const, IrType.Nil, block, pos, _f.Constant(default), ReadOnlySpan<int>.Empty);
        _f.Blocks[block].Instrs.Insert(0, v);
        return v;
    }

    /// <summary>Each predecessor passes its definition of the slot along its edges to <paramref name="block"/>.</summary>
    private void AddParamArgs(int block, int slot, int param, int pos)
    {
        var preds = _f.Blocks[block].Preds;
        for (int i = 0; i < preds.Count; i++)
        {
            int p = preds[i];
            if (preds.IndexOf(p) < i) continue; // two edges from one block: both get the argument below
            int value = Read(slot, p, pos);
            int t = _f.Terminator(p);
            for (int k = 0; k < _f[t].EdgeCount; k++)
            {
                var e = _f.Edge(t, k);
                if (e.Target == block) e.Args.Add(value);
            }
        }
    }

    /// <summary>All predecessors of the block are known: complete the parameters read while it was open.</summary>
    public void Seal(int block)
    {
        if (_sealed[block]) return;
        // Predecessors are recorded from the terminators of finished blocks.
        _sealed[block] = true;
        foreach (var (slot, param) in _incomplete[block]) AddParamArgs(block, slot, param, _f[param].Pos);
        _incomplete[block].Clear();
    }


    // ------------------------------------------------------------------ finishing

    /// <summary>
    /// Ends construction: unreachable blocks are dropped and trivial parameters (every argument the same
    /// value, or the parameter itself) replaced by that value, to a fixed point; predecessors recomputed.
    /// </summary>
    public void Finish()
    {
        IrEdit.RemoveUnreachable(_f);
        IrRewrite.RemoveTrivialParams(_f);
    }
}
