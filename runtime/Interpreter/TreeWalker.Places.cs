using System.Runtime.CompilerServices;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

// Assignment and in-place mutation. Aggregates have value semantics by copy-on-write: a place
// (variable, field, element) may be mutated in place only if its object is unshared; otherwise the
// place first gets its own copy. GetMutableContainer walks a place path doing exactly that.
internal sealed partial class TreeWalker
{
    /// <summary>A reference to a variable's storage (local slot, captured cell, upvalue or global).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Value VariableRef(BoundVariable v, int fp)
    {
        switch (v.Kind)
        {
            case BoundKind.Local: return ref _stack[fp + v.Index];
            case BoundKind.Cell: return ref _stack[fp + v.Index].AsCell.Value;
            case BoundKind.Upvalue: return ref _upvalues[v.Index].Value;
            default: return ref _globals[v.Index];
        }
    }

    /// <summary>Stores a pattern binding: a fresh cell for captured variables (one per binding, so closures made in a loop differ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BindVariable(BoundVariable v, Value value, int fp)
    {
        switch (v.Kind)
        {
            case BoundKind.Local: _stack[fp + v.Index] = value; break;
            case BoundKind.Cell: _stack[fp + v.Index] = Value.FromCell(new Cell(value)); break;
            case BoundKind.Upvalue: _upvalues[v.Index].Value = value; break;
            default: _globals[v.Index] = value; break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CowObject? Unshare(ref Value slot) => CowObject.Unshare(ref slot);

    /// <summary>
    /// The aggregate stored at <paramref name="place"/>, made safe to mutate in place. For a
    /// non-place expression (a temporary) returns a private copy. Null if the place holds no aggregate.
    /// </summary>
    private CowObject? GetMutableContainer(BoundExpr place, int fp)
    {
        switch (place)
        {
            case BoundVariable v:
                return Unshare(ref VariableRef(v, fp));
            case BoundField f:
            {
                var parent = GetMutableContainer(f.Target, fp);
                if (parent is RStruct s)
                {
                    int i = FieldIndex(f, s);
                    return Unshare(ref s.Fields[i]);
                }
                if (parent is RMap m)
                {
                    var key = Value.FromString(f.Name);
                    if (!m.TryGet(key, out var cur)) throw Located(Operations.NoObjectField(f.Name), f.Pos);
                    var obj = Unshare(ref cur);
                    m.Set(key, cur, out _);
                    return obj;
                }
                throw FieldWriteError(f, fp);
            }
            case BoundIndex ix:
            {
                var parent = GetMutableContainer(ix.Target, fp);
                var index = Eval(ix.IndexExpr, fp);
                if (parent is RArray arr)
                {
                    int i = ArrayIndex(arr, index, ix.Pos);
                    return Unshare(ref arr.ItemRef(i));
                }
                if (parent is RMap m)
                {
                    if (!m.TryGet(index, out var cur)) throw Located(Operations.KeyNotFound(index), ix.Pos);
                    var obj = Unshare(ref cur);
                    m.Set(index, cur, out _);
                    return obj;
                }
                throw Located(Operations.IndexAssignTarget(parent != null), ix.Pos);
            }
            default:
            {
                var v = Eval(place, fp);
                return v.Reference is CowObject cow ? cow.CloneShallow() : null;
            }
        }
    }

    /// <summary>Assigning or mutating through a field of something that is not a struct or object.</summary>
    private RuchyError FieldWriteError(BoundField f, int fp)
    {
        var tv = Eval(f.Target, fp);
        return Located(Operations.FieldWriteError(tv, f.Name), f.Pos);
    }

    private int FieldIndex(BoundField f, RStruct s)
    {
        if (ReferenceEquals(f.CachedType, s.Type)) return f.CachedIndex;
        int i;
        try
        {
            i = Operations.StructFieldIndex(s, f.Name);
        }
        catch (RuchyError err) when (LocateAndPass(err, f.Pos))
        {
            throw;
        }
        f.CachedType = s.Type;
        f.CachedIndex = i;
        return i;
    }

    private int ArrayIndex(RArray arr, Value index, int pos)
    {
        try
        {
            return Operations.WriteIndex(arr, index);
        }
        catch (RuchyError err) when (LocateAndPass(err, pos))
        {
            throw;
        }
    }

    /// <summary>Writes <paramref name="value"/> into a place (the value is already marked shared by the caller when needed).</summary>
    private void StoreToPlace(BoundExpr place, Value value, int fp)
    {
        switch (place)
        {
            case BoundVariable v:
                VariableRef(v, fp) = value;
                return;
            case BoundField f:
            {
                var parent = GetMutableContainer(f.Target, fp);
                if (parent is RStruct s)
                {
                    s.Fields[FieldIndex(f, s)] = value;
                    return;
                }
                if (parent is RMap m)
                {
                    m.Set(Value.FromString(f.Name), value, out _);
                    return;
                }
                throw FieldWriteError(f, fp);
            }
            case BoundIndex ix:
            {
                var parent = GetMutableContainer(ix.Target, fp);
                var index = Eval(ix.IndexExpr, fp);
                if (parent is RArray arr)
                {
                    arr[ArrayIndex(arr, index, ix.Pos)] = value;
                    return;
                }
                if (parent is RMap m)
                {
                    m.Set(index.Share(), value, out _);
                    return;
                }
                throw Located(Operations.IndexStoreTarget(), ix.Pos);
            }
            case BoundTupleLiteral t:
            {
                if (value.Kind != ValueKind.Tuple || value.AsTuple.Items.Length != t.Elements.Length)
                    throw Located(Operations.CannotDestructure(value, t.Elements.Length), t.Pos);
                var items = value.AsTuple.Items;
                for (int i = 0; i < items.Length; i++) StoreToPlace(t.Elements[i], items[i].Share(), fp);
                return;
            }
            case BoundUndefined u:
                throw Error(u.Pos, $"Undefined variable: {u.Name}");
            default:
                throw Error(place.Pos, "invalid assignment target");
        }
    }

    /// <summary>Reads a place's current value (for compound assignment).</summary>
    private Value ReadPlace(BoundExpr place, int fp) => place is BoundVariable v ? VariableRef(v, fp) : Eval(place, fp);

    private Value EvalAssign(BoundAssign a, int fp)
    {
        var value = Eval(a.Value, fp);
        if (_signal != Signal.None) return default;
        switch (a.Target.Kind)
        {
            case BoundKind.Local:
                _stack[fp + Unsafe.As<BoundVariable>(a.Target).Index] = value.Share();
                return Value.Nil;
            case BoundKind.Global:
                _globals[Unsafe.As<BoundVariable>(a.Target).Index] = value.Share();
                return Value.Nil;
        }
        StoreToPlace(a.Target, value.Share(), fp);
        return Value.Nil;
    }

    private Value EvalCompoundAssign(BoundCompoundAssign a, int fp)
    {
        var rhs = Eval(a.Value, fp);
        if (_signal != Signal.None) return default;
        if (a.Target is BoundVariable v)
        {
            ref var slot = ref VariableRef(v, fp);
            var cur = slot;
            if (cur.Kind == ValueKind.Int && rhs.Kind == ValueKind.Int && a.Op == BinaryOp.Add)
            {
                long x = cur.AsInt, y = rhs.AsInt, s = x + y;
                if (((x ^ s) & (y ^ s)) < 0) throw Error(a.Pos, "Integer overflow in addition");
                slot = Value.FromInt(s);
                return Value.Nil;
            }
            var result = Combine(a.Op, cur, rhs, a.Pos);
            VariableRef(v, fp) = result.Share();
            return Value.Nil;
        }
        var current = ReadPlace(a.Target, fp);
        StoreToPlace(a.Target, Combine(a.Op, current, rhs, a.Pos).Share(), fp);
        return Value.Nil;
    }

    private Value Combine(BinaryOp op, Value a, Value b, int pos)
    {
        try
        {
            return Arithmetic.Binary(op, a, b);
        }
        catch (RuchyError e) when (LocateAndPass(e, pos))
        {
            throw;
        }
    }

    private Value EvalIncDec(BoundIncDec d, int fp)
    {
        var old = ReadPlace(d.Target, fp);
        var updated = Combine(d.Increment ? BinaryOp.Add : BinaryOp.Sub, old, Value.FromInt(1), d.Pos);
        StoreToPlace(d.Target, updated, fp);
        return d.Prefix ? updated : old;
    }
}
