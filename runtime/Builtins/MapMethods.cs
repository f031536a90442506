using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>HashMap methods (Rust names): insert/get/contains_key/remove/keys/values/len, entry().or_insert().</summary>
internal static class MapMethods
{
    public static RArray EntryTuples(RMap m)
    {
        var arr = new RArray(m.Count);
        foreach (var kv in m.Entries) arr.Add(Value.FromTuple(new RTuple([kv.Key.Share(), kv.Value.Share()])));
        return arr;
    }

    public static Value Invoke(IRuntimeHost host, RMap m, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (id)
        {
            case MethodId.Len:
            case MethodId.Length:
            case MethodId.Count when args.Length == 0:
                return Value.FromInt(m.Count);
            case MethodId.IsEmpty:
                return Value.FromBool(m.Count == 0);
            case MethodId.Insert:
            {
                // HashSet::insert(x) takes one argument and reports whether x was new.
                if (args.Length == 1)
                {
                    bool existed = m.Set(args[0].Share(), Value.True, out _);
                    return Value.FromBool(!existed);
                }
                Methods.CheckArgs(args, 2, name);
                return m.Set(args[0].Share(), args[1].Share(), out var previous) ? RType.Some(previous) : RType.None;
            }
            case MethodId.Get:
                Methods.CheckArgs(args, 1, name);
                return m.TryGet(args[0], out var v) ? RType.Some(v) : RType.None;
            case MethodId.ContainsKey:
            case MethodId.Contains:
                Methods.CheckArgs(args, 1, name);
                return Value.FromBool(m.ContainsKey(args[0]));
            case MethodId.Remove:
                Methods.CheckArgs(args, 1, name);
                return m.Remove(args[0], out var removed) ? RType.Some(removed) : RType.None;
            case MethodId.Clear:
                m.Clear();
                return Value.Nil;
            case MethodId.Keys:
            {
                var arr = new RArray(m.Count);
                foreach (var kv in m.Entries) arr.Add(kv.Key.Share());
                return Value.FromArray(arr);
            }
            case MethodId.Values:
            {
                var arr = new RArray(m.Count);
                foreach (var kv in m.Entries) arr.Add(kv.Value.Share());
                return Value.FromArray(arr);
            }
            case MethodId.Iter:
            case MethodId.IntoIter:
            case MethodId.IterMut:
                return Value.FromArray(EntryTuples(m));
            case MethodId.Clone:
            case MethodId.ToOwned:
                return Value.FromMap(m);
            case MethodId.Extend:
            {
                Methods.CheckArgs(args, 1, name);
                foreach (var e in Sequences.Elements(args[0], name).ToArray())
                {
                    if (e.Kind != ValueKind.Tuple || e.AsTuple.Items.Length != 2) throw new RuchyError("extend() on a map needs (key, value) pairs");
                    m.Set(e.AsTuple.Items[0].Share(), e.AsTuple.Items[1].Share(), out _);
                }
                return Value.Nil;
            }
            case MethodId.Retain:
            {
                Methods.CheckArgs(args, 1, name);
                var keys = new List<Value>();
                var values = new List<Value>();
                m.CopyEntriesTo(keys, values);
                for (int i = 0; i < keys.Count; i++)
                    if (!host.Call(args[0], [keys[i], values[i]]).IsTruthy) m.Remove(keys[i], out _);
                return Value.Nil;
            }
            case MethodId.ToString:
                return Value.FromString(ValueFormatter.Display(Value.FromMap(m)));
        }
        // Sequence methods (map, filter, any...) see (key, value) tuples, as iter() would give.
        return ArrayMethods.Invoke(host, EntryTuples(m), id, name, args, Value.FromMap(m));
    }
}
