using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

internal sealed partial class StackCompiler
{
    /// <summary>Emits code for <paramref name="e"/> as a statement: its effects, no value left on the stack.</summary>
    private void CompileDiscard(BoundExpr e)
    {
        switch (e)
        {
            case BoundLet let: CompileLet(let); return;
            case BoundAssign a: CompileAssign(a); return;
            case BoundCompoundAssign ca: CompileCompoundAssign(ca); return;
            case BoundBlock block:
            {
                // A loop body or an if branch used as a statement: no nil to push and pop per pass.
                int slots = _f.NextSlot;
                foreach (var statement in block.Statements) CompileDiscard(statement);
                FreeSlots(slots);
                return;
            }
            case BoundIf i:
            {
                int slots = _f.NextSlot;
                int jElse = CompileConditionJump(i.Condition);
                CompileDiscard(i.Then);
                if (i.Else == null) PatchHere(jElse);
                else
                {
                    int jEnd = Emit(StackOp.Jmp, 0, 0, i.Pos);
                    PatchHere(jElse);
                    CompileDiscard(i.Else);
                    PatchHere(jEnd);
                }
                FreeSlots(slots);
                return;
            }
        }
        Compile(e);
        Emit(StackOp.Pop, 0, 0, e.Pos);
    }

    /// <summary>A value whose evaluation has no effects and cannot fail: it may be evaluated later than written.</summary>
    private static bool IsInert(BoundExpr e) =>
        e is BoundConst || e is BoundVariable { Kind: BoundKind.Local or BoundKind.Cell or BoundKind.Upvalue or BoundKind.Global };

