namespace Ruchy.Values;

/// <summary>An integer range <c>start..end</c> or <c>start..=end</c>; immutable.</summary>
public sealed class RRange(long start, long end, bool inclusive)
{
    public readonly long Start = start;
    public readonly long End = end;
    public readonly bool Inclusive = inclusive;

    /// <summary>Exclusive upper bound (saturating so that <c>..=i64::MAX</c> stays correct for counting).</summary>
    public long Count => CountOf(Start, End, Inclusive);

    /// <summary>How many integers <c>start..end</c> (or <c>..=</c>) holds.</summary>
    public static long CountOf(long start, long end, bool inclusive)
    {
        long hi = inclusive ? end : end - 1;
        if (hi < start) return 0;
        return hi - start + 1;
    }
}
