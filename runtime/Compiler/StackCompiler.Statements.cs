using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

// Arguments, method calls, places, patterns and loops of the stack compiler.
internal sealed partial class StackCompiler
{
    private void CompileArgument(BoundExpr arg)
    {
        if (arg is BoundBorrow b)
        {
            if (b.Mutable) CompileUniquePlace(b.Operand);
            else Compile(b.Operand);
            return;
        }
        Compile(arg);
        if (!BoundTreeWalk.IsFresh(arg)) Emit(StackOp.Share, 0, 0, arg.Pos);
    }

    private void CompileMethodCall(BoundMethodCall mc)
    {
        int slots = _f.NextSlot;
        int argc = mc.Args.Length;
        int writeBack = mc.ReceiverIsPlace ? AllocSlot() : -1;
        int receiverLocal = mc.Receiver is BoundVariable { Kind: BoundKind.Local } rl ? rl.Index : -1;
        // The site holds the length of the mutation path, known once it is emitted.
        int siteIndex = ReserveSide();
        int skipLength = 0;
        Compile(mc.Receiver);
        foreach (var a in mc.Args) CompileArgument(a);
        int call = Emit(StackOp.CallMethod, argc, siteIndex, mc.Pos);
        if (mc.ReceiverIsPlace)
        {
            // Mutation path: the unique place value replaces the receiver, then CallMethodMut.
            CompileUniquePlace(mc.Receiver);
            Emit(StackOp.CallMethodMut, argc, siteIndex, mc.Pos);
            AdjustDepth(-argc - 1);
            Emit(StackOp.Load, writeBack, 0, mc.Pos);
            int skip = Emit(StackOp.JmpIfNil, 0, 0, mc.Pos);
            Emit(StackOp.Load, writeBack, 0, mc.Pos);
            StoreToPlace(mc.Receiver);
            PatchHere(skip);
            skipLength = Here - call - 1;
        }
        else
        {
            AdjustDepth(-argc);
        }
        SetSide(siteIndex, new MethodSite(mc.Name, mc.Method, mc.ReceiverIsPlace, mc.IsStatement, receiverLocal, skipLength, writeBack));
        FreeSlots(slots);
    }

    // ---------------------------------------------------------------- places

