namespace Ruchy.Values;

/// <summary>An integer range <c>start..end</c> or <c>start..=end</c>; immutable.</summary>
public sealed class RRange(long start, long end, bool inclusive)
{
    public readonly long Start = start;
    public readonly long End = end;
    public readonly bool Inclusive = inclusive;

    /// <summary>Exclusive upper bound (saturating so that <c>..=i64::MAX</c> stays correct for counting).</summary>
    public long Count
    {
        get
        {
            long hi = Inclusive ? End : End - 1;
            if (hi < Start) return 0;
            return hi - Start + 1;
        }
    }
}