    /// <summary>Emits code that pushes the value of <paramref name="e"/> (exactly one value).</summary>
    private void Compile(BoundExpr e)
    {
        int slots = _f.NextSlot;
        switch (e)
        {
            case BoundConst c:
                if (c.Value.IsNil) Emit(StackOp.PushNil, 0, 0, c.Pos);
                else Emit(StackOp.PushK, Constant(c.Value), 0, c.Pos);
                break;
            case BoundVariable v:
                Emit(v.Kind switch
                {
                    BoundKind.Local => StackOp.Load,
                    BoundKind.Cell => StackOp.LoadCell,
                    BoundKind.Upvalue => StackOp.LoadUpval,
                    _ => StackOp.LoadGlobal,
                }, v.Index, 0, v.Pos);
                break;
            case BoundUndefined u:
                Emit(StackOp.Undefined, AddSide(SiteLowering.Undefined(u)), 0, u.Pos);
                break;
            case BoundBinary b:
                Compile(b.Left);
                if (_options.IsOn(SwitchRegistry.Superinstructions) && b.Right is BoundConst { Value.Kind: ValueKind.Int } k && b.Op is BinaryOp.Add or BinaryOp.Sub)
                {
                    Emit(b.Op == BinaryOp.Add ? StackOp.AddK : StackOp.SubK, Constant(k.Value), 0, b.Pos);
                    break;
                }
                Compile(b.Right);
                Emit(BinaryOpcode(b.Op), 0, 0, b.Pos);
                break;
            case BoundLogical l:
            {
                Compile(l.Left);
                var op = l.Op switch { BinaryOp.And => StackOp.JmpIfFalseKeep, BinaryOp.Or => StackOp.JmpIfTrueKeep, _ => StackOp.JmpIfPresentKeep };
                int j = Emit(op, 0, 0, l.Pos);
                Compile(l.Right);
                PatchHere(j);
                break;
            }
            case BoundUnary u:
                Compile(u.Operand);
                Emit(u.Op switch { UnaryOp.Negate => StackOp.Neg, UnaryOp.Not => StackOp.Not, UnaryOp.BitNot => StackOp.BitNot, _ => StackOp.Plus }, 0, 0, u.Pos);
                break;
            case BoundAssign a:
                CompileAssign(a);
                Emit(StackOp.PushNil, 0, 0, a.Pos);
                break;
            case BoundCompoundAssign ca:
                CompileCompoundAssign(ca);
                Emit(StackOp.PushNil, 0, 0, ca.Pos);
                break;
            case BoundIncDec id:
                CompileIncDec(id);
                break;
            case BoundCall call:
                Compile(call.Callee);
                foreach (var arg in call.Args) CompileArgument(arg);
                Emit(StackOp.Call, call.Args.Length, AddSide(new CallTarget(call.CalleeName, call.Callee is BoundVariable { Kind: BoundKind.Global } g ? g.Index : -1)), call.Pos);
                break;
            case BoundCallNative cn:
                foreach (var arg in cn.Args) Compile(arg);
                Emit(StackOp.CallNative, cn.Args.Length, (int)cn.Function, cn.Pos);
                break;
            case BoundMethodCall mc:
                CompileMethodCall(mc);
                break;
            case BoundVariantCtor vc:
                foreach (var arg in vc.Args) Compile(arg);
                Emit(StackOp.NewVariant, AddSide(new VariantSite(vc.Type, vc.Variant, vc.Args.Length)), 0, vc.Pos);
                AdjustDepth(1 - vc.Args.Length);
                break;
            case BoundStructLiteral sl:
            {
                int n = sl.Fields.Length;
                int pushed = 0;
                if (sl.Base != null)
                {
                    Compile(sl.Base);
                    Emit(StackOp.CheckStructBase, AddSide(sl.Type), 0, sl.Base.Pos);
                    pushed++;
                }
                var offsets = new int[n];
                for (int i = 0; i < n; i++)
                {
                    if (sl.Fields[i] == null)
                    {
                        offsets[i] = -1;
                        continue;
                    }
                    offsets[i] = pushed++;
                    Compile(sl.Fields[i]!);
                }
                Emit(StackOp.NewStruct, AddSide(new StructSite(sl.Type, offsets, sl.Base != null, 0)), pushed, sl.Pos);
                AdjustDepth(1 - pushed);
                break;
            }
            case BoundField f:
                Compile(f.Target);
                Emit(StackOp.GetField, AddSide(new FieldSite(f.Name, f.TupleIndex)), 0, f.Pos);
                break;
            case BoundIndex ix:
                Compile(ix.Target);
                Compile(ix.IndexExpr);
                Emit(StackOp.Index, 0, 0, ix.Pos);
                break;
            case BoundTry t:
                Compile(t.Operand);
                Emit(StackOp.Try, 0, 0, t.Pos);
                break;
            case BoundCast c:
                Compile(c.Operand);
                Emit(StackOp.Cast, (int)c.CastKind, 0, c.Pos);
                break;
            case BoundRange r:
                Emit(StackOp.NewRange, CompileRangeBounds(r), 0, r.Pos);
                AdjustDepth(1);
                break;
            case BoundArrayLiteral al:
                foreach (var x in al.Elements) Compile(x);
                Emit(StackOp.NewArray, al.Elements.Length, 0, al.Pos);
                break;
            case BoundArrayRepeat ar:
                Compile(ar.Element);
                Compile(ar.Count);
                Emit(StackOp.ArrayRepeat, 0, 0, ar.Count.Pos);
                break;
            case BoundTupleLiteral tl:
                foreach (var x in tl.Elements) Compile(x);
                Emit(StackOp.NewTuple, tl.Elements.Length, 0, tl.Pos);
                break;
            case BoundMapLiteral ml:
                foreach (var x in ml.Values) Compile(x);
                Emit(StackOp.NewMap, AddSide(new MapLiteralSite(ml.Keys, ml.Values.Select(v => v.Pos).ToArray())), 0, ml.Pos);
                AdjustDepth(1 - ml.Values.Length);
                break;
            case BoundFString fs:
            {
                int count = 0;
                foreach (var p in fs.Parts)
                    if (p.Expr != null)
                    {
                        Compile(p.Expr);
                        count++;
                    }
                Emit(StackOp.FString, AddSide(SiteLowering.FString(fs)), count, fs.Pos);
                AdjustDepth(1 - count);
                break;
            }
            case BoundFormat fm:
                CompileFormat(fm);
                break;
            case BoundBlock block:
            {
                if (block.Statements.Length == 0)
                {
                    Emit(StackOp.PushNil, 0, 0, block.Pos);
                    break;
                }
                for (int i = 0; i < block.Statements.Length - 1; i++) CompileDiscard(block.Statements[i]);
                Compile(block.Statements[^1]);
                break;
            }
            case BoundLet let:
                CompileLet(let);
                Emit(StackOp.PushNil, 0, 0, let.Pos);
                break;
            case BoundIf i:
            {
                int jElse = CompileConditionJump(i.Condition);
                Compile(i.Then);
                int jEnd = Emit(StackOp.Jmp, 0, 0, i.Pos);
                AdjustDepth(-1);
                PatchHere(jElse);
                if (i.Else != null) Compile(i.Else);
                else Emit(StackOp.PushNil, 0, 0, i.Pos);
                PatchHere(jEnd);
                break;
            }
            case BoundIfLet il:
            {
                int v = AllocSlot();
                Compile(il.Value);
                Emit(StackOp.Store, v, 0, il.Pos);
                var fail = new List<int>();
                CompilePattern(il.Pattern, v, fail);
                Compile(il.Then);
                int jEnd = Emit(StackOp.Jmp, 0, 0, il.Pos);
                AdjustDepth(-1);
                PatchAllHere(fail);
                if (il.Else != null) Compile(il.Else);
                else Emit(StackOp.PushNil, 0, 0, il.Pos);
                PatchHere(jEnd);
                break;
            }
            case BoundMatch m:
                CompileMatch(m);
                break;
            case BoundWhile w:
                CompileWhile(w);
                break;
            case BoundWhileLet wl:
                CompileWhileLet(wl);
                break;
            case BoundLoop l:
                CompileLoop(l);
                break;
            case BoundFor f:
                CompileFor(f);
                break;
            case BoundBreak br:
            {
                var loop = FindLoop(br.LoopId);
                if (br.Value != null) Compile(br.Value);
                else Emit(StackOp.PushNil, 0, 0, br.Pos);
                Emit(StackOp.Store, loop.ResultSlot, 0, br.Pos);
                TruncateTo(loop.Depth, br.Pos);
                loop.Breaks.Add(Emit(StackOp.Jmp, 0, 0, br.Pos));
                AdjustDepth(1); // unreachable: stands for the value this expression would push
                break;
            }
            case BoundContinue co:
            {
                var loop = FindLoop(co.LoopId);
                TruncateTo(loop.Depth, co.Pos);
                loop.Continues.Add(Emit(StackOp.Jmp, 0, 0, co.Pos));
                AdjustDepth(1);
                break;
            }
            case BoundReturn r:
                if (r.Value == null) Emit(StackOp.ReturnNil, 0, 0, r.Pos);
                else
                {
                    Compile(r.Value);
                    Emit(StackOp.Return, 0, 0, r.Pos);
                }
                AdjustDepth(1);
                break;
            case BoundLambda lam:
                Emit(StackOp.Closure, AddSide(CompileFunction(lam.Function)), 0, lam.Pos);
                break;
            case BoundBorrow bo:
                Compile(bo.Operand);
                break;
            default:
                throw new InvalidOperationException($"internal compiler error: no stack bytecode for {e.Kind}");
        }
        FreeSlots(slots);
    }

