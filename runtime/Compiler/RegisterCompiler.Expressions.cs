using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

internal sealed partial class RegisterCompiler
{
    /// <summary>A register holding the value of <paramref name="e"/>: a local's own register when possible, else a new temporary.</summary>
    private int ToAnyReg(BoundExpr e)
    {
        if (e.Kind == BoundKind.Local) return ((BoundVariable)e).Index;
        int r = AllocTemp();
        CompileInto(e, r);
        return r;
    }

    /// <summary>Like <see cref="ToAnyReg"/>, but copies a local first if <paramref name="later"/> may reassign it before use.</summary>
    private int ToStableReg(BoundExpr e, BoundExpr? later)
    {
        if (e.Kind == BoundKind.Local && (later == null || !BoundTreeWalk.AssignsSlot(later, ((BoundVariable)e).Index))) return ((BoundVariable)e).Index;
        int r = AllocTemp();
        CompileInto(e, r);
        return r;
    }

    /// <summary>Evaluates <paramref name="e"/> for its effects only.</summary>
    private void CompileDiscard(BoundExpr e)
    {
        int mark = _f.NextTemp;
        int r = AllocTemp();
        CompileInto(e, r);
        FreeTo(mark);
    }

    /// <summary>Emits code that leaves the value of <paramref name="e"/> in R[dest].</summary>
    private void CompileInto(BoundExpr e, int dest)
    {
        int mark = _f.NextTemp;
        switch (e)
        {
            case BoundConst c:
                if (c.Value.IsNil) Emit(RegOp.LoadNil, dest, 0, 0, c.Pos);
                else Emit(RegOp.LoadK, dest, Constant(c.Value), 0, c.Pos);
                break;
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local:
                        if (v.Index != dest) Emit(RegOp.Move, dest, v.Index, 0, v.Pos);
                        break;
                    case BoundKind.Cell: Emit(RegOp.GetCell, dest, v.Index, 0, v.Pos); break;
                    case BoundKind.Upvalue: Emit(RegOp.GetUpval, dest, v.Index, 0, v.Pos); break;
                    default: Emit(RegOp.GetGlobal, dest, v.Index, 0, v.Pos); break;
                }
                break;
            case BoundUndefined u:
                Emit(RegOp.Undefined, AddSide(SiteLowering.Undefined(u)), 0, 0, u.Pos);
                break;
            case BoundBinary b:
                CompileBinary(b, dest);
                break;
            case BoundLogical l:
            {
                CompileInto(l.Left, dest);
                var op = l.Op switch { BinaryOp.And => RegOp.JmpIfFalse, BinaryOp.Or => RegOp.JmpIfTrue, _ => RegOp.JmpIfPresent };
                int j = Emit(op, dest, 0, 0, l.Pos);
                CompileInto(l.Right, dest);
                PatchJumpHere(j);
                break;
            }
            case BoundUnary u:
            {
                int r = ToAnyReg(u.Operand);
                var op = u.Op switch { UnaryOp.Negate => RegOp.Neg, UnaryOp.Not => RegOp.Not, UnaryOp.BitNot => RegOp.BitNot, UnaryOp.Plus => RegOp.Plus, _ => RegOp.Move };
                Emit(op, dest, r, 0, u.Pos);
                break;
            }
            case BoundAssign a:
                CompileAssign(a);
                Emit(RegOp.LoadNil, dest, 0, 0, a.Pos);
                break;
            case BoundCompoundAssign ca:
                CompileCompoundAssign(ca);
                Emit(RegOp.LoadNil, dest, 0, 0, ca.Pos);
                break;
            case BoundIncDec id:
                CompileIncDec(id, dest);
                break;
            case BoundCall call:
                CompileCall(call, dest);
                break;
            case BoundCallNative cn:
            {
                int args = CallBase(dest, Math.Max(cn.Args.Length, 1));
                for (int i = 0; i < cn.Args.Length; i++) CompileInto(cn.Args[i], args + i);
                Emit(RegOp.CallNative, args, cn.Args.Length, (int)cn.Function, cn.Pos);
                if (args != dest) Emit(RegOp.Move, dest, args, 0, cn.Pos);
                break;
            }
            case BoundMethodCall mc:
                CompileMethodCall(mc, dest);
                break;
            case BoundVariantCtor vc:
            {
                int args = AllocTemps(Math.Max(vc.Args.Length, 1));
                for (int i = 0; i < vc.Args.Length; i++) CompileInto(vc.Args[i], args + i);
                Emit(RegOp.NewVariant, dest, args, AddSide(new VariantSite(vc.Type, vc.Variant, vc.Args.Length)), vc.Pos);
                break;
            }
            case BoundStructLiteral sl:
                CompileStructLiteral(sl, dest);
                break;
            case BoundField f:
            {
                int t = ToAnyReg(f.Target);
                Emit(RegOp.GetField, dest, t, AddSide(new FieldSite(f.Name, f.TupleIndex)), f.Pos);
                break;
            }
            case BoundIndex ix:
            {
                int t = ToStableReg(ix.Target, ix.IndexExpr);
                int i = ToAnyReg(ix.IndexExpr);
                Emit(RegOp.Index, dest, t, i, ix.Pos);
                break;
            }
            case BoundTry t:
            {
                int r = ToAnyReg(t.Operand);
                Emit(RegOp.Try, dest, r, 0, t.Pos);
                break;
            }
            case BoundCast c:
            {
                int r = ToAnyReg(c.Operand);
                Emit(RegOp.Cast, dest, r, (int)c.CastKind, c.Pos);
                break;
            }
            case BoundRange r:
            {
                int regs = CompileRangeBounds(r, out var site);
                Emit(RegOp.NewRange, dest, regs, site, r.Pos);
                break;
            }
            case BoundArrayLiteral al:
            {
                int regs = AllocTemps(Math.Max(al.Elements.Length, 1));
                for (int i = 0; i < al.Elements.Length; i++) CompileInto(al.Elements[i], regs + i);
                Emit(RegOp.NewArray, dest, regs, al.Elements.Length, al.Pos);
                break;
            }
            case BoundArrayRepeat ar:
            {
                int el = ToStableReg(ar.Element, ar.Count);
                int count = ToAnyReg(ar.Count);
                Emit(RegOp.ArrayRepeat, dest, el, count, ar.Count.Pos);
                break;
            }
            case BoundTupleLiteral tl:
            {
                int regs = AllocTemps(Math.Max(tl.Elements.Length, 1));
                for (int i = 0; i < tl.Elements.Length; i++) CompileInto(tl.Elements[i], regs + i);
                Emit(RegOp.NewTuple, dest, regs, tl.Elements.Length, tl.Pos);
                break;
            }
            case BoundMapLiteral ml:
            {
                int regs = AllocTemps(Math.Max(ml.Values.Length, 1));
                for (int i = 0; i < ml.Values.Length; i++) CompileInto(ml.Values[i], regs + i);
                Emit(RegOp.NewMap, dest, regs, AddSide(new MapLiteralSite(ml.Keys, ml.Values.Select(v => v.Pos).ToArray())), ml.Pos);
                break;
            }
            case BoundFString fs:
            {
                int exprs = 0;
                foreach (var p in fs.Parts) if (p.Expr != null) exprs++;
                int regs = AllocTemps(Math.Max(exprs, 1));
                int k = 0;
                foreach (var p in fs.Parts)
                    if (p.Expr != null) CompileInto(p.Expr, regs + k++);
                Emit(RegOp.FString, dest, regs, AddSide(SiteLowering.FString(fs)), fs.Pos);
                break;
            }
            case BoundFormat fm:
            {
                int regs = AllocTemps(Math.Max(fm.Checked.Length + fm.Args.Length, 1));
                for (int i = 0; i < fm.Checked.Length; i++) CompileInto(fm.Checked[i], regs + i);
                int argsAt = regs + fm.Checked.Length;
                // An assert's message is only evaluated when the check fails: skip it otherwise.
                int skip = -1;
                if (fm.Checked.Length > 0)
                {
                    int ok = AllocTemp();
                    Emit(RegOp.Format, ok, regs, AddSide(new FormatSite(fm.Action, null, fm.Checked.Length, 0, IsCheck: true)), fm.Pos);
                    skip = Emit(RegOp.JmpIfTrue, ok, 0, 0, fm.Pos);
                }
                for (int i = 0; i < fm.Args.Length; i++) CompileInto(fm.Args[i], argsAt + i);
                Emit(RegOp.Format, dest, regs, AddSide(new FormatSite(fm.Action, fm.Pieces, fm.Checked.Length, fm.Args.Length, IsCheck: false)), fm.Pos);
                if (skip >= 0)
                {
                    int end = Emit(RegOp.Jmp, 0, 0, 0, fm.Pos);
                    PatchJumpHere(skip);
                    Emit(RegOp.LoadNil, dest, 0, 0, fm.Pos);
                    PatchJumpHere(end);
                }
                break;
            }
            case BoundBlock block:
                CompileBlock(block, dest);
                break;
            case BoundLet let:
                CompileLet(let);
                Emit(RegOp.LoadNil, dest, 0, 0, let.Pos);
                break;
            case BoundIf i:
            {
                int jElse = CompileConditionJump(i.Condition);
                CompileInto(i.Then, dest);
                int jEnd = Emit(RegOp.Jmp, 0, 0, 0, i.Pos);
                PatchJumpHere(jElse);
                if (i.Else != null) CompileInto(i.Else, dest);
                else Emit(RegOp.LoadNil, dest, 0, 0, i.Pos);
                PatchJumpHere(jEnd);
                break;
            }
            case BoundIfLet il:
            {
                int v = ToStableReg(il.Value, il);
                int fail = NewJumpList();
                CompilePattern(il.Pattern, v, fail);
                CompileInto(il.Then, dest);
                int jEnd = Emit(RegOp.Jmp, 0, 0, 0, il.Pos);
                PatchHere(fail);
                if (il.Else != null) CompileInto(il.Else, dest);
                else Emit(RegOp.LoadNil, dest, 0, 0, il.Pos);
                PatchJumpHere(jEnd);
                break;
            }
            case BoundMatch m:
                CompileMatch(m, dest);
                break;
            case BoundWhile w:
                CompileWhile(w, dest);
                break;
            case BoundWhileLet wl:
                CompileWhileLet(wl, dest);
                break;
            case BoundLoop l:
                CompileLoop(l, dest);
                break;
            case BoundFor f:
                CompileFor(f, dest);
                break;
            case BoundBreak br:
            {
                var loop = FindLoop(br.LoopId);
                if (br.Value != null) CompileInto(br.Value, loop.ResultRegister);
                else Emit(RegOp.LoadNil, loop.ResultRegister, 0, 0, br.Pos);
                loop.BreakJumps.Add(Emit(RegOp.Jmp, 0, 0, 0, br.Pos));
                break;
            }
            case BoundContinue co:
                FindLoop(co.LoopId).ContinueJumps.Add(Emit(RegOp.Jmp, 0, 0, 0, co.Pos));
                break;
            case BoundReturn r:
            {
                if (r.Value == null)
                {
                    Emit(RegOp.ReturnNil, 0, 0, 0, r.Pos);
                    break;
                }
                int v = ToAnyReg(r.Value);
                Emit(RegOp.Return, v, 0, 0, r.Pos);
                break;
            }
            case BoundLambda lam:
            {
                var proto = CompileFunction(lam.Function);
                Emit(RegOp.Closure, dest, AddSide(proto), 0, lam.Pos);
                break;
            }
            case BoundBorrow bo:
                CompileInto(bo.Operand, dest);
                break;
            default:
                throw new InvalidOperationException($"internal compiler error: no bytecode for {e.Kind}");
        }
        FreeTo(mark);
    }

    private LoopContext FindLoop(int id)
    {
        for (int i = _f.Loops.Count - 1; i >= 0; i--)
            if (_f.Loops[i].LoopId == id) return _f.Loops[i];
        throw new InvalidOperationException("internal compiler error: loop not found");
    }

    private void CompileBinary(BoundBinary b, int dest)
    {
        var op = BinaryOpcode(b.Op);
        int l = ToStableReg(b.Left, b.Right);
        if (_options.IsOn(SwitchRegistry.Superinstructions) && IsSmallInt(b.Right, out int immediate) && op is RegOp.Add or RegOp.Sub)
        {
            Emit(op == RegOp.Add ? RegOp.AddK : RegOp.SubK, dest, l, immediate, b.Pos);
            return;
        }
        int r = ToAnyReg(b.Right);
        Emit(op, dest, l, r, b.Pos);
    }

    private void CompileBlock(BoundBlock block, int dest)
    {
        var stmts = block.Statements;
        if (stmts.Length == 0)
        {
            Emit(RegOp.LoadNil, dest, 0, 0, block.Pos);
            return;
        }
        for (int i = 0; i < stmts.Length - 1; i++) CompileStatement(stmts[i]);
        CompileInto(stmts[^1], dest);
    }

    /// <summary>
    /// A statement whose value is not used: lets and assignments need no result register, and an
    /// <c>if</c> or block used as a statement produces no value (no nil for a missing else).
    /// </summary>
    private void CompileStatement(BoundExpr s)
    {
        int mark = _f.NextTemp;
        switch (s)
        {
            case BoundLet let: CompileLet(let); break;
            case BoundAssign a: CompileAssign(a); break;
            case BoundCompoundAssign ca: CompileCompoundAssign(ca); break;
            case BoundIf i:
            {
                int jElse = CompileConditionJump(i.Condition);
                CompileStatement(i.Then);
                if (i.Else == null)
                {
                    PatchJumpHere(jElse);
                    break;
                }
                int jEnd = Emit(RegOp.Jmp, 0, 0, 0, i.Pos);
                PatchJumpHere(jElse);
                CompileStatement(i.Else);
                PatchJumpHere(jEnd);
                break;
            }
            case BoundBlock b:
                foreach (var x in b.Statements) CompileStatement(x);
                break;
            default: CompileDiscard(s); break;
        }
        FreeTo(mark);
    }

    private void CompileLet(BoundLet let)
    {
        int mark = _f.NextTemp;
        int v;
        if (let.Init == null)
        {
            v = AllocTemp();
            Emit(RegOp.LoadNil, v, 0, 0, let.Pos);
        }
        else if (let.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local } simple)
        {
            // `let x = e` into a plain local: compute straight into its register.
            CompileIntoShared(let.Init, simple.Target.Index);
            FreeTo(mark);
            return;
        }
        else
        {
            v = AllocTemp();
            CompileInto(let.Init, v);
        }
        int fail = NewJumpList();
        CompilePattern(let.Pattern, v, fail);
        if (_jumpLists[fail].Count > 0)
        {
            int ok = Emit(RegOp.Jmp, 0, 0, 0, let.Pos);
            PatchHere(fail);
            if (let.Else == null)
            {
                Emit(RegOp.PatternError, v, AddSide(new PatternErrorSite(PatternErrorKind.LetMismatch, "")), 0, let.Pos);
            }
            else
            {
                CompileDiscard(let.Else);
                Emit(RegOp.PatternError, v, AddSide(new PatternErrorSite(PatternErrorKind.LetElseFellThrough, "")), 0, let.Pos);
            }
            PatchJumpHere(ok);
        }
        FreeTo(mark);
    }
}
