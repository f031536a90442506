using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

// Patterns, match and loops.
internal sealed partial class RegisterCompiler
{
    /// <summary>
    /// Emits the test of <paramref name="pattern"/> against R[value], binding as it goes; every
    /// failing test jumps to the jump list <paramref name="fail"/>. Order follows the AST tier.
    /// </summary>
    private void CompilePattern(BoundPattern pattern, int value, int fail)
    {
        int mark = _f.NextTemp;
        switch (pattern)
        {
            case BoundWildcardPattern:
                break;
            case BoundBindPattern b:
                if (b.Subpattern != null) CompilePattern(b.Subpattern, value, fail);
                Bind(b.Target, value, b.Pos);
                break;
            case BoundLiteralPattern lit:
            {
                int t = AllocTemp();
                Emit(RegOp.TestEqK, t, value, Constant(lit.Value), lit.Pos);
                AddToJumpList(fail, Emit(RegOp.Fail, t, 0, 0, lit.Pos));
                break;
            }
            case BoundRangePattern r:
            {
                int t = AllocTemp();
                Emit(RegOp.TestRange, t, value, AddSide(new RangePatternSite(r.Low, r.High, r.Inclusive)), r.Pos);
                AddToJumpList(fail, Emit(RegOp.Fail, t, 0, 0, r.Pos));
                break;
            }
            case BoundSequencePattern s:
            {
                int t = AllocTemp();
                Emit(RegOp.TestSeq, t, value, AddSide(new SequenceSite(s.Kind, s.Items.Length, s.RestIndex >= 0)), s.Pos);
                AddToJumpList(fail, Emit(RegOp.Fail, t, 0, 0, s.Pos));
                int front = s.RestIndex < 0 ? s.Items.Length : s.RestIndex;
                int back = s.Items.Length - front;
                int item = AllocTemp();
                for (int i = 0; i < front; i++)
                {
                    Emit(RegOp.GetItem, item, value, i, s.Pos);
                    CompilePattern(s.Items[i], item, fail);
                }
                for (int j = 0; j < back; j++)
                {
                    Emit(RegOp.GetItem, item, value, -(back - j), s.Pos);
                    CompilePattern(s.Items[front + j], item, fail);
                }
                if (s.RestBinding != null)
                {
                    Emit(RegOp.SliceRest, item, value, AddSide(new RestSite(front, back)), s.Pos);
                    Bind(s.RestBinding, item, s.Pos);
                }
                break;
            }
            case BoundVariantPattern v:
            {
                int t = AllocTemp();
                Emit(RegOp.TestVariant, t, value, AddSide(new VariantPatternSite(v.Type, v.Variant)), v.Pos);
                AddToJumpList(fail, Emit(RegOp.Fail, t, 0, 0, v.Pos));
                if (v.Items == null) break;
                int item = AllocTemp();
                for (int i = 0; i < v.Items.Length; i++)
                {
                    if (v.Items[i] is BoundWildcardPattern) continue;
                    Emit(RegOp.GetPayload, item, value, i, v.Pos);
                    CompilePattern(v.Items[i], item, fail);
                }
                break;
            }
            case BoundStructPattern sp:
            {
                int t = AllocTemp();
                Emit(RegOp.TestStruct, t, value, AddSide(sp.Type), sp.Pos);
                AddToJumpList(fail, Emit(RegOp.Fail, t, 0, 0, sp.Pos));
                int item = AllocTemp();
                for (int i = 0; i < sp.Fields.Length; i++)
                {
                    Emit(RegOp.GetStructField, item, value, sp.FieldIndices[i], sp.Pos);
                    CompilePattern(sp.Fields[i], item, fail);
                }
                break;
            }
            case BoundOrPattern o:
            {
                var success = new List<int>();
                for (int i = 0; i < o.Alternatives.Length; i++)
                {
                    bool last = i == o.Alternatives.Length - 1;
                    int altFail = last ? fail : NewJumpList();
                    CompilePattern(o.Alternatives[i], value, altFail);
                    if (!last)
                    {
                        success.Add(Emit(RegOp.Jmp, 0, 0, 0, o.Pos));
                        PatchHere(altFail);
                    }
                }
                foreach (var j in success) PatchJumpHere(j);
                break;
            }
            default:
                throw new InvalidOperationException($"internal compiler error: pattern {pattern.Kind}");
        }
        FreeTo(mark);
    }