    /// <summary>Tail position: each branch returns its own value.</summary>
    private void CompileReturn(BoundExpr e)
    {
        switch (e)
        {
            case BoundIf i:
            {
                int jElse = CompileConditionJump(i.Condition);
                CompileReturn(i.Then);
                PatchHere(jElse);
                if (i.Else != null) CompileReturn(i.Else);
                else Emit(StackOp.ReturnNil, 0, 0, i.Pos);
                return;
            }
            case BoundBlock b when b.Statements.Length > 0:
                for (int s = 0; s < b.Statements.Length - 1; s++) CompileDiscard(b.Statements[s]);
                CompileReturn(b.Statements[^1]);
                return;
            case BoundReturn or BoundBreak or BoundContinue:
                CompileDiscard(e);
                return;
            default:
                Compile(e);
                Emit(StackOp.Return, 0, 0, e.Pos);
                return;
        }
    }

    private Loop FindLoop(int id)
    {
        for (int i = _f.Loops.Count - 1; i >= 0; i--)
            if (_f.Loops[i].Id == id) return _f.Loops[i];
        throw new InvalidOperationException("internal compiler error: loop not found");
    }

    /// <summary>Jump when the condition is false, fusing a comparison when allowed (pops its operands either way).</summary>
    private int CompileConditionJump(BoundExpr cond)
    {
        if (_options.IsOn(SwitchRegistry.Superinstructions) && cond is BoundBinary { Op: BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge or BinaryOp.Eq or BinaryOp.Ne } b)
        {
            Compile(b.Left);
            Compile(b.Right);
            return Emit(b.Op switch
            {
                BinaryOp.Lt => StackOp.JmpIfNotLt,
                BinaryOp.Le => StackOp.JmpIfNotLe,
                BinaryOp.Gt => StackOp.JmpIfNotGt,
                BinaryOp.Ge => StackOp.JmpIfNotGe,
                BinaryOp.Eq => StackOp.JmpIfNotEq,
                _ => StackOp.JmpIfNotNe,
            }, 0, 0, b.Pos);
        }
        Compile(cond);
        return Emit(StackOp.JmpIfFalse, 0, 0, cond.Pos);
    }

