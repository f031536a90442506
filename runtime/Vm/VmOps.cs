using Ruchy.Bytecode;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>The value-level work of the structured instructions both VMs share; the VMs only move operands.</summary>
internal static class VmOps
{
    public static Value NewArray(ReadOnlySpan<Value> items)
    {
        var copy = new Value[Math.Max(items.Length, 4)];
        for (int i = 0; i < items.Length; i++) copy[i] = items[i].Share();
        return Value.FromArray(new RArray(copy, items.Length));
    }

    public static Value NewTuple(ReadOnlySpan<Value> items)
    {
        if (items.Length == 0) return Value.Nil;
        var copy = new Value[items.Length];
        for (int i = 0; i < items.Length; i++) copy[i] = items[i].Share();
        return Value.FromTuple(new RTuple(copy));
    }

    /// <summary>An object literal; a bad spread is reported at the position of its value.</summary>
    public static Value NewMap(MapLiteralSite site, ReadOnlySpan<Value> values, out int badSpreadPos)
    {
        badSpreadPos = -1;
        var map = new RMap();
        for (int i = 0; i < site.Keys.Length; i++)
        {
            var v = values[i];
            if (site.Keys[i] is { } key) map.Set(Value.FromString(key), v.Share(), out _);
            else if (v.Kind == ValueKind.Map) Execution.Operations.Spread(map, v);
            else
            {
                badSpreadPos = site.ValuePositions[i];
                throw new RuchyError($"cannot spread {v.TypeName} into an object");
            }
        }
        return Value.FromMap(map);
    }

    /// <summary>A struct literal from its pushed values (base first when there is one).</summary>
    public static Value NewStruct(StructSite site, ReadOnlySpan<Value> values)
    {
        var fields = new Value[site.FieldRegisterOffsets.Length];
        RStruct? baseStruct = site.HasBase ? values[site.BaseOffset].AsStruct : null;
        for (int i = 0; i < fields.Length; i++)
        {
            int off = site.FieldRegisterOffsets[i];
            fields[i] = off >= 0 ? values[off].Share() : baseStruct!.Fields[i].Share();
        }
        return Value.FromStruct(new RStruct(site.Type, fields));
    }

    public static Value NewVariant(VariantSite site, ReadOnlySpan<Value> payload)
    {
        var copy = new Value[site.PayloadCount];
        for (int i = 0; i < copy.Length; i++) copy[i] = payload[i].Share();
        return Value.FromEnum(new REnum(site.Type, site.Variant, copy));
    }

    public static Value NewRange(RangeSite site, Value start, Value end)
    {
        var (first, last, inclusive) = RangeBounds(site, start, end);
        return Value.FromRange(new RRange(first, last, inclusive));
    }

    /// <summary>The checked bounds of range <paramref name="site"/> (a missing start is 0, a missing end unbounded).</summary>
    private static (long First, long Last, bool Inclusive) RangeBounds(RangeSite site, Value start, Value end) => (
        site.HasStart ? Execution.Operations.RangeBound(start) : 0,
        site.HasEnd ? Execution.Operations.RangeBound(end) : long.MaxValue,
        site.Inclusive && site.HasEnd);

    /// <summary>
    /// A range loop's state without the range object: the first item and how many items follow
    /// (the same bounds checks and count as <see cref="NewRange"/> and the range iterator).
    /// </summary>
    public static (Value Next, Value Remaining) RangeLoopStart(RangeSite site, Value start, Value end)
    {
        var (first, last, inclusive) = RangeBounds(site, start, end);
        return (Value.FromInt(first), Value.FromInt(RRange.CountOf(first, last, inclusive)));
    }

    /// <summary>One ForLoop step: the next item of a range loop, or false when none is left (both counters are ints, set by ForPrep).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool RangeLoopStep(ref Value counter, ref Value remaining, out long item)
    {
        long left = remaining.AsInt;
        if (left <= 0)
        {
            item = 0;
            return false;
        }
        remaining = Value.FromInt(left - 1);
        item = counter.AsInt;
        counter = Value.FromInt(item + 1);
        return true;
    }

