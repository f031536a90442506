namespace Ruchy.Values;

/// <summary>An immutable fixed-size tuple. Immutable, so sharing needs no copy.</summary>
public sealed class RTuple(Value[] items)
{
    public readonly Value[] Items = items;
}
