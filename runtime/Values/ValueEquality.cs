using System.Runtime.CompilerServices;

namespace Ruchy.Values;

/// <summary>Structural equality, hashing and ordering of values (used by ==, maps, sort, min/max).</summary>
internal static class ValueEquality
{
    public static bool AreEqual(Value a, Value b)
    {
        if (a.Kind != b.Kind)
        {
            if (a.IsNumber && b.IsNumber) return a.AsNumber == b.AsNumber;
            return false;
        }
        switch (a.Kind)
        {
            case ValueKind.Nil: return true;
            case ValueKind.Bool:
            case ValueKind.Int: return a.AsInt == b.AsInt;
            case ValueKind.Float: return a.AsFloat == b.AsFloat;
            case ValueKind.Str: return string.Equals(a.AsString, b.AsString, StringComparison.Ordinal);
            case ValueKind.Array:
            {
                var x = a.AsArray;
                var y = b.AsArray;
                return ReferenceEquals(x, y) || SequenceEqual(x.AsSpan(), y.AsSpan());
            }
            case ValueKind.Tuple: return SequenceEqual(a.AsTuple.Items, b.AsTuple.Items);
            case ValueKind.Struct:
            {
                var x = a.AsStruct;
                var y = b.AsStruct;
                return ReferenceEquals(x, y) || (ReferenceEquals(x.Type, y.Type) && SequenceEqual(x.Fields, y.Fields));
            }
            case ValueKind.Enum:
            {
                var x = a.AsEnum;
                var y = b.AsEnum;
                return ReferenceEquals(x, y) || (ReferenceEquals(x.Type, y.Type) && x.Variant == y.Variant && SequenceEqual(x.Payload, y.Payload));
            }
            case ValueKind.Map:
            {
                var x = a.AsMap;
                var y = b.AsMap;
                if (ReferenceEquals(x, y)) return true;
                if (x.Count != y.Count) return false;
                foreach (var kv in x.Entries)
                    if (!y.TryGet(kv.Key, out var other) || !AreEqual(kv.Value, other)) return false;
                return true;
            }
            case ValueKind.Range:
            {
                var x = a.AsRange;
                var y = b.AsRange;
                return x.Start == y.Start && x.End == y.End && x.Inclusive == y.Inclusive;
            }
            default:
                return ReferenceEquals(a.Reference, b.Reference);
        }
    }

    private static bool SequenceEqual(ReadOnlySpan<Value> x, ReadOnlySpan<Value> y)
    {
        if (x.Length != y.Length) return false;
        // Very deep structures (a million-link list) must fail cleanly, not overflow the host stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        for (int i = 0; i < x.Length; i++)
            if (!AreEqual(x[i], y[i])) return false;
        return true;
    }

    public static int Hash(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Nil: return 0;
            case ValueKind.Bool: return v.AsBool ? 1 : 2;
            case ValueKind.Int: return v.AsInt.GetHashCode();
            case ValueKind.Float:
            {
                double d = v.AsFloat;
                // Equal ints and floats must hash alike (1 == 1.0).
                if (d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue) return ((long)d).GetHashCode();
                return d.GetHashCode();
            }
            case ValueKind.Str: return string.GetHashCode(v.AsString, StringComparison.Ordinal);
            case ValueKind.Array: return HashSequence(v.AsArray.AsSpan(), 3);
            case ValueKind.Tuple: return HashSequence(v.AsTuple.Items, 5);
            case ValueKind.Struct: return HashSequence(v.AsStruct.Fields, v.AsStruct.Type.Name.GetHashCode());
            case ValueKind.Enum: return HashSequence(v.AsEnum.Payload, v.AsEnum.Variant * 31 + v.AsEnum.Type.Name.GetHashCode());
            case ValueKind.Range: return HashCode.Combine(v.AsRange.Start, v.AsRange.End, v.AsRange.Inclusive);
            case ValueKind.Map: return v.AsMap.Count;
            default: return v.Reference?.GetHashCode() ?? 0;
        }
    }

    private static int HashSequence(ReadOnlySpan<Value> items, int seed)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var h = new HashCode();
        h.Add(seed);
        foreach (var x in items) h.Add(Hash(x));
        return h.ToHashCode();
    }

    /// <summary>Total order used by sort/min/max: numbers, strings, bools, and sequences lexicographically.</summary>
    public static bool TryCompare(Value a, Value b, out int result)
    {
        result = 0;
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            result = a.AsInt.CompareTo(b.AsInt);
            return true;
        }
        if (a.IsNumber && b.IsNumber)
        {
            double x = a.AsNumber, y = b.AsNumber;
            result = x < y ? -1 : x > y ? 1 : x == y ? 0 : double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : -1;
            return true;
        }
        if (a.Kind != b.Kind) return false;
        switch (a.Kind)
        {
            case ValueKind.Str:
                result = Math.Sign(string.CompareOrdinal(a.AsString, b.AsString));
                return true;
            case ValueKind.Bool:
                result = a.AsBool.CompareTo(b.AsBool);
                return true;
            case ValueKind.Nil:
                return true;
            case ValueKind.Array:
                return CompareSequences(a.AsArray.AsSpan(), b.AsArray.AsSpan(), out result);
            case ValueKind.Tuple:
                return CompareSequences(a.AsTuple.Items, b.AsTuple.Items, out result);
            case ValueKind.Enum when ReferenceEquals(a.AsEnum.Type, b.AsEnum.Type):
                if (a.AsEnum.Variant != b.AsEnum.Variant)
                {
                    result = a.AsEnum.Variant.CompareTo(b.AsEnum.Variant);
                    return true;
                }
                return CompareSequences(a.AsEnum.Payload, b.AsEnum.Payload, out result);
            case ValueKind.Struct when ReferenceEquals(a.AsStruct.Type, b.AsStruct.Type):
                return CompareSequences(a.AsStruct.Fields, b.AsStruct.Fields, out result);
            default:
                return false;
        }
    }

    private static bool CompareSequences(ReadOnlySpan<Value> x, ReadOnlySpan<Value> y, out int result)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            if (!TryCompare(x[i], y[i], out result)) return false;
            if (result != 0) return true;
        }
        result = x.Length.CompareTo(y.Length);
        return true;
    }
}