    /// <summary>An f-string; an error formatting a part is reported at that part's expression.</summary>
    public static Value FString(FStringSite site, ReadOnlySpan<Value> values, out int failedPos)
    {
        failedPos = -1;
        // Built in a pooled buffer: the only allocations are the result and each value's text.
        var text = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0, System.Globalization.CultureInfo.InvariantCulture);
        var literals = site.Literals;
        for (int i = 0; i < values.Length; i++)
        {
            text.AppendLiteral(literals[i]);
            failedPos = site.ValuePositions[i];
            text.AppendLiteral(Execution.Operations.Interpolate(values[i], site.Specs[i]));
        }
        text.AppendLiteral(literals[values.Length]);
        failedPos = -1;
        return Value.FromString(text.ToStringAndClear());
    }

    /// <summary>Field <paramref name="site"/> of any value (struct fields through the site's cache); the slow path of both VMs and the JIT.</summary>
    public static Value ReadField(Value target, FieldSite site)
    {
        if (target.Kind == ValueKind.Struct)
        {
            var s = target.AsStruct;
            return s.Fields[FieldIndex(s, site)];
        }
        return Execution.Operations.OtherField(target, site.Name, site.TupleIndex);
    }

    public static int FieldIndex(RStruct s, FieldSite site)
    {
        if (ReferenceEquals(site.CachedType, s.Type)) return site.CachedIndex;
        int i = Execution.Operations.StructFieldIndex(s, site.Name);
        site.CachedType = s.Type;
        site.CachedIndex = i;
        return i;
    }

    /// <summary>Field <paramref name="site"/> of a unique container, made unique in place.</summary>
    public static Value UniqueField(Value parent, FieldSite site)
    {
        switch (parent.Reference)
        {
            case RStruct s:
            {
                int i = FieldIndex(s, site);
                CowObject.Unshare(ref s.Fields[i]);
                return s.Fields[i];
            }
            case RMap m:
            {
                var key = Value.FromString(site.Name);
                if (!m.TryGet(key, out var cur)) throw Execution.Operations.NoObjectField(site.Name);
                CowObject.Unshare(ref cur);
                m.Set(key, cur, out _);
                return cur;
            }
            default:
                throw Execution.Operations.FieldWriteError(parent, site.Name);
        }
    }

    /// <summary>Element <paramref name="index"/> of a unique container, made unique in place.</summary>
    public static Value UniqueIndex(Value parent, Value index)
    {
        switch (parent.Reference)
        {
            case RArray arr:
            {
                int i = Execution.Operations.WriteIndex(arr, index);
                CowObject.Unshare(ref arr.ItemRef(i));
                return arr[i];
            }
            case RMap m:
            {
                if (!m.TryGet(index, out var cur)) throw Execution.Operations.KeyNotFound(index);
                CowObject.Unshare(ref cur);
                m.Set(index, cur, out _);
                return cur;
            }
            default:
                throw Execution.Operations.IndexAssignTarget(parent.Reference is CowObject);
        }
    }

    public static void SetField(Value parent, FieldSite site, Value value)
    {
        switch (parent.Reference)
        {
            case RStruct s:
                s.Fields[FieldIndex(s, site)] = value;
                return;
            case RMap m:
                m.Set(Value.FromString(site.Name), value, out _);
                return;
            default:
                throw Execution.Operations.FieldWriteError(parent, site.Name);
        }
    }

    public static void SetIndex(Value container, Value index, Value value)
    {
        switch (container.Reference)
        {
            case RArray arr:
                arr[Execution.Operations.WriteIndex(arr, index)] = value.Share();
                return;
            case RMap m:
                m.Set(index.Share(), value.Share(), out _);
                return;
            default:
                throw Execution.Operations.IndexStoreTarget();
        }
    }

    /// <summary>Whether a tuple/array has the length a sequence pattern requires (nil matches an empty tuple pattern).</summary>
    public static bool MatchesShape(SequenceSite site, Value v)
    {
        if (v.Kind is ValueKind.Tuple or ValueKind.Array)
        {
            int len = v.Kind == ValueKind.Tuple ? v.AsTuple.Items.Length : v.AsArray.Count;
            return site.HasRest ? len >= site.Count : len == site.Count;
        }
        return v.IsNil && site.Count == 0 && !site.HasRest && site.Kind == Semantics.PatternKind.Tuple;
    }

    private static ReadOnlySpan<Value> Items(Value v) => v.Kind == ValueKind.Tuple ? v.AsTuple.Items : v.AsArray.AsSpan();

    public static Value GetItem(Value v, int index)
    {
        var items = Items(v);
        return items[index >= 0 ? index : items.Length + index];
    }

    public static Value SliceRest(RestSite site, Value v)
    {
        var items = Items(v);
        return Value.FromArray(RArray.CopyOf(items[site.Front..(items.Length - site.Back)]));
    }

    public static RuchyError PatternError(PatternErrorSite site, Value v, string function) => site.Kind switch
    {
        PatternErrorKind.NoMatch => Execution.Operations.NoMatch(v),
        PatternErrorKind.LetMismatch => Execution.Operations.LetMismatch(v),
        PatternErrorKind.LetElseFellThrough => Execution.Operations.LetElseFellThrough(),
        PatternErrorKind.LoopItem => Execution.Operations.LoopItemMismatch(v),
        _ => Execution.Operations.ParamPatternMismatch(function),
    };
}
