using Ruchy.Bytecode;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

// Patterns, let, match and loops.
internal sealed partial class IrLowering
{
    /// <summary>
    /// Tests <paramref name="pattern"/> against a value, binding as it goes; every failing test branches to
    /// <paramref name="fail"/>, and the current block afterwards is the success path. Order follows the AST tier.
    /// </summary>
    private void LowerPattern(BoundPattern pattern, int value, int fail)
    {
        switch (pattern)
        {
            case BoundWildcardPattern:
                break;
            case BoundBindPattern b:
                if (b.Subpattern != null) LowerPattern(b.Subpattern, value, fail);
                Bind(b.Target, value, b.Pos);
                break;
            case BoundLiteralPattern lit:
                BranchOrFail(IrOp.Branch, Emit(IrOp.TestEqK, IrType.Bool, lit.Pos, _f.Constant(lit.Value), value), fail, lit.Pos);
                break;
            case BoundRangePattern r:
                BranchOrFail(IrOp.Branch, Emit(IrOp.TestRange, IrType.Bool, r.Pos, Side(new RangePatternSite(r.Low, r.High, r.Inclusive)), value), fail, r.Pos);
                break;
            case BoundSequencePattern s:
            {
                int test = Emit(IrOp.TestSeq, IrType.Bool, s.Pos, Side(new SequenceSite(s.Kind, s.Items.Length, s.RestIndex >= 0)), value);
                BranchOrFail(IrOp.Branch, test, fail, s.Pos);
                int front = s.RestIndex < 0 ? s.Items.Length : s.RestIndex;
                int back = s.Items.Length - front;
                for (int i = 0; i < front; i++) LowerPattern(s.Items[i], Emit(IrOp.GetItem, IrType.Any, s.Pos, i, value), fail);
                for (int j = 0; j < back; j++) LowerPattern(s.Items[front + j], Emit(IrOp.GetItem, IrType.Any, s.Pos, -(back - j), value), fail);
                if (s.RestBinding != null)
                    Bind(s.RestBinding, Emit(IrOp.SliceRest, IrType.Array, s.Pos, Side(new RestSite(front, back)), value), s.Pos);
                break;
            }
            case BoundVariantPattern v:
            {
                BranchOrFail(IrOp.Branch, Emit(IrOp.TestVariant, IrType.Bool, v.Pos, Side(new VariantPatternSite(v.Type, v.Variant)), value), fail, v.Pos);
                if (v.Items == null) break;
                for (int i = 0; i < v.Items.Length; i++)
                {
                    if (v.Items[i] is BoundWildcardPattern) continue;
                    LowerPattern(v.Items[i], Emit(IrOp.GetPayload, IrType.Any, v.Pos, i, value), fail);
                }
                break;
            }
            case BoundStructPattern sp:
            {
                BranchOrFail(IrOp.Branch, Emit(IrOp.TestStruct, IrType.Bool, sp.Pos, Side(sp.Type), value), fail, sp.Pos);
                for (int i = 0; i < sp.Fields.Length; i++)
                    LowerPattern(sp.Fields[i], Emit(IrOp.GetStructField, IrType.Any, sp.Pos, sp.FieldIndices[i], value), fail);
                break;
            }
            case BoundOrPattern o:
            {
                int success = _b.NewBlock("or_matched");
                for (int i = 0; i < o.Alternatives.Length; i++)
                {
                    bool last = i == o.Alternatives.Length - 1;
                    int altFail = last ? fail : _b.NewBlock("or_next");
                    LowerPattern(o.Alternatives[i], value, altFail);
                    _b.JumpIfOpen(success, o.Pos);
                    if (!last) Enter(altFail);
                }
                Enter(success);
                break;
            }
            default:
                throw new InvalidOperationException($"internal IR error: pattern {pattern.Kind}");
        }
    }

    /// <summary>A pattern binding: the value is stored shared; a captured variable gets a fresh cell.</summary>
    private void Bind(BoundVariable target, int value, int pos)
    {
        switch (target.Kind)
        {
            case BoundKind.Local: _b.WriteVariable(target.Index, Emit(IrOp.Share, _f[value].Type, pos, 0, value), pos); break;
            case BoundKind.Cell: _b.WriteVariable(target.Index, Emit(IrOp.BindCell, IrType.Cell, pos, 0, value), pos); break;
            case BoundKind.Upvalue: Emit(IrOp.SetUpval, IrType.Bottom, pos, target.Index, value); break;
            default: Emit(IrOp.SetGlobal, IrType.Bottom, pos, target.Index, value); break;
        }
    }

    /// <summary>A pattern that must match (let, loop item, parameter): a failure raises the given error.</summary>
    private void LowerPatternOrError(BoundPattern pattern, int value, PatternErrorSite error, int errorPos, BoundExpr? elseBlock = null)
    {
        int fail = _b.NewBlock("no_match");
        LowerPattern(pattern, value, fail);
        int ok = _b.NewBlock("matched");
        _b.JumpIfOpen(ok, pattern.Pos);
        Enter(fail);
        if (_f.Blocks[fail].Preds.Count > 0)
        {
            if (elseBlock != null) Lower(elseBlock);
            if (!_b.IsTerminated) _b.Terminate(IrOp.PatternError, errorPos, Side(error), [value]);
        }
        else if (!_b.IsTerminated) _b.Terminate(IrOp.PatternError, errorPos, Side(error), [value]);
        Enter(ok);
    }

