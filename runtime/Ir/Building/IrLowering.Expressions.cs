using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

internal sealed partial class IrLowering
{
    /// <summary>The value of an expression.</summary>
    private int Lower(BoundExpr e)
    {
        switch (e)
        {
            case BoundConst c:
                return _b.Const(c.Value, c.Pos);
            case BoundVariable v:
                return v.Kind switch
                {
                    BoundKind.Local => _b.ReadVariable(v.Index, v.Pos),
                    BoundKind.Cell => Emit(IrOp.GetCell, IrType.Any, v.Pos, 0, _b.ReadVariable(v.Index, v.Pos)),
                    BoundKind.Upvalue => Emit(IrOp.GetUpval, IrType.Any, v.Pos, v.Index),
                    _ => Emit(IrOp.GetGlobal, IrType.Any, v.Pos, v.Index),
                };
            case BoundUndefined u:
                Emit(IrOp.Undefined, IrType.Bottom, u.Pos, Side(SiteLowering.Undefined(u)));
                return _b.Nil(u.Pos);
            case BoundBinary bin:
            {
                int l = Lower(bin.Left);
                int r = Lower(bin.Right);
                var op = IrOpInfo.FromBinary(bin.Op);
                return Emit(op, BinaryResultType(op), bin.Pos, 0, l, r);
            }
            case BoundLogical l:
            {
                int left = Lower(l.Left);
                var (join, result) = NewJoin(l.Pos);
                int right = _b.NewBlock("rhs");
                switch (l.Op)
                {
                    case BinaryOp.And: BranchWithArg(IrOp.Branch, left, right, join, l.Pos, elseArg: true); break;
                    case BinaryOp.Or: BranchWithArg(IrOp.Branch, left, join, right, l.Pos, elseArg: false); break;
                    default: BranchWithArg(IrOp.BranchPresent, left, join, right, l.Pos, elseArg: false); break;
                }
                Enter(right);
                _b.JumpIfOpen(join, l.Pos, Lower(l.Right));
                Enter(join);
                return result;

                void BranchWithArg(IrOp op, int value, int ifTrue, int ifFalse, int pos, bool elseArg)
                {
                    int t = _b.Terminate(op, pos, 0, [value], ifTrue, ifFalse);
                    _f.Edge(t, elseArg ? 1 : 0).Args.Add(value);
                }
            }
            case BoundUnary u:
            {
                int v = Lower(u.Operand);
                var op = u.Op switch { UnaryOp.Negate => IrOp.Neg, UnaryOp.Not => IrOp.Not, UnaryOp.BitNot => IrOp.BitNot, UnaryOp.Plus => IrOp.Plus, _ => IrOp.Copy };
                return Emit(op, op == IrOp.Not ? IrType.Bool : IrType.Any, u.Pos, 0, v);
            }
            case BoundAssign a:
                LowerAssign(a);
                return _b.Nil(a.Pos);
            case BoundCompoundAssign ca:
                LowerCompoundAssign(ca);
                return _b.Nil(ca.Pos);
            case BoundIncDec d:
            {
                int old = Lower(d.Target);
                int updated = Emit(d.Increment ? IrOp.Add : IrOp.Sub, IrType.Any, d.Pos, 0, old, _b.Const(Value.FromInt(1), d.Pos));
                StoreToPlace(d.Target, updated);
                return d.Prefix ? updated : old;
            }
            case BoundCall call:
                return LowerCall(call);
            case BoundCallNative cn:
            {
                var args = new int[cn.Args.Length];
                for (int i = 0; i < args.Length; i++) args[i] = Lower(cn.Args[i]);
                return Emit(IrOp.CallNative, IrType.Any, cn.Pos, (int)cn.Function, args);
            }
            case BoundMethodCall mc:
                return LowerMethodCall(mc);
            case BoundVariantCtor vc:
            {
                var args = LowerAll(vc.Args);
                return Emit(IrOp.NewVariant, IrType.EnumOf(vc.Type), vc.Pos, Side(new VariantSite(vc.Type, vc.Variant, vc.Args.Length)), args);
            }
            case BoundStructLiteral sl:
                return LowerStructLiteral(sl);
            case BoundField f:
            {
                int t = Lower(f.Target);
                return Emit(IrOp.GetField, IrType.Any, f.Pos, Side(new FieldSite(f.Name, f.TupleIndex)), t);
            }
            case BoundIndex ix:
            {
                int t = Lower(ix.Target);
                int i = Lower(ix.IndexExpr);
                return Emit(IrOp.Index, IrType.Any, ix.Pos, 0, t, i);
            }
            case BoundTry t:
                return Emit(IrOp.Try, IrType.Any, t.Pos, 0, Lower(t.Operand));
            case BoundCast c:
            {
                var type = c.CastKind switch
                {
                    CastKind.ToInt => IrType.Int, CastKind.ToFloat => IrType.Float, CastKind.ToString => IrType.Str, CastKind.ToBool => IrType.Bool,
                    _ => IrType.Any,
                };
                return Emit(IrOp.Cast, type, c.Pos, (int)c.CastKind, Lower(c.Operand));
            }
            case BoundRange r:
            {
                var (start, end, site) = LowerRangeBounds(r);
                return Emit(IrOp.NewRange, IrType.Range, r.Pos, site, start, end);
            }
            case BoundArrayLiteral al:
                return Emit(IrOp.NewArray, IrType.Array, al.Pos, 0, LowerAll(al.Elements));
            case BoundArrayRepeat ar:
            {
                int el = Lower(ar.Element);
                int count = Lower(ar.Count);
                return Emit(IrOp.ArrayRepeat, IrType.Array, ar.Count.Pos, 0, el, count);
            }
            case BoundTupleLiteral tl:
                return tl.Elements.Length == 0 ? _b.Nil(tl.Pos) : Emit(IrOp.NewTuple, IrType.Tuple, tl.Pos, 0, LowerAll(tl.Elements));
            case BoundMapLiteral ml:
            {
                var positions = new int[ml.Values.Length];
                for (int i = 0; i < positions.Length; i++) positions[i] = ml.Values[i].Pos;
                return Emit(IrOp.NewMap, IrType.Map, ml.Pos, Side(new MapLiteralSite(ml.Keys, positions)), LowerAll(ml.Values));
            }
            case BoundFString fs:
            {
                var values = new List<int>();
                foreach (var p in fs.Parts)
                    if (p.Expr != null) values.Add(Lower(p.Expr));
                return Emit(IrOp.FString, IrType.Str, fs.Pos, Side(SiteLowering.FString(fs)), values.ToArray());
            }
            case BoundFormat fm:
                return LowerFormat(fm);
            case BoundBlock block:
            {
                var stmts = block.Statements;
                if (stmts.Length == 0) return _b.Nil(block.Pos);
                for (int i = 0; i < stmts.Length - 1; i++) LowerStatement(stmts[i]);
                return Lower(stmts[^1]);
            }
            case BoundLet let:
                LowerLet(let);
                return _b.Nil(let.Pos);
            case BoundIf i:
            {
                int then = _b.NewBlock("then"), otherwise = _b.NewBlock("else");
                var (join, result) = NewJoin(i.Pos);
                _b.Branch(IrOp.Branch, Lower(i.Condition), then, otherwise, i.Pos);
                Enter(then);
                _b.JumpIfOpen(join, i.Pos, Lower(i.Then));
                Enter(otherwise);
                _b.JumpIfOpen(join, i.Pos, i.Else != null ? Lower(i.Else) : _b.Nil(i.Pos));
                Enter(join);
                return result;
            }
            case BoundIfLet il:
            {
                int v = Lower(il.Value);
                int fail = _b.NewBlock("else");
                var (join, result) = NewJoin(il.Pos);
                LowerPattern(il.Pattern, v, fail);
                _b.JumpIfOpen(join, il.Pos, Lower(il.Then));
                Enter(fail);
                _b.JumpIfOpen(join, il.Pos, il.Else != null ? Lower(il.Else) : _b.Nil(il.Pos));
                Enter(join);
                return result;
            }
            case BoundMatch m:
                return LowerMatch(m);
            case BoundWhile w:
                return LowerWhile(w);
            case BoundWhileLet wl:
                return LowerWhileLet(wl);
            case BoundLoop l:
                return LowerLoop(l);
            case BoundFor f:
                return LowerFor(f);
            case BoundBreak br:
            {
                var loop = FindLoop(br.LoopId);
                int v = br.Value != null ? Lower(br.Value) : _b.Nil(br.Pos);
                _b.JumpIfOpen(loop.Exit, br.Pos, v);
                _b.StartUnreachable();
                return _b.Nil(br.Pos);
            }
            case BoundContinue co:
                _b.JumpIfOpen(FindLoop(co.LoopId).Continue, co.Pos);
                _b.StartUnreachable();
                return _b.Nil(co.Pos);
            case BoundReturn r:
            {
                int v = r.Value != null ? Lower(r.Value) : _b.Nil(r.Pos);
                Return(v, r.Pos);
                _b.StartUnreachable();
                return _b.Nil(r.Pos);
            }
            case BoundLambda lam:
                return LowerLambda(lam);
            case BoundBorrow bo:
                return Lower(bo.Operand);
            default:
                throw new InvalidOperationException($"internal IR error: no lowering for {e.Kind}");
        }
    }

