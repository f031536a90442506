using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>Helpers for treating arrays, ranges, tuples, strings and maps as sequences of values.</summary>
internal static class Sequences
{
    public const long MaxRangeMaterialize = RArray.MaxLength;

    public static RArray RangeToArray(RRange r)
    {
        long n = r.Count;
        if (n > MaxRangeMaterialize) throw new RuchyError($"range {r.Start}..{r.End} is too large to make into an array");
        var items = new Value[Math.Max(n, 1)];
        for (long i = 0; i < n; i++) items[i] = Value.FromInt(r.Start + i);
        return new RArray(items, (int)n);
    }

    /// <summary>The elements of anything iterable; strings give their characters, maps their (key, value) tuples.</summary>
    public static ReadOnlySpan<Value> Elements(Value v, string what)
    {
        switch (v.Kind)
        {
            case ValueKind.Array: return v.AsArray.AsSpan();
            case ValueKind.Tuple: return v.AsTuple.Items;
            case ValueKind.Range: return RangeToArray(v.AsRange).AsSpan();
            case ValueKind.Str: return StringMethods.Chars(v.AsString).AsSpan();
            case ValueKind.Map: return MapMethods.EntryTuples(v.AsMap).AsSpan();
            default: throw new RuchyError($"{what}: {v.TypeName} is not iterable");
        }
    }
}
