using System.Text;
using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// Array (Vec) methods. Iterator adapters (<c>iter()</c>, <c>map</c>, <c>filter</c>, <c>collect()</c>)
/// are eager: each returns a new array, so Rust iterator chains work unchanged. <c>first</c>,
/// <c>last</c>, <c>get</c>, <c>pop</c>, <c>min</c>, <c>max</c> return the element or nil (as ruchy
/// does); <c>Some(x)</c> patterns and <c>unwrap</c> accept such plain values.
/// </summary>
internal static class ArrayMethods
{
    /// <param name="receiver">The value the program called the method on, when the array stands in for it
    /// (a string's characters, a map's entries), so that errors name the right type.</param>
    public static Value Invoke(IRuntimeHost host, RArray a, MethodId id, string name, ReadOnlySpan<Value> args, Value? receiver = null)
    {
        // The hottest methods first, in a method small enough to inline: the full switch below has a large
        // frame whose set-up (zeroing its locals) cost more than a push itself.
        switch (id)
        {
            case MethodId.Push when args.Length == 1:
                a.Add(args[0].Share());
                return Value.Nil;
            case MethodId.Len:
            case MethodId.Length:
                return Value.FromInt(a.Count);
        }
        return InvokeAny(host, a, id, name, args, receiver);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Value InvokeAny(IRuntimeHost host, RArray a, MethodId id, string name, ReadOnlySpan<Value> args, Value? receiver)
    {
        var items = a.AsSpan();
        switch (id)
        {
            case MethodId.Len:
            case MethodId.Length:
            case MethodId.Count when args.Length == 0:
                return Value.FromInt(a.Count);
            case MethodId.IsEmpty:
                return Value.FromBool(a.Count == 0);
            case MethodId.Iter:
            case MethodId.IntoIter:
            case MethodId.IterMut:
            case MethodId.Collect:
            case MethodId.Copied:
            case MethodId.Cloned:
            case MethodId.AsRef:
            case MethodId.Borrow:
            case MethodId.Clone:
            case MethodId.ToOwned:
                return Value.FromArray(a);
            case MethodId.Push:
                Methods.CheckArgs(args, 1, name);
                a.Add(args[0].Share());
                return Value.Nil;
            case MethodId.Pop:
                return a.Count == 0 ? Value.Nil : a.RemoveLast();
            case MethodId.Insert:
            {
                Methods.CheckArgs(args, 2, name);
                long i = BuiltinCalls.Int(args[0], name);
                if (i < 0 || i > a.Count) throw new RuchyError($"insertion index (is {i}) should be <= len (is {a.Count})");
                a.Insert((int)i, args[1].Share());
                return Value.Nil;
            }
            case MethodId.Remove:
            {
                Methods.CheckArgs(args, 1, name);
                long i = BuiltinCalls.Int(args[0], name);
                if (i < 0 || i >= a.Count) throw new RuchyError($"removal index (is {i}) should be < len (is {a.Count})");
                return a.RemoveAt((int)i);
            }
            case MethodId.Clear:
                a.Clear();
                return Value.Nil;
            case MethodId.Truncate:
            {
                Methods.CheckArgs(args, 1, name);
                long n = BuiltinCalls.Int(args[0], name);
                while (a.Count > n && a.Count > 0) a.RemoveLast();
                return Value.Nil;
            }
            case MethodId.Swap:
            {
                Methods.CheckArgs(args, 2, name);
                int i = CheckIndex(a, args[0]), j = CheckIndex(a, args[1]);
                (a[i], a[j]) = (a[j], a[i]);
                return Value.Nil;
            }
            case MethodId.Extend:
            case MethodId.ExtendFromSlice:
            case MethodId.Append:
            {
                Methods.CheckArgs(args, 1, name);
                var other = Sequences.Elements(args[0], name).ToArray();
                foreach (var v in other) a.Add(v.Share());
                return Value.Nil;
            }
            case MethodId.Sort:
            case MethodId.SortUnstable:
                SortInPlace(a, (x, y) => Order(x, y));
                return Value.FromArray(a).Share();
            case MethodId.SortBy:
            {
                Methods.CheckArgs(args, 1, name);
                var f = args[0];
                SortInPlace(a, (x, y) => OrderingToInt(host.Call(f, [x, y])));
                return Value.FromArray(a).Share();
            }
            case MethodId.SortByKey:
            {
                Methods.CheckArgs(args, 1, name);
                var f = args[0];
                SortInPlace(a, (x, y) => Order(host.Call(f, [x]), host.Call(f, [y])));
                return Value.FromArray(a).Share();
            }
            case MethodId.Reverse:
                a.AsSpan().Reverse();
                return Value.FromArray(a).Share();
            case MethodId.Dedup:
            {
                var kept = new List<Value>();
                foreach (var v in items)
                    if (kept.Count == 0 || !ValueEquality.AreEqual(kept[^1], v)) kept.Add(v);
                a.Clear();
                foreach (var v in kept) a.Add(v);
                return Value.Nil;
            }
            case MethodId.Retain:
            {
                Methods.CheckArgs(args, 1, name);
                var kept = new List<Value>();
                foreach (var v in items.ToArray())
                    if (host.Call(args[0], [v]).IsTruthy) kept.Add(v);
                a.Clear();
                foreach (var v in kept) a.Add(v);
                return Value.Nil;
            }
            case MethodId.Drain:
            {
                var all = RArray.CopyOf(items);
                a.Clear();
                return Value.FromArray(all);
            }
            case MethodId.Get:
            {
                Methods.CheckArgs(args, 1, name);
                if (!args[0].IsInt) throw new RuchyError($"Method 'get' expects an integer index, got {args[0].TypeName}");
                long i = args[0].AsInt;
                return i >= 0 && i < a.Count ? a[(int)i] : Value.Nil;
            }
            case MethodId.First:
                return a.Count > 0 ? a[0] : Value.Nil;
            case MethodId.Last:
                return a.Count > 0 ? a[a.Count - 1] : Value.Nil;
            case MethodId.Nth:
            {
                Methods.CheckArgs(args, 1, name);
                long i = BuiltinCalls.Int(args[0], name);
                return i >= 0 && i < a.Count ? RType.Some(a[(int)i]) : RType.None;
            }
            case MethodId.Contains:
                Methods.CheckArgs(args, 1, name);
                foreach (var v in items)
                    if (ValueEquality.AreEqual(v, args[0])) return Value.True;
                return Value.False;
            case MethodId.IndexOf:
                Methods.CheckArgs(args, 1, name);
                for (int i = 0; i < items.Length; i++)
                    if (ValueEquality.AreEqual(items[i], args[0])) return Value.FromInt(i);
                return Value.FromInt(-1);
            case MethodId.Position:
                Methods.CheckArgs(args, 1, name);
                for (int i = 0; i < items.Length; i++)
                    if (host.Call(args[0], [items[i]]).IsTruthy) return RType.Some(Value.FromInt(i));
                return RType.None;
            case MethodId.Find:
                Methods.CheckArgs(args, 1, name);
                foreach (var v in items.ToArray())
                    if (host.Call(args[0], [v]).IsTruthy) return RType.Some(v);
                return RType.None;
            case MethodId.Any:
                Methods.CheckArgs(args, 1, name);
                foreach (var v in items.ToArray())
                    if (host.Call(args[0], [v]).IsTruthy) return Value.True;
                return Value.False;
            case MethodId.All:
                Methods.CheckArgs(args, 1, name);
                foreach (var v in items.ToArray())
                    if (!host.Call(args[0], [v]).IsTruthy) return Value.False;
                return Value.True;
            case MethodId.Count:
            {
                Methods.CheckArgs(args, 1, name);
                long n = 0;
                foreach (var v in items.ToArray())
                    if (host.Call(args[0], [v]).IsTruthy) n++;
                return Value.FromInt(n);
            }
            case MethodId.Map:
            {
                Methods.CheckArgs(args, 1, name);
                var src = items.ToArray();
                var result = new Value[Math.Max(src.Length, 1)];
                for (int i = 0; i < src.Length; i++) result[i] = host.Call(args[0], [src[i]]).Share();
                return Value.FromArray(new RArray(result, src.Length));
            }
            case MethodId.FlatMap:
            {
                Methods.CheckArgs(args, 1, name);
                var result = new RArray();
                foreach (var v in items.ToArray())
                {
                    var r = host.Call(args[0], [v]);
                    if (r.Kind is ValueKind.Array or ValueKind.Range or ValueKind.Tuple)
                        foreach (var x in Sequences.Elements(r, name)) result.Add(x.Share());
                    else if (r.Kind == ValueKind.Enum && r.AsEnum.IsSome) result.Add(r.AsEnum.Payload[0].Share());
                    else if (!(r.Kind == ValueKind.Enum && r.AsEnum.IsNone) && !r.IsNil) result.Add(r.Share());
                }
                return Value.FromArray(result);
            }
            case MethodId.Filter:
            {
                Methods.CheckArgs(args, 1, name);
                var result = new RArray();
                foreach (var v in items.ToArray())
                    if (host.Call(args[0], [v]).IsTruthy) result.Add(v.Share());
                return Value.FromArray(result);
            }
            case MethodId.ForEach:
            case MethodId.Each:
                Methods.CheckArgs(args, 1, name);
                foreach (var v in items.ToArray()) host.Call(args[0], [v]);
                return Value.Nil;
            case MethodId.Fold:
            {
                Methods.CheckArgs(args, 2, name);
                var acc = args[0];
                foreach (var v in items.ToArray()) acc = host.Call(args[1], [acc, v]);
                return acc;
            }
            case MethodId.Reduce:
            {
                if (args.Length == 2)
                {
                    // ruchy's reduce(init, f), also accepted as reduce(f, init).
                    bool fnFirst = args[0].Kind is ValueKind.Function or ValueKind.Native;
                    var f = fnFirst ? args[0] : args[1];
                    var acc = fnFirst ? args[1] : args[0];
                    foreach (var v in items.ToArray()) acc = host.Call(f, [acc, v]);
                    return acc;
                }
                Methods.CheckArgs(args, 1, name);
                if (items.Length == 0) return RType.None;
                var src = items.ToArray();
                var r = src[0];
                for (int i = 1; i < src.Length; i++) r = host.Call(args[0], [r, src[i]]);
                return RType.Some(r);
            }
            case MethodId.Sum:
            {
                Value acc = Value.FromInt(0);
                foreach (var v in items) acc = Arithmetic.Add(acc, v);
                return acc;
            }
            case MethodId.Product:
            {
                Value acc = Value.FromInt(1);
                foreach (var v in items) acc = Arithmetic.Mul(acc, v);
                return acc;
            }
            case MethodId.Min:
            case MethodId.Max:
            {
                if (args.Length == 1)
                    return Arithmetic.Compare(Value.FromArray(a), args[0], "min") <= 0 == (id == MethodId.Min) ? Value.FromArray(a) : args[0];
                if (items.Length == 0) return Value.Nil;
                var best = items[0];
                for (int i = 1; i < items.Length; i++)
                {
                    int c = Order(items[i], best);
                    if (id == MethodId.Max ? c >= 0 : c < 0) best = items[i];
                }
                return best;
            }
            case MethodId.MinByKey:
            case MethodId.MaxByKey:
            {
                Methods.CheckArgs(args, 1, name);
                if (items.Length == 0) return RType.None;
                var src = items.ToArray();
                var best = src[0];
                var bestKey = host.Call(args[0], [best]);
                for (int i = 1; i < src.Length; i++)
                {
                    var k = host.Call(args[0], [src[i]]);
                    int c = Order(k, bestKey);
                    if (id == MethodId.MaxByKey ? c >= 0 : c < 0)
                    {
                        best = src[i];
                        bestKey = k;
                    }
                }
                return RType.Some(best);
            }
            case MethodId.Enumerate:
            {
                var result = new Value[Math.Max(items.Length, 1)];
                for (int i = 0; i < items.Length; i++) result[i] = Value.FromTuple(new RTuple([Value.FromInt(i), items[i].Share()]));
                return Value.FromArray(new RArray(result, items.Length));
            }
            case MethodId.Zip:
            {
                Methods.CheckArgs(args, 1, name);
                var other = Sequences.Elements(args[0], name);
                int n = Math.Min(items.Length, other.Length);
                var result = new RArray(n);
                for (int i = 0; i < n; i++) result.Add(Value.FromTuple(new RTuple([items[i].Share(), other[i].Share()])));
                return Value.FromArray(result);
            }
            case MethodId.Take:
            {
                Methods.CheckArgs(args, 1, name);
                long n = Math.Clamp(BuiltinCalls.Int(args[0], name), 0, items.Length);
                return Value.FromArray(RArray.CopyOf(items[..(int)n]));
            }
            case MethodId.Skip:
            {
                Methods.CheckArgs(args, 1, name);
                long n = Math.Clamp(BuiltinCalls.Int(args[0], name), 0, items.Length);
                return Value.FromArray(RArray.CopyOf(items[(int)n..]));
            }
            case MethodId.StepBy:
            {
                Methods.CheckArgs(args, 1, name);
                long step = BuiltinCalls.Int(args[0], name);
                if (step <= 0) throw new RuchyError("step_by() needs a positive step");
                var result = new RArray();
                for (long i = 0; i < items.Length; i += step) result.Add(items[(int)i].Share());
                return Value.FromArray(result);
            }
            case MethodId.Rev:
            {
                var copy = RArray.CopyOf(items);
                copy.AsSpan().Reverse();
                return Value.FromArray(copy);
            }
            case MethodId.Slice:
            {
                Methods.CheckArgs(args, 2, name);
                long s = Math.Clamp(BuiltinCalls.Int(args[0], name), 0, items.Length);
                long e = Math.Clamp(BuiltinCalls.Int(args[1], name), s, items.Length);
                return Value.FromArray(RArray.CopyOf(items[(int)s..(int)e]));
            }
            case MethodId.Chunks:
            case MethodId.Windows:
            {
                Methods.CheckArgs(args, 1, name);
                long n = BuiltinCalls.Int(args[0], name);
                if (n <= 0) throw new RuchyError($"{name}() size must be positive");
                var result = new RArray();
                if (id == MethodId.Chunks)
                    for (long i = 0; i < items.Length; i += n) result.Add(Value.FromArray(RArray.CopyOf(items[(int)i..(int)Math.Min(i + n, items.Length)])));
                else
                    for (long i = 0; i + n <= items.Length; i++) result.Add(Value.FromArray(RArray.CopyOf(items[(int)i..(int)(i + n)])));
                return Value.FromArray(result);
            }
            case MethodId.Flatten:
            {
                var result = new RArray();
                foreach (var v in items)
                {
                    if (v.Kind is ValueKind.Array or ValueKind.Tuple or ValueKind.Range)
                        foreach (var x in Sequences.Elements(v, name)) result.Add(x.Share());
                    else if (v.Kind == ValueKind.Enum && v.AsEnum.IsSome) result.Add(v.AsEnum.Payload[0].Share());
                    else if (!(v.Kind == ValueKind.Enum && v.AsEnum.IsNone) && !v.IsNil) result.Add(v.Share());
                }
                return Value.FromArray(result);
            }
            case MethodId.Unique:
            {
                var seen = new HashSet<Value>();
                var result = new RArray();
                foreach (var v in items)
                    if (seen.Add(v)) result.Add(v.Share());
                return Value.FromArray(result);
            }
            case MethodId.Join:
            {
                string sep = args.Length > 0 ? (args[0].IsString ? args[0].AsString : ValueFormatter.Display(args[0])) : "";
                var sb = new StringBuilder();
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) sb.Append(sep);
                    sb.Append(ValueFormatter.Display(items[i]));
                }
                return Value.FromString(sb.ToString());
            }
            case MethodId.Concat:
            {
                if (args.Length == 1) return Arithmetic.Add(Value.FromArray(a), args[0]);
                // [[1], [2]].concat() flattens one level; strings concatenate.
                bool strings = items.Length > 0 && items[0].IsString;
                if (strings)
                {
                    var sb = new StringBuilder();
                    foreach (var v in items) sb.Append(ValueFormatter.Display(v));
                    return Value.FromString(sb.ToString());
                }
                return Invoke(host, a, MethodId.Flatten, name, args, receiver);
            }
            case MethodId.Union:
            case MethodId.Intersection:
            case MethodId.Difference:
            {
                Methods.CheckArgs(args, 1, name);
                var other = new HashSet<Value>(Sequences.Elements(args[0], name).ToArray());
                var result = new RArray();
                var seen = new HashSet<Value>();
                foreach (var v in items)
                {
                    bool inOther = other.Contains(v);
                    bool keep = id == MethodId.Union || (id == MethodId.Intersection ? inOther : !inOther);
                    if (keep && seen.Add(v)) result.Add(v.Share());
                }
                if (id == MethodId.Union)
                    foreach (var v in Sequences.Elements(args[0], name))
                        if (seen.Add(v)) result.Add(v.Share());
                return Value.FromArray(result);
            }
            case MethodId.ToString:
                return Value.FromString(ValueFormatter.Display(Value.FromArray(a)));
            case MethodId.LastMut:
                return a.Count > 0 ? a[a.Count - 1] : Value.Nil;
            case MethodId.FirstMut:
                return a.Count > 0 ? a[0] : Value.Nil;
        }
        throw Methods.UnknownMethod(receiver ?? Value.FromArray(a), name);
    }

    private static int CheckIndex(RArray a, Value index)
    {
        long i = BuiltinCalls.Int(index, "index");
        if (i < 0 || i >= a.Count) throw new RuchyError($"Index out of bounds: index {i}, length {a.Count}");
        return (int)i;
    }

    /// <summary>Ordering for sort/min/max: values that cannot be compared are an error, not a silent tie.</summary>
    public static int Order(Value x, Value y)
    {
        if (ValueEquality.TryCompare(x, y, out int c)) return c;
        throw new RuchyError($"cannot compare {x.TypeName} with {y.TypeName}");
    }

    /// <summary>A comparator result: Rust's Ordering (Less/Equal/Greater variants) or a number.</summary>
    private static int OrderingToInt(Value v)
    {
        if (v.IsInt) return Math.Sign(v.AsInt);
        if (v.IsFloat) return Math.Sign(v.AsFloat);
        if (v.Kind == ValueKind.Enum)
        {
            return v.AsEnum.Info.Name switch
            {
                "Less" => -1,
                "Greater" => 1,
                _ => 0,
            };
        }
        if (v.IsBool) return v.AsBool ? -1 : 1;
        throw new RuchyError($"sort_by comparator must return an Ordering or a number, got {v.TypeName}");
    }

    /// <summary>Stable merge sort (Rust's sort is stable; Array.Sort is not).</summary>
    private static void SortInPlace(RArray a, Comparison<Value> cmp)
    {
        var span = a.AsSpan();
        if (span.Length < 2) return;
        var buffer = span.ToArray();
        var temp = new Value[buffer.Length];
        MergeSort(buffer, temp, 0, buffer.Length, cmp);
        buffer.CopyTo(span);
    }

    private static void MergeSort(Value[] a, Value[] tmp, int lo, int hi, Comparison<Value> cmp)
    {
        if (hi - lo < 2) return;
        if (hi - lo <= 16)
        {
            for (int i = lo + 1; i < hi; i++)
            {
                var x = a[i];
                int j = i - 1;
                while (j >= lo && cmp(a[j], x) > 0)
                {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) / 2;
        MergeSort(a, tmp, lo, mid, cmp);
        MergeSort(a, tmp, mid, hi, cmp);
        if (cmp(a[mid - 1], a[mid]) <= 0) return;
        Array.Copy(a, lo, tmp, lo, hi - lo);
        int l = lo, r = mid, k = lo;
        while (l < mid && r < hi) a[k++] = cmp(tmp[r], tmp[l]) < 0 ? tmp[r++] : tmp[l++];
        while (l < mid) a[k++] = tmp[l++];
        while (r < hi) a[k++] = tmp[r++];
    }
}
