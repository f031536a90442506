using System.Runtime.CompilerServices;
using System.Text;
using Ruchy.Builtins;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

internal sealed partial class TreeWalker
{
    /// <summary>
    /// Evaluates one node. Hot node kinds are handled inline; the rest call out-of-line helpers so
    /// that this method's frame stays small (it is on the host stack once per nesting level).
    /// </summary>
    private Value Eval(BoundExpr e, int fp)
    {
        switch (e.Kind)
        {
            case BoundKind.Const:
                return Unsafe.As<BoundConst>(e).Value;
            case BoundKind.Local:
                return _stack[fp + Unsafe.As<BoundVariable>(e).Index];
            case BoundKind.Cell:
                return _stack[fp + Unsafe.As<BoundVariable>(e).Index].AsCell.Value;
            case BoundKind.Upvalue:
                return _upvalues[Unsafe.As<BoundVariable>(e).Index].Value;
            case BoundKind.Global:
                return _globals[Unsafe.As<BoundVariable>(e).Index];
            case BoundKind.Binary:
            {
                var b = Unsafe.As<BoundBinary>(e);
                var l = Eval(b.Left, fp);
                if (_signal != Signal.None) return default;
                var r = Eval(b.Right, fp);
                if (_signal != Signal.None) return default;
                if (l.Kind == ValueKind.Int && r.Kind == ValueKind.Int)
                {
                    long x = l.AsInt, y = r.AsInt;
                    switch (b.Op)
                    {
                        case BinaryOp.Add:
                        {
                            long s = x + y;
                            if (((x ^ s) & (y ^ s)) < 0) throw Error(b.Pos, "Integer overflow in addition");
                            return Value.FromInt(s);
                        }
                        case BinaryOp.Sub:
                        {
                            long s = x - y;
                            if (((x ^ y) & (x ^ s)) < 0) throw Error(b.Pos, "Integer overflow in subtraction");
                            return Value.FromInt(s);
                        }
                        case BinaryOp.Mul:
                        {
                            // No overflow iff the high word of the 128-bit product is the sign extension of the low word.
                            if (Math.BigMul(x, y, out long low) != (low >> 63)) throw Error(b.Pos, "Integer overflow in multiplication");
                            return Value.FromInt(low);
                        }
                        case BinaryOp.Rem:
                            if (y == 0) throw Error(b.Pos, "Division by zero");
                            return Value.FromInt(y == -1 ? 0 : x % y);
                        case BinaryOp.Div:
                            if (y == 0) throw Error(b.Pos, "Division by zero");
                            if (y == -1 && x == long.MinValue) throw Error(b.Pos, "Integer overflow in division");
                            return Value.FromInt(x / y);
                        case BinaryOp.Lt: return Value.FromBool(x < y);
                        case BinaryOp.Le: return Value.FromBool(x <= y);
                        case BinaryOp.Gt: return Value.FromBool(x > y);
                        case BinaryOp.Ge: return Value.FromBool(x >= y);
                        case BinaryOp.Eq: return Value.FromBool(x == y);
                        case BinaryOp.Ne: return Value.FromBool(x != y);
                    }
                }
                else if (l.Kind == ValueKind.Float && r.Kind == ValueKind.Float)
                {
                    double x = l.AsFloat, y = r.AsFloat;
                    switch (b.Op)
                    {
                        case BinaryOp.Add: return Value.FromFloat(x + y);
                        case BinaryOp.Sub: return Value.FromFloat(x - y);
                        case BinaryOp.Mul: return Value.FromFloat(x * y);
                        case BinaryOp.Div: return Value.FromFloat(x / y);
                        case BinaryOp.Lt: return Value.FromBool(x < y);
                        case BinaryOp.Gt: return Value.FromBool(x > y);
                    }
                }
                return BinarySlow(b, l, r);
            }
            case BoundKind.Call:
                return EvalCall(Unsafe.As<BoundCall>(e), fp);
            case BoundKind.If:
            {
                var i = Unsafe.As<BoundIf>(e);
                var c = Eval(i.Condition, fp);
                if (_signal != Signal.None) return default;
                if (c.IsTruthy) return Eval(i.Then, fp);
                return i.Else != null ? Eval(i.Else, fp) : Value.Nil;
            }
            case BoundKind.Block:
            {
                var stmts = Unsafe.As<BoundBlock>(e).Statements;
                Value last = Value.Nil;
                for (int i = 0; i < stmts.Length; i++)
                {
                    last = Eval(stmts[i], fp);
                    if (_signal != Signal.None) return default;
                }
                return last;
            }
            case BoundKind.Return:
            {
                var r = Unsafe.As<BoundReturn>(e);
                var v = r.Value != null ? Eval(r.Value, fp) : Value.Nil;
                if (_signal != Signal.None) return default;
                _signalValue = v;
                _signal = Signal.Return;
                return default;
            }
            case BoundKind.Let:
                return EvalLet(Unsafe.As<BoundLet>(e), fp);
            case BoundKind.Assign:
                return EvalAssign(Unsafe.As<BoundAssign>(e), fp);
            case BoundKind.CompoundAssign:
                return EvalCompoundAssign(Unsafe.As<BoundCompoundAssign>(e), fp);
            case BoundKind.IncDec:
                return EvalIncDec(Unsafe.As<BoundIncDec>(e), fp);
            case BoundKind.While:
                return EvalWhile(Unsafe.As<BoundWhile>(e), fp);
            case BoundKind.For:
                return EvalFor(Unsafe.As<BoundFor>(e), fp);
            case BoundKind.Index:
                return EvalIndex(Unsafe.As<BoundIndex>(e), fp);
            case BoundKind.Field:
                return EvalField(Unsafe.As<BoundField>(e), fp);
            case BoundKind.MethodCall:
                return EvalMethodCall(Unsafe.As<BoundMethodCall>(e), fp);
            case BoundKind.CallNative:
                return EvalCallNative(Unsafe.As<BoundCallNative>(e), fp);
            case BoundKind.Logical:
                return EvalLogical(Unsafe.As<BoundLogical>(e), fp);
            case BoundKind.Unary:
                return EvalUnary(Unsafe.As<BoundUnary>(e), fp);
            default:
                return EvalOther(e, fp);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value EvalOther(BoundExpr e, int fp)
    {
        switch (e.Kind)
        {
            case BoundKind.Undefined:
            {
                var u = Unsafe.As<BoundUndefined>(e);
                throw Located(Operations.Undefined(u.Name, u.IsCall), u.Pos);
            }
            case BoundKind.FString:
                return EvalFString(Unsafe.As<BoundFString>(e), fp);
            case BoundKind.VariantCtor:
            {
                var v = Unsafe.As<BoundVariantCtor>(e);
                var payload = new Value[v.Args.Length];
                for (int i = 0; i < payload.Length; i++)
                {
                    payload[i] = Eval(v.Args[i], fp).Share();
                    if (_signal != Signal.None) return default;
                }
                return Value.FromEnum(new REnum(v.Type, v.Variant, payload));
            }
            case BoundKind.StructLiteral:
                return EvalStructLiteral(Unsafe.As<BoundStructLiteral>(e), fp);
            case BoundKind.Try:
                return EvalTry(Unsafe.As<BoundTry>(e), fp);
            case BoundKind.Cast:
                return EvalCast(Unsafe.As<BoundCast>(e), fp);
            case BoundKind.Range:
            {
                var r = Unsafe.As<BoundRange>(e);
                long start = 0, end = long.MaxValue;
                if (r.Start != null)
                {
                    var s = Eval(r.Start, fp);
                    if (_signal != Signal.None) return default;
                    start = RangeBound(s, r.Pos);
                }
                if (r.End != null)
                {
                    var t = Eval(r.End, fp);
                    if (_signal != Signal.None) return default;
                    end = RangeBound(t, r.Pos);
                }
                return Value.FromRange(new RRange(start, end, r.Inclusive && r.End != null));
            }
            case BoundKind.ArrayLiteral:
            {
                var elements = Unsafe.As<BoundArrayLiteral>(e).Elements;
                var items = new Value[Math.Max(elements.Length, 4)];
                for (int i = 0; i < elements.Length; i++)
                {
                    items[i] = Eval(elements[i], fp).Share();
                    if (_signal != Signal.None) return default;
                }
                return Value.FromArray(new RArray(items, elements.Length));
            }
            case BoundKind.ArrayRepeat:
                return EvalArrayRepeat(Unsafe.As<BoundArrayRepeat>(e), fp);
            case BoundKind.TupleLiteral:
            {
                var elements = Unsafe.As<BoundTupleLiteral>(e).Elements;
                if (elements.Length == 0) return Value.Nil;
                var items = new Value[elements.Length];
                for (int i = 0; i < elements.Length; i++)
                {
                    items[i] = Eval(elements[i], fp).Share();
                    if (_signal != Signal.None) return default;
                }
                return Value.FromTuple(new RTuple(items));
            }
            case BoundKind.MapLiteral:
            {
                var m = Unsafe.As<BoundMapLiteral>(e);
                var map = new RMap();
                for (int i = 0; i < m.Keys.Length; i++)
                {
                    var v = Eval(m.Values[i], fp);
                    if (_signal != Signal.None) return default;
                    if (m.Keys[i] is { } key) map.Set(Value.FromString(key), v.Share(), out _);
                    else if (v.Kind == ValueKind.Map) Operations.Spread(map, v);
                    else throw Error(m.Values[i].Pos, $"cannot spread {v.TypeName} into an object");
                }
                return Value.FromMap(map);
            }
            case BoundKind.IfLet:
            {
                var il = Unsafe.As<BoundIfLet>(e);
                var v = Eval(il.Value, fp);
                if (_signal != Signal.None) return default;
                if (MatchPattern(il.Pattern, v, fp)) return Eval(il.Then, fp);
                return il.Else != null ? Eval(il.Else, fp) : Value.Nil;
            }
            case BoundKind.Match:
                return EvalMatch(Unsafe.As<BoundMatch>(e), fp);
            case BoundKind.WhileLet:
                return EvalWhileLet(Unsafe.As<BoundWhileLet>(e), fp);
            case BoundKind.Loop:
                return EvalLoop(Unsafe.As<BoundLoop>(e), fp);
            case BoundKind.Break:
            {
                var b = Unsafe.As<BoundBreak>(e);
                var v = b.Value != null ? Eval(b.Value, fp) : Value.Nil;
                if (_signal != Signal.None) return default;
                _signalValue = v;
                _signalLoop = b.LoopId;
                _signal = Signal.Break;
                return default;
            }
            case BoundKind.Continue:
                _signalLoop = Unsafe.As<BoundContinue>(e).LoopId;
                _signal = Signal.Continue;
                return default;
            case BoundKind.Lambda:
                return MakeClosure(Unsafe.As<BoundLambda>(e), fp);
            case BoundKind.Format:
                return EvalFormat(Unsafe.As<BoundFormat>(e), fp);
            case BoundKind.Borrow:
                return EvalBorrow(Unsafe.As<BoundBorrow>(e), fp);
            default:
                throw Error(e.Pos, $"internal error: cannot evaluate {e.Kind}");
        }
    }

    private long RangeBound(Value v, int pos)
    {
        try
        {
            return Operations.RangeBound(v);
        }
        catch (RuchyError err) when (LocateAndPass(err, pos))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value BinarySlow(BoundBinary b, Value l, Value r)
    {
        try
        {
            return Arithmetic.Binary(b.Op, l, r);
        }
        catch (RuchyError err) when (LocateAndPass(err, b.Pos))
        {
            throw;
        }
    }

    private Value EvalLogical(BoundLogical l, int fp)
    {
        var left = Eval(l.Left, fp);
        if (_signal != Signal.None) return default;
        switch (l.Op)
        {
            case BinaryOp.And:
                return left.IsTruthy ? Eval(l.Right, fp) : left;
            case BinaryOp.Or:
                return left.IsTruthy ? left : Eval(l.Right, fp);
            default:
                // ?? : nil and None fall through to the right side.
                bool missing = left.IsNil || (left.Kind == ValueKind.Enum && left.AsEnum.IsNone);
                return missing ? Eval(l.Right, fp) : left;
        }
    }

    private Value EvalUnary(BoundUnary u, int fp)
    {
        var v = Eval(u.Operand, fp);
        if (_signal != Signal.None) return default;
        try
        {
            return u.Op switch
            {
                UnaryOp.Negate => Arithmetic.Negate(v),
                UnaryOp.Not => Arithmetic.Not(v),
                UnaryOp.BitNot => Arithmetic.BitNot(v),
                UnaryOp.Plus => v.IsNumber ? v : throw Operations.UnaryPlus(v),
                _ => v,
            };
        }
        catch (RuchyError err) when (LocateAndPass(err, u.Pos))
        {
            throw;
        }
    }

    private Value EvalLet(BoundLet let, int fp)
    {
        var v = let.Init != null ? Eval(let.Init, fp) : Value.Nil;
        if (_signal != Signal.None) return default;
        if (MatchPattern(let.Pattern, v, fp)) return Value.Nil;
        if (let.Else == null) throw Located(Operations.LetMismatch(v), let.Pos);
        Eval(let.Else, fp);
        if (_signal == Signal.None) throw Located(Operations.LetElseFellThrough(), let.Pos);
        return default;
    }

    // ---------------------------------------------------------------- loops

    /// <summary>After a loop body: true to keep looping; false to leave (the signal, if any, is left for outer nodes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ContinueLoop(int loopId, ref Value breakValue, out bool exit)
    {
        exit = false;
        if (_signal == Signal.None)
        {
            if (_interrupt.Raised) ExecutionInterrupted.Throw();
            return true;
        }
        if (_signalLoop == loopId)
        {
            if (_signal == Signal.Continue)
            {
                _signal = Signal.None;
                return true;
            }
            if (_signal == Signal.Break)
            {
                breakValue = _signalValue;
                _signalValue = default;
                _signal = Signal.None;
                exit = true;
                return false;
            }
        }
        exit = true;
        return false;
    }

    private Value EvalWhile(BoundWhile w, int fp)
    {
        Value result = Value.Nil;
        while (true)
        {
            var c = Eval(w.Condition, fp);
            if (_signal != Signal.None) return default;
            if (!c.IsTruthy) return Value.Nil;
            Eval(w.Body, fp);
            if (!ContinueLoop(w.LoopId, ref result, out _)) return result;
        }
    }

    private Value EvalLoop(BoundLoop l, int fp)
    {
        Value result = Value.Nil;
        while (true)
        {
            Eval(l.Body, fp);
            if (!ContinueLoop(l.LoopId, ref result, out _)) return result;
        }
    }

    private Value EvalWhileLet(BoundWhileLet w, int fp)
    {
        Value result = Value.Nil;
        while (true)
        {
            var v = Eval(w.Value, fp);
            if (_signal != Signal.None) return default;
            if (!MatchPattern(w.Pattern, v, fp)) return Value.Nil;
            Eval(w.Body, fp);
            if (!ContinueLoop(w.LoopId, ref result, out _)) return result;
        }
    }

    private Value EvalFor(BoundFor f, int fp)
    {
        var iterable = Eval(f.Iterable, fp);
        if (_signal != Signal.None) return default;
        Value result = Value.Nil;
        // Fast path: `for i in a..b` binding a plain local.
        if (iterable.Kind == ValueKind.Range && f.Pattern is BoundBindPattern { Subpattern: null, Target.Kind: BoundKind.Local } bp)
        {
            var r = iterable.AsRange;
            int slot = fp + bp.Target.Index;
            long end = r.End;
            if (r.Inclusive)
            {
                if (r.Start > end) return Value.Nil;
                for (long i = r.Start; ; i++)
                {
                    _stack[slot] = Value.FromInt(i);
                    Eval(f.Body, fp);
                    if (!ContinueLoop(f.LoopId, ref result, out _)) return result;
                    if (i == end) break;
                }
                return Value.Nil;
            }
            for (long i = r.Start; i < end; i++)
            {
                _stack[slot] = Value.FromInt(i);
                Eval(f.Body, fp);
                if (!ContinueLoop(f.LoopId, ref result, out _)) return result;
            }
            return Value.Nil;
        }
        switch (iterable.Kind)
        {
            case ValueKind.Range:
            {
                var r = iterable.AsRange;
                long n = r.Count;
                for (long k = 0; k < n; k++)
                {
                    BindLoopVariable(f, Value.FromInt(r.Start + k), fp);
                    Eval(f.Body, fp);
                    if (!ContinueLoop(f.LoopId, ref result, out _)) return result;
                }
                return Value.Nil;
            }
            case ValueKind.Array:
            {
                // The loop holds the array: mark it shared so a body that mutates the variable copies first.
                var arr = iterable.AsArray;
                arr.Shared = true;
                for (int i = 0; i < arr.Count; i++)
                {
                    BindLoopVariable(f, arr[i].Share(), fp);
                    Eval(f.Body, fp);
                    if (!ContinueLoop(f.LoopId, ref result, out _)) return result;
                }
                return Value.Nil;
            }
            case ValueKind.Str:
            case ValueKind.Map:
            case ValueKind.Tuple:
            {
                var items = Sequences.Elements(iterable, "for").ToArray();
                foreach (var item in items)
                {
                    BindLoopVariable(f, item, fp);
                    Eval(f.Body, fp);
                    if (!ContinueLoop(f.LoopId, ref result, out _)) return result;
                }
                return Value.Nil;
            }
            case ValueKind.Enum when iterable.AsEnum.IsSome || iterable.AsEnum.IsNone:
                if (iterable.AsEnum.IsSome)
                {
                    BindLoopVariable(f, iterable.AsEnum.Payload[0], fp);
                    Eval(f.Body, fp);
                    ContinueLoop(f.LoopId, ref result, out _);
                }
                return Value.Nil;
            default:
                throw Located(Operations.CannotIterate(iterable), f.Iterable.Pos);
        }
    }

    private void BindLoopVariable(BoundFor f, Value item, int fp)
    {
        if (!MatchPattern(f.Pattern, item, fp))
            throw Located(Operations.LoopItemMismatch(item), f.Pattern.Pos);
    }

    private Value EvalMatch(BoundMatch m, int fp)
    {
        var v = Eval(m.Scrutinee, fp);
        if (_signal != Signal.None) return default;
        var arms = m.Arms;
        for (int i = 0; i < arms.Length; i++)
        {
            var arm = arms[i];
            if (!MatchPattern(arm.Pattern, v, fp)) continue;
            if (arm.Guard != null)
            {
                var g = Eval(arm.Guard, fp);
                if (_signal != Signal.None) return default;
                if (!g.IsTruthy) continue;
            }
            return Eval(arm.Body, fp);
        }
        throw Located(Operations.NoMatch(v), m.Pos);
    }

    // ---------------------------------------------------------------- values

    private Value EvalArrayRepeat(BoundArrayRepeat r, int fp)
    {
        var element = Eval(r.Element, fp);
        if (_signal != Signal.None) return default;
        var count = Eval(r.Count, fp);
        if (_signal != Signal.None) return default;
        try
        {
            return Operations.ArrayRepeat(element, count);
        }
        catch (RuchyError err) when (LocateAndPass(err, r.Count.Pos))
        {
            throw;
        }
    }

    private Value EvalStructLiteral(BoundStructLiteral s, int fp)
    {
        var fields = new Value[s.Fields.Length];
        RStruct? baseStruct = null;
        if (s.Base != null)
        {
            var b = Eval(s.Base, fp);
            if (_signal != Signal.None) return default;
            try
            {
                baseStruct = Operations.CheckStructBase(b, s.Type);
            }
            catch (RuchyError err) when (LocateAndPass(err, s.Base.Pos))
            {
                throw;
            }
        }
        for (int i = 0; i < fields.Length; i++)
        {
            var fe = s.Fields[i];
            if (fe == null)
            {
                fields[i] = baseStruct!.Fields[i].Share();
                continue;
            }
            fields[i] = Eval(fe, fp).Share();
            if (_signal != Signal.None) return default;
        }
        return Value.FromStruct(new RStruct(s.Type, fields));
    }

    private Value EvalTry(BoundTry t, int fp)
    {
        var v = Eval(t.Operand, fp);
        if (_signal != Signal.None) return default;
        if (Operations.TryUnwrap(v, out var result)) return result;
        _signalValue = result;
        _signal = Signal.Return;
        return default;
    }

    private Value EvalCast(BoundCast c, int fp)
    {
        var v = Eval(c.Operand, fp);
        if (_signal != Signal.None) return default;
        try
        {
            return Operations.Cast(v, c.CastKind);
        }
        catch (RuchyError err) when (LocateAndPass(err, c.Pos))
        {
            throw;
        }
    }

    private Value EvalField(BoundField f, int fp)
    {
        var target = Eval(f.Target, fp);
        if (_signal != Signal.None) return default;
        try
        {
            if (target.Kind == ValueKind.Struct)
            {
                var s = target.AsStruct;
                if (ReferenceEquals(f.CachedType, s.Type)) return s.Fields[f.CachedIndex];
                int index = Operations.StructFieldIndex(s, f.Name);
                f.CachedType = s.Type;
                f.CachedIndex = index;
                return s.Fields[index];
            }
            return Operations.OtherField(target, f.Name, f.TupleIndex);
        }
        catch (RuchyError err) when (LocateAndPass(err, f.Pos))
        {
            throw;
        }
    }

    private Value EvalIndex(BoundIndex ix, int fp)
    {
        var target = Eval(ix.Target, fp);
        if (_signal != Signal.None) return default;
        var index = Eval(ix.IndexExpr, fp);
        if (_signal != Signal.None) return default;
        if (target.Kind == ValueKind.Array && index.Kind == ValueKind.Int)
        {
            var arr = target.AsArray;
            long i = index.AsInt;
            if ((ulong)i < (ulong)arr.Count) return arr[(int)i];
        }
        return IndexSlow(ix, target, index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value IndexSlow(BoundIndex ix, Value target, Value index)
    {
        try
        {
            return Operations.Index(target, index);
        }
        catch (RuchyError err) when (LocateAndPass(err, ix.Pos))
        {
            throw;
        }
    }

    private Value EvalFString(BoundFString f, int fp)
    {
        var sb = new StringBuilder();
        foreach (var part in f.Parts)
        {
            if (part.Expr == null)
            {
                sb.Append(part.Text);
                continue;
            }
            var v = Eval(part.Expr, fp);
            if (_signal != Signal.None) return default;
            try
            {
                sb.Append(Operations.Interpolate(v, part.Spec));
            }
            catch (RuchyError err) when (LocateAndPass(err, part.Expr.Pos))
            {
                throw;
            }
        }
        return Value.FromString(sb.ToString());
    }
}
