namespace Ruchy.Values;

/// <summary>
/// A hash map with value semantics (copy-on-write). Iteration follows insertion order so that
/// programs print deterministically; removal keeps the order of the remaining entries.
/// </summary>
public sealed class RMap : CowObject
{
    private readonly Dictionary<Value, int> _index;
    private readonly List<Value> _keys;
    private readonly List<Value> _values;
    private int _removed;

    public RMap()
    {
        _index = new Dictionary<Value, int>();
        _keys = new List<Value>();
        _values = new List<Value>();
    }

    private RMap(int capacity)
    {
        _index = new Dictionary<Value, int>(capacity);
        _keys = new List<Value>(capacity);
        _values = new List<Value>(capacity);
    }

    public int Count => _index.Count;

    public bool TryGet(Value key, out Value value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _values[i];
            return true;
        }
        value = default;
        return false;
    }

    public bool ContainsKey(Value key) => _index.ContainsKey(key);

    /// <summary>Sets the value; returns the previous value if the key was present.</summary>
    public bool Set(Value key, Value value, out Value previous)
    {
        if (_index.TryGetValue(key, out int i))
        {
            previous = _values[i];
            _values[i] = value;
            return true;
        }
        _index[key] = _keys.Count;
        _keys.Add(key);
        _values.Add(value);
        previous = default;
        return false;
    }

    public bool Remove(Value key, out Value value)
    {
        if (!_index.Remove(key, out int i))
        {
            value = default;
            return false;
        }
        value = _values[i];
        _keys[i] = Tombstone;
        _values[i] = default;
        _removed++;
        if (_removed > 16 && _removed > _keys.Count / 2) Compact();
        return true;
    }

    public void Clear()
    {
        _index.Clear();
        _keys.Clear();
        _values.Clear();
        _removed = 0;
    }

    // A private sentinel key marks removed slots; it is never equal to a user key.
    private static readonly Value Tombstone = Value.FromTuple(new RTuple(Array.Empty<Value>()));

    private bool IsLive(int i) => _removed == 0 || !ReferenceEquals(_keys[i].Reference, Tombstone.Reference);

    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _keys.Count; r++)
        {
            if (!IsLive(r)) continue;
            _keys[w] = _keys[r];
            _values[w] = _values[r];
            _index[_keys[w]] = w;
            w++;
        }
        _keys.RemoveRange(w, _keys.Count - w);
        _values.RemoveRange(w, _values.Count - w);
        _removed = 0;
    }

    /// <summary>Entries in insertion order.</summary>
    public IEnumerable<KeyValuePair<Value, Value>> Entries
    {
        get
        {
            for (int i = 0; i < _keys.Count; i++)
                if (IsLive(i)) yield return new KeyValuePair<Value, Value>(_keys[i], _values[i]);
        }
    }

    public void CopyEntriesTo(List<Value> keys, List<Value> values)
    {
        for (int i = 0; i < _keys.Count; i++)
        {
            if (!IsLive(i)) continue;
            keys.Add(_keys[i]);
            values.Add(_values[i]);
        }
    }

    public override CowObject CloneShallow()
    {
        var copy = new RMap(Count);
        for (int i = 0; i < _keys.Count; i++)
            if (IsLive(i)) copy.Set(_keys[i].Share(), _values[i].Share(), out _);
        return copy;
    }
}
