using Ruchy.Values;

namespace Ruchy.Compiler;

/// <summary>A function's constants: ints, floats, bools, nil and strings are stored once; other constants each get a slot.</summary>
internal sealed class ConstantPool
{
    private readonly List<Value> _values = new();
    private readonly Dictionary<(ValueKind, long, string?), int> _index = new();

    public int Add(Value v)
    {
        (ValueKind, long, string?) key = v.Kind switch
        {
            ValueKind.Int or ValueKind.Bool => (v.Kind, v.AsInt, null),
            ValueKind.Float => (v.Kind, BitConverter.DoubleToInt64Bits(v.AsFloat), null),
            ValueKind.Str => (v.Kind, 0, v.AsString),
            ValueKind.Nil => (v.Kind, 0, null),
            _ => (v.Kind, _values.Count, "#unique"),
        };
        if (_index.TryGetValue(key, out int index)) return index;
        index = _values.Count;
        _values.Add(v);
        _index[key] = index;
        return index;
    }

    public Value this[int index] => _values[index];

    public int Count => _values.Count;

    public Value[] ToArray() => _values.ToArray();
}