    private int[] LowerAll(BoundExpr[] exprs)
    {
        var values = new int[exprs.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Lower(exprs[i]);
        return values;
    }

    /// <summary>A statement whose value is not used.</summary>
    private void LowerStatement(BoundExpr s)
    {
        switch (s)
        {
            case BoundLet let: LowerLet(let); break;
            case BoundAssign a: LowerAssign(a); break;
            case BoundCompoundAssign ca: LowerCompoundAssign(ca); break;
            case BoundIf i:
            {
                int then = _b.NewBlock("then"), end = _b.NewBlock("endif");
                int otherwise = i.Else != null ? _b.NewBlock("else") : end;
                _b.Branch(IrOp.Branch, Lower(i.Condition), then, otherwise, i.Pos);
                Enter(then);
                LowerStatement(i.Then);
                _b.JumpIfOpen(end, i.Pos);
                if (i.Else != null)
                {
                    Enter(otherwise);
                    LowerStatement(i.Else);
                    _b.JumpIfOpen(end, i.Pos);
                }
                Enter(end);
                break;
            }
            case BoundBlock b:
                foreach (var x in b.Statements) LowerStatement(x);
                break;
            default:
                Lower(s);
                break;
        }
    }

    private (int Start, int End, int Site) LowerRangeBounds(BoundRange range)
    {
        int start = range.Start != null ? Lower(range.Start) : _b.Nil(range.Pos);
        int end = range.End != null ? Lower(range.End) : _b.Nil(range.Pos);
        return (start, end, Side(new RangeSite(range.Start != null, range.End != null, range.Inclusive)));
    }

    private int LowerFormat(BoundFormat fm)
    {
        var values = new int[fm.Checked.Length + fm.Args.Length];
        for (int i = 0; i < fm.Checked.Length; i++) values[i] = Lower(fm.Checked[i]);
        if (fm.Checked.Length == 0)
        {
            for (int i = 0; i < fm.Args.Length; i++) values[i] = Lower(fm.Args[i]);
            return Emit(IrOp.Format, IrType.Any, fm.Pos, Side(new FormatSite(fm.Action, fm.Pieces, 0, fm.Args.Length, IsCheck: false)), values);
        }
        // An assert's message is only evaluated when the check fails.
        int ok = Emit(IrOp.Format, IrType.Bool, fm.Pos, Side(new FormatSite(fm.Action, null, fm.Checked.Length, 0, IsCheck: true)), values.AsSpan(0, fm.Checked.Length));
        var (join, result) = NewJoin(fm.Pos);
        int failed = _b.NewBlock("assert_failed");
        int nil = _b.Nil(fm.Pos);
        int t = _b.Terminate(IrOp.Branch, fm.Pos, 0, [ok], join, failed);
        _f.Edge(t, 0).Args.Add(nil);
        Enter(failed);
        for (int i = 0; i < fm.Args.Length; i++) values[fm.Checked.Length + i] = Lower(fm.Args[i]);
        int r = Emit(IrOp.Format, IrType.Any, fm.Pos, Side(new FormatSite(fm.Action, fm.Pieces, fm.Checked.Length, fm.Args.Length, IsCheck: false)), values);
        _b.JumpIfOpen(join, fm.Pos, r);
        Enter(join);
        return result;
    }

    private int LowerLambda(BoundLambda lam)
    {
        var child = Lower(lam.Function, _options);
        var operands = new List<int>();
        foreach (var capture in lam.Function.Captures)
            if (capture.FromParentSlot) operands.Add(_b.ReadVariable(capture.Index, lam.Pos));
        int site = Side(new IrClosureSite(child, lam.Function.Captures));
        _f.Children.Add(child);
        return Emit(IrOp.Closure, IrType.Fn, lam.Pos, site, operands.ToArray());
    }

    /// <summary>A struct literal: the base (if any) first and checked, then the fields in declaration order.</summary>
    private int LowerStructLiteral(BoundStructLiteral sl)
    {
        int n = sl.Fields.Length;
        int baseValue = -1;
        if (sl.Base != null)
        {
            baseValue = Lower(sl.Base);
            Emit(IrOp.CheckStructBase, IrType.Bottom, sl.Base.Pos, Side(sl.Type), baseValue);
        }
        var operands = new List<int>();
        var offsets = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (sl.Fields[i] == null)
            {
                offsets[i] = -1;
                continue;
            }
            offsets[i] = operands.Count;
            operands.Add(Lower(sl.Fields[i]!));
        }
        int baseOffset = operands.Count;
        if (baseValue >= 0) operands.Add(baseValue);
        return Emit(IrOp.NewStruct, IrType.StructOf(sl.Type), sl.Pos, Side(new StructSite(sl.Type, offsets, sl.Base != null, baseOffset)), operands.ToArray());
    }
}
