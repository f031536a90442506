using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// Built-in methods on values, dispatched by receiver kind and <see cref="MethodId"/>. Mutating
/// methods (<see cref="IsMutating"/>) expect the tier to pass a receiver it may change in place
/// (unshared); string "mutators" like push_str return the new string for the tier to store back.
/// </summary>
public static class Methods
{
    public static bool IsMutating(MethodId id) => id switch
    {
        MethodId.Push or MethodId.Pop or MethodId.Insert or MethodId.Remove or MethodId.Clear
            or MethodId.Sort or MethodId.SortBy or MethodId.SortByKey or MethodId.SortUnstable
            or MethodId.Reverse or MethodId.Dedup or MethodId.Truncate or MethodId.Swap
            or MethodId.Extend or MethodId.ExtendFromSlice or MethodId.Append or MethodId.Retain
            or MethodId.Drain or MethodId.PushStr or MethodId.Entry or MethodId.OrInsert
            or MethodId.GetMut or MethodId.LastMut or MethodId.FirstMut => true,
        _ => false,
    };

    /// <summary>Methods that change the receiver only when called as a statement (Rust); used as a value they work on a copy (ruchy).</summary>
    public static bool IsInPlaceOnlyAsStatement(MethodId id) => id is MethodId.Sort or MethodId.SortBy or MethodId.SortByKey
        or MethodId.SortUnstable or MethodId.Reverse or MethodId.Dedup;

    /// <summary>String methods whose result replaces the receiver variable (strings are immutable).</summary>
    public static bool IsStringUpdate(MethodId id) => id is MethodId.PushStr or MethodId.Push or MethodId.Clear or MethodId.Insert or MethodId.Truncate or MethodId.Pop;

    public static Value Invoke(IRuntimeHost host, Value receiver, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (receiver.Kind)
        {
            case ValueKind.Str:
                return StringMethods.Invoke(host, receiver.AsString, id, name, args);
            case ValueKind.Array:
                return ArrayMethods.Invoke(host, receiver.AsArray, id, name, args);
            case ValueKind.Map:
                return MapMethods.Invoke(host, receiver.AsMap, id, name, args);
            case ValueKind.Int:
            case ValueKind.Float:
                return NumberMethods.Invoke(receiver, id, name, args);
            case ValueKind.Range:
                return RangeMethods(host, receiver.AsRange, id, name, args);
            case ValueKind.Tuple:
                return TupleMethods(host, receiver.AsTuple, id, name, args);
            case ValueKind.Enum:
                if (OptionMethods.TryInvoke(host, receiver, id, args, out var r)) return r;
                break;
            case ValueKind.Function:
            case ValueKind.Native:
                if (name == "call") return host.Call(receiver, args);
                break;
        }
        return Common(host, receiver, id, name, args);
    }

    /// <summary>Methods every value has (clone, to_string, the Rust no-op shims, unwrap on plain values).</summary>
    private static Value Common(IRuntimeHost host, Value receiver, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (id)
        {
            case MethodId.ToString:
                return Value.FromString(ValueFormatter.Display(receiver));
            case MethodId.Clone:
            case MethodId.ToOwned:
            case MethodId.AsRef:
            case MethodId.Borrow:
            case MethodId.BorrowMut:
            case MethodId.Iter:
            case MethodId.IntoIter:
            case MethodId.IterMut:
            case MethodId.Copied:
            case MethodId.Cloned:
                return receiver;
        }
        // Plain values stand in for Some(value) and nil for None (ruchy's first/last/pop/get).
        if (OptionMethods.TryInvoke(host, receiver, id, args, out var r)) return r;
        throw UnknownMethod(receiver, name);
    }

    public static RuchyError UnknownMethod(Value receiver, string name) =>
        new($"Unknown method '{name}' on {receiver.TypeName}");

    public static void CheckArgs(ReadOnlySpan<Value> args, int count, string name)
    {
        if (args.Length != count)
            throw new RuchyError($"Method '{name}' expects {count} argument{(count == 1 ? "" : "s")}, got {args.Length}");
    }

    private static Value RangeMethods(IRuntimeHost host, RRange r, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (id)
        {
            case MethodId.Contains:
            {
                CheckArgs(args, 1, name);
                if (!args[0].IsNumber) return Value.False;
                double x = args[0].AsNumber;
                return Value.FromBool(x >= r.Start && (r.Inclusive ? x <= r.End : x < r.End));
            }
            case MethodId.Len:
            case MethodId.Count:
                return Value.FromInt(r.Count);
            case MethodId.IsEmpty:
                return Value.FromBool(r.Count == 0);
            case MethodId.StepBy:
            {
                CheckArgs(args, 1, name);
                long step = BuiltinCalls.Int(args[0], "step_by");
                if (step <= 0) throw new RuchyError("step_by() needs a positive step");
                var arr = new RArray();
                long hi = r.Inclusive ? r.End : r.End - 1;
                for (long i = r.Start; i <= hi; i += step)
                {
                    arr.Add(Value.FromInt(i));
                    if (i > long.MaxValue - step) break;
                }
                return Value.FromArray(arr);
            }
        }
        // Everything else works on the materialised array.
        var items = Sequences.RangeToArray(r);
        return ArrayMethods.Invoke(host, items, id, name, args, Value.FromRange(r));
    }

    private static Value TupleMethods(IRuntimeHost host, RTuple t, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (id)
        {
            case MethodId.Len:
                return Value.FromInt(t.Items.Length);
            case MethodId.Clone:
            case MethodId.ToOwned:
                return Value.FromTuple(t);
            case MethodId.ToString:
                return Value.FromString(ValueFormatter.Display(Value.FromTuple(t)));
        }
        throw UnknownMethod(Value.FromTuple(t), name);
    }
}