    private void CompileFormat(BoundFormat fm)
    {
        int n = fm.Checked.Length;
        foreach (var c in fm.Checked) Compile(c);
        int end = -1;
        if (n > 0)
        {
            // The check peeks at the operands; a passing assert drops them and yields nil.
            Emit(StackOp.Format, AddSide(new FormatSite(fm.Action, null, n, 0, IsCheck: true)), 0, fm.Pos);
            AdjustDepth(1);
            int fail = Emit(StackOp.JmpIfFalse, 0, 0, fm.Pos);
            int depthAfterChecks = _f.Depth;
            TruncateTo(depthAfterChecks - n, fm.Pos);
            _f.Depth = depthAfterChecks - n;
            Emit(StackOp.PushNil, 0, 0, fm.Pos);
            end = Emit(StackOp.Jmp, 0, 0, fm.Pos);
            PatchHere(fail);
            _f.Depth = depthAfterChecks;
        }
        foreach (var a in fm.Args) Compile(a);
        Emit(StackOp.Format, AddSide(new FormatSite(fm.Action, fm.Pieces, n, fm.Args.Length, IsCheck: false)), 0, fm.Pos);
        AdjustDepth(1 - n - fm.Args.Length);
        if (end >= 0) PatchHere(end);
    }

    private void CompileLet(BoundLet let)
    {
        int slots = _f.NextSlot;
        if (let.Init == null) Emit(StackOp.PushNil, 0, 0, let.Pos);
        else Compile(let.Init);
        if (let.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local } simple)
        {
            Emit(StackOp.Store, simple.Target.Index, 0, let.Pos);
            return;
        }
        int v = AllocSlot();
        Emit(StackOp.Store, v, 0, let.Pos);
        var fail = new List<int>();
        CompilePattern(let.Pattern, v, fail);
        if (fail.Count > 0)
        {
            int ok = Emit(StackOp.Jmp, 0, 0, let.Pos);
            PatchAllHere(fail);
            if (let.Else == null)
            {
                Emit(StackOp.PatternError, AddSide(new PatternErrorSite(PatternErrorKind.LetMismatch, "")), v, let.Pos);
            }
            else
            {
                CompileDiscard(let.Else);
                Emit(StackOp.PatternError, AddSide(new PatternErrorSite(PatternErrorKind.LetElseFellThrough, "")), v, let.Pos);
            }
            PatchHere(ok);
        }
        FreeSlots(slots);
    }
}