    /// <summary>A pattern binding: the value is stored shared; a captured variable gets a fresh cell.</summary>
    private void Bind(BoundVariable target, int value, int pos)
    {
        switch (target.Kind)
        {
            case BoundKind.Local: Emit(RegOp.MoveShare, target.Index, value, 0, pos); break;
            case BoundKind.Cell: Emit(RegOp.BindCell, value, target.Index, 0, pos); break;
            case BoundKind.Upvalue: Emit(RegOp.SetUpval, value, target.Index, 0, pos); break;
            default: Emit(RegOp.SetGlobal, value, target.Index, 0, pos); break;
        }
    }

    private void CompileMatch(BoundMatch m, int dest)
    {
        int mark = _f.NextTemp;
        int v = ToStableReg(m.Scrutinee, m);
        var ends = new List<int>();
        foreach (var arm in m.Arms)
        {
            int fail = NewJumpList();
            CompilePattern(arm.Pattern, v, fail);
            if (arm.Guard != null)
            {
                int g = ToAnyReg(arm.Guard);
                AddToJumpList(fail, Emit(RegOp.JmpIfFalse, g, 0, 0, arm.Guard.Pos));
            }
            CompileInto(arm.Body, dest);
            ends.Add(Emit(RegOp.Jmp, 0, 0, 0, m.Pos));
            PatchHere(fail);
        }
        Emit(RegOp.PatternError, v, AddSide(new PatternErrorSite(PatternErrorKind.NoMatch, "")), 0, m.Pos);
        foreach (var j in ends) PatchJumpHere(j);
        FreeTo(mark);
    }

    // ---------------------------------------------------------------- loops

    private LoopContext PushLoop(int loopId, int result)
    {
        var ctx = new LoopContext(loopId, result);
        _f.Loops.Add(ctx);
        return ctx;
    }

    /// <summary>Closes a loop: breaks land after the loop (value in the result register), continues at <paramref name="continueTarget"/>.</summary>
    private void PopLoop(LoopContext ctx, int continueTarget)
    {
        _f.Loops.RemoveAt(_f.Loops.Count - 1);
        foreach (var j in ctx.ContinueJumps) _f.Code[j] = _f.Code[j] with { A = continueTarget - j - 1 };
        foreach (var j in ctx.BreakJumps) PatchJumpHere(j);
    }

    private void EmitJumpBack(int target, int pos) => Emit(RegOp.Jmp, target - Here - 1, 0, 0, pos);

    /// <summary>Emits "jump when <paramref name="cond"/> is false", fusing a comparison into the jump when allowed.</summary>
    private int CompileConditionJump(BoundExpr cond)
    {
        int mark = _f.NextTemp;
        if (_options.IsOn(SwitchRegistry.Superinstructions) && cond is BoundBinary { Op: BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.Eq or BinaryOp.Ne } b)
        {
            int l = ToStableReg(b.Left, b.Right);
            int j;
            // An integer constant that fits the instruction is its B operand (no constant-table load in the loop test).
            if (IsSmallInt(b.Right, out int immediate))
            {
                var opI = b.Op switch
                {
                    BinaryOp.Lt => RegOp.JmpIfNotLtI,
                    BinaryOp.Le => RegOp.JmpIfNotLeI,
                    BinaryOp.Gt => RegOp.JmpIfNotGtI,
                    BinaryOp.Ge => RegOp.JmpIfNotGeI,
                    BinaryOp.Eq => RegOp.JmpIfNotEqI,
                    _ => RegOp.JmpIfNotNeI,
                };
                j = Emit(opI, l, immediate, 0, b.Pos);
            }
            else
            {
                int r = ToAnyReg(b.Right);
                var op = b.Op switch
                {
                    BinaryOp.Lt => RegOp.JmpIfNotLt,
                    BinaryOp.Le => RegOp.JmpIfNotLe,
                    BinaryOp.Gt => RegOp.JmpIfNotGt,
                    BinaryOp.Ge => RegOp.JmpIfNotGe,
                    BinaryOp.Eq => RegOp.JmpIfNotEq,
                    _ => RegOp.JmpIfNotNe,
                };
                j = Emit(op, l, r, 0, b.Pos);
            }
            FreeTo(mark);
            return j;
        }
        int c = ToAnyReg(cond);
        int jump = Emit(RegOp.JmpIfFalse, c, 0, 0, cond.Pos);
        FreeTo(mark);
        return jump;
    }

