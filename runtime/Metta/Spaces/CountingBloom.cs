namespace Ruchy.Metta.Spaces;

/// <summary>A counting Bloom filter over 64-bit keys: supports removal, never gives a false negative.</summary>
internal sealed class CountingBloom
{
    private readonly ushort[] _counts;
    private readonly int _mask;

    public CountingBloom(int log2Size = 16)
    {
        _counts = new ushort[1 << log2Size];
        _mask = (1 << log2Size) - 1;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return x;
    }

    public void Add(long key)
    {
        var h = Mix((ulong)key);
        Inc((int)(h & (uint)_mask)); Inc((int)((h >> 20) & (uint)_mask)); Inc((int)((h >> 40) & (uint)_mask));
    }

    public void Remove(long key)
    {
        var h = Mix((ulong)key);
        Dec((int)(h & (uint)_mask)); Dec((int)((h >> 20) & (uint)_mask)); Dec((int)((h >> 40) & (uint)_mask));
    }

    public bool MayContain(long key)
    {
        var h = Mix((ulong)key);
        return _counts[(int)(h & (uint)_mask)] != 0 && _counts[(int)((h >> 20) & (uint)_mask)] != 0 && _counts[(int)((h >> 40) & (uint)_mask)] != 0;
    }

    // Saturated counters stay put so a removal can never create a false negative.
    private void Inc(int i) { if (_counts[i] != ushort.MaxValue) _counts[i]++; }
    private void Dec(int i) { if (_counts[i] != ushort.MaxValue && _counts[i] != 0) _counts[i]--; }
}