    /// <summary>Pushes the aggregate stored at a place, made unique; a non-place yields a private copy.</summary>
    private void CompileUniquePlace(BoundExpr place)
    {
        switch (place)
        {
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local:
                        Emit(StackOp.UniqueLocal, v.Index, 0, v.Pos);
                        Emit(StackOp.Load, v.Index, 0, v.Pos);
                        return;
                    case BoundKind.Cell: Emit(StackOp.UniqueCell, v.Index, 0, v.Pos); return;
                    case BoundKind.Upvalue: Emit(StackOp.UniqueUpval, v.Index, 0, v.Pos); return;
                    default: Emit(StackOp.UniqueGlobal, v.Index, 0, v.Pos); return;
                }
            case BoundField f:
                CompileUniquePlace(f.Target);
                Emit(StackOp.UniqueField, AddSide(new FieldSite(f.Name, f.TupleIndex)), 0, f.Pos);
                return;
            case BoundIndex ix:
                CompileUniquePlace(ix.Target);
                Compile(ix.IndexExpr);
                Emit(StackOp.UniqueIndex, 0, 0, ix.Pos);
                return;
            default:
                Compile(place);
                Emit(StackOp.CopyTemp, 0, 0, place.Pos);
                return;
        }
    }

    /// <summary>Pops the top into a place (already shared as needed).</summary>
    private void StoreToPlace(BoundExpr place)
    {
        int slots = _f.NextSlot;
        switch (place)
        {
            case BoundVariable v:
                Emit(v.Kind switch
                {
                    BoundKind.Local => StackOp.Store,
                    BoundKind.Cell => StackOp.StoreCell,
                    BoundKind.Upvalue => StackOp.StoreUpval,
                    _ => StackOp.StoreGlobal,
                }, v.Index, 0, v.Pos);
                break;
            case BoundField f:
            {
                int value = AllocSlot();
                Emit(StackOp.Store, value, 0, f.Pos);
                CompileUniquePlace(f.Target);
                Emit(StackOp.Load, value, 0, f.Pos);
                Emit(StackOp.SetField, AddSide(new FieldSite(f.Name, f.TupleIndex)), 0, f.Pos);
                break;
            }
            case BoundIndex ix:
            {
                int value = AllocSlot();
                Emit(StackOp.Store, value, 0, ix.Pos);
                CompileUniquePlace(ix.Target);
                Compile(ix.IndexExpr);
                Emit(StackOp.Load, value, 0, ix.Pos);
                Emit(StackOp.SetIndex, 0, 0, ix.Pos);
                break;
            }
            case BoundTupleLiteral t:
            {
                Emit(StackOp.Destructure, t.Elements.Length, 0, t.Pos);
                int tuple = AllocSlot();
                Emit(StackOp.Store, tuple, 0, t.Pos);
                for (int i = 0; i < t.Elements.Length; i++)
                {
                    Emit(StackOp.GetItem, i, tuple, t.Pos);
                    Emit(StackOp.Share, 0, 0, t.Pos);
                    StoreToPlace(t.Elements[i]);
                }
                break;
            }
            case BoundUndefined u:
                Emit(StackOp.Undefined, AddSide(SiteLowering.Undefined(u)), 0, u.Pos);
                AdjustDepth(-2);
                break;
            default:
                throw new InvalidOperationException("internal compiler error: invalid assignment target");
        }
        FreeSlots(slots);
    }

    private void CompileAssign(BoundAssign a)
    {
        if (IsInert(a.Value) && a.Target is BoundIndex or BoundField)
        {
            // v[i] = x: with an inert x, the place first and x straight onto the stack, not via a temporary.
            StoreInertToPlace(a.Target, a.Value);
            return;
        }
        Compile(a.Value);
        if (!BoundTreeWalk.IsFresh(a.Value)) Emit(StackOp.Share, 0, 0, a.Pos);
        StoreToPlace(a.Target);
    }

    /// <summary><c>place = value</c> for an index or field place and an inert value, evaluated after the place.</summary>
    private void StoreInertToPlace(BoundExpr place, BoundExpr value)
    {
        int slots = _f.NextSlot;
        if (place is BoundField f)
        {
            CompileUniquePlace(f.Target);
            PushShared(value);
            Emit(StackOp.SetField, AddSide(new FieldSite(f.Name, f.TupleIndex)), 0, f.Pos);
        }
        else
        {
            var ix = (BoundIndex)place;
            CompileUniquePlace(ix.Target);
            Compile(ix.IndexExpr);
            PushShared(value);
            Emit(StackOp.SetIndex, 0, 0, ix.Pos);
        }
        FreeSlots(slots);
    }

    private void PushShared(BoundExpr value)
    {
        Compile(value);
        if (!BoundTreeWalk.IsFresh(value)) Emit(StackOp.Share, 0, 0, value.Pos);
    }

    private void CompileCompoundAssign(BoundCompoundAssign a)
    {
        int slots = _f.NextSlot;
        if (IsInert(a.Value))
        {
            // x += y with an inert y: read x, combine, store; no temporary for y (x += 1 is AddK).
            Compile(a.Target);
            if (_options.IsOn(SwitchRegistry.Superinstructions) && a.Value is BoundConst { Value.Kind: ValueKind.Int } k && a.Op is BinaryOp.Add or BinaryOp.Sub)
                Emit(a.Op == BinaryOp.Add ? StackOp.AddK : StackOp.SubK, Constant(k.Value), 0, a.Pos);
            else
            {
                Compile(a.Value);
                Emit(BinaryOpcode(a.Op), 0, 0, a.Pos);
            }
            StoreToPlace(a.Target);
            FreeSlots(slots);
            return;
        }
        int rhs = AllocSlot();
        Compile(a.Value);
        Emit(StackOp.Store, rhs, 0, a.Pos);
        Compile(a.Target);
        Emit(StackOp.Load, rhs, 0, a.Pos);
        Emit(BinaryOpcode(a.Op), 0, 0, a.Pos);
        StoreToPlace(a.Target);
        FreeSlots(slots);
    }

    private void CompileIncDec(BoundIncDec d)
    {
        int slots = _f.NextSlot;
        int old = AllocSlot();
        int updated = AllocSlot();
        Compile(d.Target);
        Emit(StackOp.Store, old, 0, d.Pos);
        Emit(StackOp.Load, old, 0, d.Pos);
        Emit(d.Increment ? StackOp.AddK : StackOp.SubK, Constant(Value.FromInt(1)), 0, d.Pos);
        Emit(StackOp.Store, updated, 0, d.Pos);
        Emit(StackOp.Load, updated, 0, d.Pos);
        StoreToPlace(d.Target);
        Emit(StackOp.Load, d.Prefix ? updated : old, 0, d.Pos);
        FreeSlots(slots);
    }

    // ---------------------------------------------------------------- patterns

    /// <summary>Tests the value in frame slot <paramref name="value"/>; failing tests jump (at the entry depth) via <paramref name="fail"/>.</summary>
    private void CompilePattern(BoundPattern pattern, int value, List<int> fail)
    {
        int slots = _f.NextSlot;
        switch (pattern)
        {
            case BoundWildcardPattern:
                break;
            case BoundBindPattern b:
                if (b.Subpattern != null) CompilePattern(b.Subpattern, value, fail);
                Emit(StackOp.Load, value, 0, b.Pos);
                Bind(b.Target, b.Pos);
                break;
            case BoundLiteralPattern lit:
                Emit(StackOp.TestEqK, Constant(lit.Value), value, lit.Pos);
                fail.Add(Emit(StackOp.Fail, 0, 0, lit.Pos));
                break;
            case BoundRangePattern r:
                Emit(StackOp.TestRange, AddSide(new RangePatternSite(r.Low, r.High, r.Inclusive)), value, r.Pos);
                fail.Add(Emit(StackOp.Fail, 0, 0, r.Pos));
                break;
            case BoundSequencePattern s:
            {
                Emit(StackOp.TestSeq, AddSide(new SequenceSite(s.Kind, s.Items.Length, s.RestIndex >= 0)), value, s.Pos);
                fail.Add(Emit(StackOp.Fail, 0, 0, s.Pos));
                int front = s.RestIndex < 0 ? s.Items.Length : s.RestIndex;
                int back = s.Items.Length - front;
                int item = AllocSlot();
                for (int i = 0; i < front; i++)
                {
                    Emit(StackOp.GetItem, i, value, s.Pos);
                    Emit(StackOp.Store, item, 0, s.Pos);
                    CompilePattern(s.Items[i], item, fail);
                }
                for (int j = 0; j < back; j++)
                {
                    Emit(StackOp.GetItem, -(back - j), value, s.Pos);
                    Emit(StackOp.Store, item, 0, s.Pos);
                    CompilePattern(s.Items[front + j], item, fail);
                }
                if (s.RestBinding != null)
                {
                    Emit(StackOp.SliceRest, AddSide(new RestSite(front, back)), value, s.Pos);
                    Bind(s.RestBinding, s.Pos);
                }
                break;
            }
            case BoundVariantPattern v:
            {
                Emit(StackOp.TestVariant, AddSide(new VariantPatternSite(v.Type, v.Variant)), value, v.Pos);
                fail.Add(Emit(StackOp.Fail, 0, 0, v.Pos));
                if (v.Items == null) break;
                int item = AllocSlot();
                for (int i = 0; i < v.Items.Length; i++)
                {
                    if (v.Items[i] is BoundWildcardPattern) continue;
                    Emit(StackOp.GetPayload, i, value, v.Pos);
                    Emit(StackOp.Store, item, 0, v.Pos);
                    CompilePattern(v.Items[i], item, fail);
                }
                break;
            }
            case BoundStructPattern sp:
            {
                Emit(StackOp.TestStruct, AddSide(sp.Type), value, sp.Pos);
                fail.Add(Emit(StackOp.Fail, 0, 0, sp.Pos));
                int item = AllocSlot();
                for (int i = 0; i < sp.Fields.Length; i++)
                {
                    Emit(StackOp.GetStructField, sp.FieldIndices[i], value, sp.Pos);
                    Emit(StackOp.Store, item, 0, sp.Pos);
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
                    var altFail = last ? fail : new List<int>();
                    CompilePattern(o.Alternatives[i], value, altFail);
                    if (!last)
                    {
                        success.Add(Emit(StackOp.Jmp, 0, 0, o.Pos));
                        PatchAllHere(altFail);
                    }
                }
                foreach (var j in success) PatchHere(j);
                break;
            }
            default:
                throw new InvalidOperationException($"internal compiler error: pattern {pattern.Kind}");
        }
        FreeSlots(slots);
    }

    /// <summary>Pops the top into a pattern binding (shared; a captured variable gets a fresh cell).</summary>
    private void Bind(BoundVariable target, int pos) => Emit(target.Kind switch
    {
        BoundKind.Local => StackOp.Store,
        BoundKind.Cell => StackOp.BindCell,
        BoundKind.Upvalue => StackOp.StoreUpval,
        _ => StackOp.StoreGlobal,
    }, target.Index, 0, pos);

    private void CompileMatch(BoundMatch m)
    {
        int slots = _f.NextSlot;
        int v = AllocSlot();
        Compile(m.Scrutinee);
        Emit(StackOp.Store, v, 0, m.Pos);
        var ends = new List<int>();
        foreach (var arm in m.Arms)
        {
            var fail = new List<int>();
            CompilePattern(arm.Pattern, v, fail);
            if (arm.Guard != null)
            {
                Compile(arm.Guard);
                fail.Add(Emit(StackOp.JmpIfFalse, 0, 0, arm.Guard.Pos));
            }
            Compile(arm.Body);
            ends.Add(Emit(StackOp.Jmp, 0, 0, m.Pos));
            AdjustDepth(-1);
            PatchAllHere(fail);
        }
        Emit(StackOp.PatternError, AddSide(new PatternErrorSite(PatternErrorKind.NoMatch, "")), v, m.Pos);
        AdjustDepth(1);
        foreach (var j in ends) PatchHere(j);
        FreeSlots(slots);
    }

    // ---------------------------------------------------------------- loops

    /// <summary>Closes a loop: the normal exit pushes nil; breaks land on a load of the result slot.</summary>
    private void CloseLoop(Loop loop, int top, List<int> exits, int pos)
    {
        foreach (var j in exits) PatchHere(j);
        Emit(StackOp.PushNil, 0, 0, pos);
        int end = Emit(StackOp.Jmp, 0, 0, pos);
        AdjustDepth(-1);
        foreach (var j in loop.Breaks) PatchHere(j);
        Emit(StackOp.Load, loop.ResultSlot, 0, pos);
        PatchHere(end);
        foreach (var j in loop.Continues) _f.Code[j] = _f.Code[j] with { A = top - j - 1 };
        _f.Loops.RemoveAt(_f.Loops.Count - 1);
    }

    private Loop OpenLoop(int id)
    {
        var loop = new Loop(id, _f.Depth, AllocSlot());
        _f.Loops.Add(loop);
        return loop;
    }

    private void CompileWhile(BoundWhile w)
    {
        int slots = _f.NextSlot;
        int top = Here;
        int exit = CompileConditionJump(w.Condition);
        var loop = OpenLoop(w.LoopId);
        CompileDiscard(w.Body);
        JumpBack(top, w.Pos);
        CloseLoop(loop, top, new List<int> { exit }, w.Pos);
        FreeSlots(slots);
    }

    private void CompileLoop(BoundLoop l)
    {
        int slots = _f.NextSlot;
        int top = Here;
        var loop = OpenLoop(l.LoopId);
        CompileDiscard(l.Body);
        JumpBack(top, l.Pos);
        CloseLoop(loop, top, new List<int>(), l.Pos);
        FreeSlots(slots);
    }

    private void CompileWhileLet(BoundWhileLet w)
    {
        int slots = _f.NextSlot;
        int top = Here;
        var loop = OpenLoop(w.LoopId);
        int v = AllocSlot();
        Compile(w.Value);
        Emit(StackOp.Store, v, 0, w.Pos);
        var fail = new List<int>();
        CompilePattern(w.Pattern, v, fail);
        CompileDiscard(w.Body);
        JumpBack(top, w.Pos);
        CloseLoop(loop, top, fail, w.Pos);
        FreeSlots(slots);
    }

    /// <summary>Pushes a range's start and end (nil for a missing one); returns its side-table entry.</summary>
    private int CompileRangeBounds(BoundRange range)
    {
        if (range.Start != null) Compile(range.Start);
        else Emit(StackOp.PushNil, 0, 0, range.Pos);
        if (range.End != null) Compile(range.End);
        else Emit(StackOp.PushNil, 0, 0, range.Pos);
        return AddSide(new RangeSite(range.Start != null, range.End != null, range.Inclusive));
    }

    private void CompileFor(BoundFor f)
    {
        int slots = _f.NextSlot;
        int iterator = AllocSlot();
        int item = AllocSlot();
        int top, next;
        if (_options.IsOn(SwitchRegistry.RangeLoops) && f.Iterable is BoundRange range)
        {
            // A range in the loop head: a counter and a remaining count in two slots, no range object or iterator.
            int counter = AllocSlot();
            AllocSlot();
            Emit(StackOp.ForPrep, counter, CompileRangeBounds(range), range.Pos);
            top = Here;
            next = Emit(StackOp.ForLoop, counter, 0, f.Pos);
        }
        else
        {
            Compile(f.Iterable);
            Emit(StackOp.IterInit, iterator, 0, f.Iterable.Pos);
            top = Here;
            next = Emit(StackOp.IterNext, iterator, 0, f.Pos);
        }
        AdjustDepth(1);
        var fail = new List<int>();
        // for x in …: the item goes straight into x; other patterns test it from a slot.
        if (f.Pattern is BoundBindPattern { Subpattern: null } simple) Bind(simple.Target, simple.Pos);
        else
        {
            Emit(StackOp.Store, item, 0, f.Pos);
            CompilePattern(f.Pattern, item, fail);
        }
        if (fail.Count > 0)
        {
            int ok = Emit(StackOp.Jmp, 0, 0, f.Pos);
            PatchAllHere(fail);
            Emit(StackOp.PatternError, AddSide(new PatternErrorSite(PatternErrorKind.LoopItem, "")), item, f.Pattern.Pos);
            PatchHere(ok);
        }
        var loop = OpenLoop(f.LoopId);
        CompileDiscard(f.Body);
        JumpBack(top, f.Pos);
        CloseLoop(loop, top, new List<int> { next }, f.Pos);
        FreeSlots(slots);
    }
}