    private void LowerLet(BoundLet let)
    {
        if (let.Init != null && let.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local } simple)
        {
            // let x = e into a plain local.
            _b.WriteVariable(simple.Target.Index, LowerShared(let.Init), let.Pos);
            return;
        }
        int v = let.Init == null ? _b.Nil(let.Pos) : Lower(let.Init);
        var kind = let.Else == null ? PatternErrorKind.LetMismatch : PatternErrorKind.LetElseFellThrough;
        LowerPatternOrError(let.Pattern, v, new PatternErrorSite(kind, ""), let.Pos, let.Else);
    }

    private int LowerMatch(BoundMatch m)
    {
        int v = Lower(m.Scrutinee);
        var (join, result) = NewJoin(m.Pos, "match_end");
        foreach (var arm in m.Arms)
        {
            int fail = _b.NewBlock("next_arm");
            LowerPattern(arm.Pattern, v, fail);
            if (arm.Guard != null) BranchOrFail(IrOp.Branch, Lower(arm.Guard), fail, arm.Guard.Pos);
            _b.JumpIfOpen(join, m.Pos, Lower(arm.Body));
            Enter(fail);
        }
        if (!_b.IsTerminated) _b.Terminate(IrOp.PatternError, m.Pos, Side(new PatternErrorSite(PatternErrorKind.NoMatch, "")), [v]);
        Enter(join);
        return result;
    }

    // ------------------------------------------------------------------ loops

    /// <summary>The loop's exit block takes the loop's value (nil unless a break gives one).</summary>
    private LoopTarget PushLoop(int loopId, int head, int pos)
    {
        var (exit, _) = NewJoin(pos, "loop_exit");
        var target = new LoopTarget(loopId, exit, head);
        _loops.Add(target);
        return target;
    }

    private int PopLoop(LoopTarget loop)
    {
        _loops.RemoveAt(_loops.Count - 1);
        _b.Seal(loop.Continue);
        Enter(loop.Exit);
        return _f.Blocks[loop.Exit].Params[0];
    }

    /// <summary>The normal end of a loop (its condition failed, its iterator ran out): the loop's value is nil.</summary>
    private void ExitWithNil(LoopTarget loop, int pos)
    {
        _b.JumpIfOpen(loop.Exit, pos, _b.Nil(pos));
    }

    private int NewHead(int pos)
    {
        int head = _b.NewBlock("loop_head");
        _b.JumpIfOpen(head, pos);
        _b.SwitchTo(head);
        return head;
    }

    private int LowerWhile(BoundWhile w)
    {
        int head = NewHead(w.Pos);
        int cond = Lower(w.Condition);
        int body = _b.NewBlock("loop_body"), done = _b.NewBlock("loop_done");
        _b.Branch(IrOp.Branch, cond, body, done, w.Pos);
        var loop = PushLoop(w.LoopId, head, w.Pos);
        Enter(body);
        LowerStatement(w.Body);
        _b.JumpIfOpen(head, w.Pos);
        Enter(done);
        ExitWithNil(loop, w.Pos);
        return PopLoop(loop);
    }

    private int LowerLoop(BoundLoop l)
    {
        int head = NewHead(l.Pos);
        var loop = PushLoop(l.LoopId, head, l.Pos);
        LowerStatement(l.Body);
        _b.JumpIfOpen(head, l.Pos);
        return PopLoop(loop);
    }

    private int LowerWhileLet(BoundWhileLet w)
    {
        int head = NewHead(w.Pos);
        // The loop is in scope from its head on, as in the resolver.
        var loop = PushLoop(w.LoopId, head, w.Pos);
        int v = Lower(w.Value);
        int done = _b.NewBlock("loop_done");
        LowerPattern(w.Pattern, v, done);
        LowerStatement(w.Body);
        _b.JumpIfOpen(head, w.Pos);
        Enter(done);
        ExitWithNil(loop, w.Pos);
        return PopLoop(loop);
    }

    /// <summary>
    /// A for loop. Over a range written in the loop head (with the range_loops switch) it counts with
    /// ForPrep/ForLoop instead of building a range object and an iterator; otherwise IterInit/IterNext.
    /// </summary>
    private int LowerFor(BoundFor f)
    {
        int state;
        IrOp next;
        bool rangeLoop = _options.IsOn(SwitchRegistry.RangeLoops) && f.Iterable is BoundRange;
        if (rangeLoop)
        {
            var range = (BoundRange)f.Iterable;
            var (start, end, site) = LowerRangeBounds(range);
            state = Emit(IrOp.ForPrep, IrType.Internal, range.Pos, site, start, end);
            next = IrOp.ForLoop;
        }
        else
        {
            int iterable = Lower(f.Iterable);
            state = Emit(IrOp.IterInit, IrType.Internal, f.Iterable.Pos, 0, iterable);
            next = IrOp.IterNext;
        }
        int head = NewHead(f.Pos);
        int body = _b.NewBlock("loop_body"), done = _b.NewBlock("loop_done");
        int item = _b.AddParam(body, rangeLoop ? IrType.Int : IrType.Any, f.Pos);
        _b.Terminate(next, f.Pos, 0, [state], body, done);
        Enter(body);
        // A plain local loop variable over a range takes each integer as it is (an integer needs no share).
        if (rangeLoop && f.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local } simple)
            _b.WriteVariable(simple.Target.Index, item, f.Pos);
        else
            LowerPatternOrError(f.Pattern, item, new PatternErrorSite(PatternErrorKind.LoopItem, ""), f.Pattern.Pos);
        var loop = PushLoop(f.LoopId, head, f.Pos);
        LowerStatement(f.Body);
        _b.JumpIfOpen(head, f.Pos);
        Enter(done);
        ExitWithNil(loop, f.Pos);
        return PopLoop(loop);
    }
}
