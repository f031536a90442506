using System.Runtime.CompilerServices;

namespace Ruchy.Values;

/// <summary>A growable array of values with value semantics (copy-on-write, O(1) amortised push).</summary>
public sealed class RArray : CowObject
{
    /// <summary>Largest element count one array may hold; larger requests are a Ruchy error, not a host crash.</summary>
    public const int MaxLength = 1 << 28;

    private Value[] _items;
    private int _count;

    public RArray() => _items = Array.Empty<Value>();

    public RArray(int capacity) => _items = capacity == 0 ? Array.Empty<Value>() : new Value[capacity];

    /// <summary>Takes ownership of <paramref name="items"/>.</summary>
    public RArray(Value[] items, int count)
    {
        _items = items;
        _count = count;
    }

    public int Count => _count;

    public Span<Value> AsSpan() => _items.AsSpan(0, _count);

    public Value this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _items[index];
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => _items[index] = value;
    }

    /// <summary>A reference to element <paramref name="index"/> (caller checks bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Value ItemRef(int index) => ref _items[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Value v)
    {
        if (_count == _items.Length) Grow();
        _items[_count++] = v;
    }

    private void Grow()
    {
        int newSize = _items.Length == 0 ? 4 : _items.Length * 2;
        if (newSize > MaxLength) newSize = MaxLength;
        if (_count >= newSize) throw new RuchyError($"array too large (more than {MaxLength} elements)");
        Array.Resize(ref _items, newSize);
    }

    public Value RemoveLast()
    {
        var v = _items[--_count];
        _items[_count] = default;
        return v;
    }

    public void Insert(int index, Value v)
    {
        if (_count == _items.Length) Grow();
        Array.Copy(_items, index, _items, index + 1, _count - index);
        _items[index] = v;
        _count++;
    }

    public Value RemoveAt(int index)
    {
        var v = _items[index];
        Array.Copy(_items, index + 1, _items, index, _count - index - 1);
        _items[--_count] = default;
        return v;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    public override CowObject CloneShallow() => CopyOf(AsSpan());

    public static RArray CopyOf(ReadOnlySpan<Value> items)
    {
        var copy = new Value[Math.Max(items.Length, 4)];
        for (int i = 0; i < items.Length; i++) copy[i] = items[i].Share();
        return new RArray(copy, items.Length);
    }
}