    private void CompileWhile(BoundWhile w, int dest)
    {
        int top = Here;
        int exit = CompileConditionJump(w.Condition);
        var ctx = PushLoop(w.LoopId, dest);
        CompileStatement(w.Body);
        EmitJumpBack(top, w.Pos);
        PatchJumpHere(exit);
        Emit(RegOp.LoadNil, dest, 0, 0, w.Pos);
        PopLoop(ctx, top);
    }

    private void CompileLoop(BoundLoop l, int dest)
    {
        int top = Here;
        var ctx = PushLoop(l.LoopId, dest);
        CompileStatement(l.Body);
        EmitJumpBack(top, l.Pos);
        PopLoop(ctx, top);
    }

    private void CompileWhileLet(BoundWhileLet w, int dest)
    {
        int mark = _f.NextTemp;
        int top = Here;
        // The loop is in scope from its head on, as in the resolver.
        var ctx = PushLoop(w.LoopId, dest);
        int v = AllocTemp();
        CompileInto(w.Value, v);
        int fail = NewJumpList();
        CompilePattern(w.Pattern, v, fail);
        CompileStatement(w.Body);
        EmitJumpBack(top, w.Pos);
        PatchHere(fail);
        Emit(RegOp.LoadNil, dest, 0, 0, w.Pos);
        PopLoop(ctx, top);
        FreeTo(mark);
    }

    /// <summary>A range's start and end into two new registers (the first returned); its side-table entry in <paramref name="site"/>.</summary>
    private int CompileRangeBounds(BoundRange range, out int site)
    {
        int regs = AllocTemps(2);
        if (range.Start != null) CompileInto(range.Start, regs);
        if (range.End != null) CompileInto(range.End, regs + 1);
        site = AddSide(new RangeSite(range.Start != null, range.End != null, range.Inclusive));
        return regs;
    }

    /// <summary>
    /// A for loop. Over a range written in the loop head (with the range_loops switch) it counts in two
    /// registers (ForPrep, ForLoop) instead of building a range object and an iterator, and a plain local
    /// loop variable takes each item directly (an integer needs no share); otherwise IterInit/IterNext.
    /// </summary>
    private void CompileFor(BoundFor f, int dest)
    {
        int mark = _f.NextTemp;
        int item, top, next;
        bool bound = false;
        if (_options.IsOn(SwitchRegistry.RangeLoops) && f.Iterable is BoundRange range)
        {
            int bounds = CompileRangeBounds(range, out var site);
            int counter = AllocTemps(2);
            Emit(RegOp.ForPrep, counter, bounds, site, range.Pos);
            bound = f.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local };
            item = bound ? ((BoundBindPattern)f.Pattern).Target.Index : AllocTemp();
            top = Here;
            next = Emit(RegOp.ForLoop, counter, item, 0, f.Pos);
        }
        else
        {
            int iterable = ToAnyReg(f.Iterable);
            int iterator = AllocTemp();
            Emit(RegOp.IterInit, iterator, iterable, 0, f.Iterable.Pos);
            item = AllocTemp();
            top = Here;
            next = Emit(RegOp.IterNext, iterator, item, 0, f.Pos);
        }
        if (!bound)
        {
            int fail = NewJumpList();
            CompilePattern(f.Pattern, item, fail);
            if (_jumpLists[fail].Count > 0)
            {
                int ok = Emit(RegOp.Jmp, 0, 0, 0, f.Pos);
                PatchHere(fail);
                Emit(RegOp.PatternError, item, AddSide(new PatternErrorSite(PatternErrorKind.LoopItem, "")), 0, f.Pattern.Pos);
                PatchJumpHere(ok);
            }
        }
        var ctx = PushLoop(f.LoopId, dest);
        CompileStatement(f.Body);
        EmitJumpBack(top, f.Pos);
        PatchJumpHere(next);
        Emit(RegOp.LoadNil, dest, 0, 0, f.Pos);
        PopLoop(ctx, top);
        FreeTo(mark);
    }
}
