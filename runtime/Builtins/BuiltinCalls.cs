using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>The built-in functions (println, sqrt, Vec::new...), shared by every tier.</summary>
internal static class BuiltinCalls
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static Value Invoke(IRuntimeHost host, BuiltinFunction fn, ReadOnlySpan<Value> args)
    {
        switch (fn)
        {
            case BuiltinFunction.Println:
                host.Out.Write(FormatPrintArgs(args));
                host.Out.Write('\n');
                return Value.Nil;
            case BuiltinFunction.Print:
                // ruchy's print() only joins its arguments' Display with spaces; println() substitutes "{}".
                host.Out.Write(JoinDisplay(args));
                return Value.Nil;
            case BuiltinFunction.Eprintln:
                host.Out.Flush();
                host.Err.Write(FormatPrintArgs(args));
                host.Err.Write('\n');
                return Value.Nil;
            case BuiltinFunction.Eprint:
                host.Out.Flush();
                host.Err.Write(FormatPrintArgs(args));
                return Value.Nil;
            case BuiltinFunction.Dbg:
                host.Out.Flush();
                host.Err.Write("[DEBUG] " + ValueFormatter.Debug(args[0]) + "\n");
                return args[0];
            case BuiltinFunction.Len:
                return Value.FromInt(Length(args[0]));
            case BuiltinFunction.Abs:
                return NumberMethods.Abs(args[0]);
            case BuiltinFunction.Min:
            case BuiltinFunction.Max:
                return MinMax(args, fn == BuiltinFunction.Max);
            case BuiltinFunction.Sqrt:
                return Value.FromFloat(Math.Sqrt(Num(args[0], "sqrt")));
            case BuiltinFunction.Pow:
                if (args[0].IsInt && args[1].IsInt && args[1].AsInt >= 0 && Arithmetic.TryPowInt(args[0].AsInt, args[1].AsInt, out long p))
                    return Value.FromInt(p);
                return Value.FromFloat(Math.Pow(Num(args[0], "pow"), Num(args[1], "pow")));
            case BuiltinFunction.Floor:
                return args[0].IsInt ? args[0] : Value.FromFloat(Math.Floor(Num(args[0], "floor")));
            case BuiltinFunction.Ceil:
                return args[0].IsInt ? args[0] : Value.FromFloat(Math.Ceiling(Num(args[0], "ceil")));
            case BuiltinFunction.Round:
                return args[0].IsInt ? args[0] : Value.FromFloat(Math.Round(Num(args[0], "round"), MidpointRounding.AwayFromZero));
            case BuiltinFunction.Sin: return Value.FromFloat(Math.Sin(Num(args[0], "sin")));
            case BuiltinFunction.Cos: return Value.FromFloat(Math.Cos(Num(args[0], "cos")));
            case BuiltinFunction.Tan: return Value.FromFloat(Math.Tan(Num(args[0], "tan")));
            case BuiltinFunction.Atan: return Value.FromFloat(Math.Atan(Num(args[0], "atan")));
            case BuiltinFunction.Atan2: return Value.FromFloat(Math.Atan2(Num(args[0], "atan2"), Num(args[1], "atan2")));
            case BuiltinFunction.Log: return Value.FromFloat(Math.Log(Num(args[0], "log")));
            case BuiltinFunction.Log10: return Value.FromFloat(Math.Log10(Num(args[0], "log10")));
            case BuiltinFunction.Exp: return Value.FromFloat(Math.Exp(Num(args[0], "exp")));
            case BuiltinFunction.Random: return Value.FromFloat(Random.Shared.NextDouble());
            case BuiltinFunction.Assert:
                if (!args[0].IsTruthy)
                    throw new RuchyError(args.Length > 1 ? "Assertion failed: " + ValueFormatter.Display(args[1]) : "Assertion failed");
                return Value.Nil;
            case BuiltinFunction.AssertEq:
            case BuiltinFunction.AssertNe:
            {
                bool equal = ValueEquality.AreEqual(args[0], args[1]);
                if (equal != (fn == BuiltinFunction.AssertEq))
                {
                    string detail = $"left: {ValueFormatter.Repr(args[0])}, right: {ValueFormatter.Repr(args[1])}";
                    string what = fn == BuiltinFunction.AssertEq ? "left == right" : "left != right";
                    throw new RuchyError(args.Length > 2
                        ? $"Assertion failed: {ValueFormatter.Display(args[2])} ({detail})"
                        : $"Assertion failed: {what} ({detail})");
                }
                return Value.Nil;
            }
            case BuiltinFunction.Panic:
                throw new RuchyError(args.Length > 0 ? "panic: " + ValueFormatter.Display(args[0]) : "panic");
            case BuiltinFunction.TypeOf:
                return Value.FromString(args[0].TypeName);
            case BuiltinFunction.Int:
                return Conversions.ToInt(args[0]);
            case BuiltinFunction.Float:
                return Conversions.ToFloat(args[0]);
            case BuiltinFunction.Str:
                return Value.FromString(ValueFormatter.Display(args[0]));
            case BuiltinFunction.Bool:
                return Value.FromBool(ToBool(args[0]));
            case BuiltinFunction.ParseInt:
                return long.TryParse(Str(args[0], "parse_int").Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long li)
                    ? Value.FromInt(li) : throw new RuchyError($"cannot parse '{args[0].AsString}' as an integer");
            case BuiltinFunction.ParseFloat:
                return double.TryParse(Str(args[0], "parse_float").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    ? Value.FromFloat(d) : throw new RuchyError($"cannot parse '{args[0].AsString}' as a float");
            case BuiltinFunction.Range:
                return RangeArray(args);
            case BuiltinFunction.GetTimeMs:
                return Value.FromInt((long)Clock.Elapsed.TotalMilliseconds);
            case BuiltinFunction.TimeNs:
                return Value.FromInt((long)(Clock.ElapsedTicks * (1e9 / Stopwatch.Frequency)));
            case BuiltinFunction.VecNew:
            case BuiltinFunction.SetNew:
                return Value.FromArray(new RArray());
            case BuiltinFunction.VecWithCapacity:
                return Value.FromArray(new RArray((int)Math.Clamp(args[0].IsInt ? args[0].AsInt : 0, 0, 1 << 20)));
            case BuiltinFunction.VecFrom:
                return Value.FromArray(RArray.CopyOf(Sequences.Elements(args[0], "Vec::from")));
            case BuiltinFunction.StringNew:
                return Value.FromString("");
            case BuiltinFunction.StringFrom:
                return Value.FromString(ValueFormatter.Display(args[0]));
            case BuiltinFunction.MapNew:
                return Value.FromMap(new RMap());
            case BuiltinFunction.Identity:
                return args[0];
            case BuiltinFunction.ProcessExit:
                throw new ProgramExit(args[0].IsInt ? (int)args[0].AsInt : 1);
            case BuiltinFunction.CharFromU32:
            {
                long cp = args[0].IsInt ? args[0].AsInt : -1;
                if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return RType.None;
                return RType.Some(Value.FromString(char.ConvertFromUtf32((int)cp)));
            }
            case BuiltinFunction.CharFromDigit:
            {
                long digit = args[0].AsInt, radix = args[1].AsInt;
                if (digit < 0 || digit >= radix) return RType.None;
                return RType.Some(Value.FromString(((char)(digit < 10 ? '0' + digit : 'a' + digit - 10)).ToString()));
            }
            case BuiltinFunction.Reverse:
            case BuiltinFunction.Sort:
            case BuiltinFunction.Push:
            case BuiltinFunction.Pop:
            case BuiltinFunction.Zip:
            case BuiltinFunction.Enumerate:
                return CollectionFunction(host, fn, args);
            case BuiltinFunction.JsonParse:
                return JsonFunctions.Parse(Text(args[0], "json_parse"));
            case BuiltinFunction.JsonObjectParse:
                return JsonFunctions.Parse(ValueFormatter.Display(args[0]), "JSON.parse() failed");
            case BuiltinFunction.JsonStringify:
                return Value.FromString(JsonFunctions.Stringify(args[0], pretty: false));
            case BuiltinFunction.JsonObjectStringify:
                return Value.FromString(JsonFunctions.Stringify(args[0], pretty: false, strictFloats: true));
            case BuiltinFunction.JsonPretty:
                return Value.FromString(JsonFunctions.Stringify(args[0], pretty: true));
            case BuiltinFunction.JsonValidate:
                return Value.FromBool(JsonFunctions.IsValid(Text(args[0], "json_validate")));
            case BuiltinFunction.JsonType:
                return Value.FromString(JsonFunctions.TypeOf(Text(args[0], "json_type")));
            case BuiltinFunction.JsonGet:
                return JsonFunctions.Get(args[0], args[1].IsString ? args[1].AsString : throw new RuchyError("json_get() expects second argument to be string"));
            case BuiltinFunction.JsonSet:
                return JsonFunctions.Set(args[0], args[1].IsString ? args[1].AsString : throw new RuchyError("json_set() expects second argument to be string"), args[2]);
            case BuiltinFunction.JsonMerge:
                return JsonFunctions.Merge(args[0], args[1]);
            case BuiltinFunction.JsonRead:
                return JsonFunctions.Parse(ReadFile(Text(args[0], "json_read"), "Failed to read file"));
            case BuiltinFunction.JsonWrite:
            {
                string path = args[0].IsString ? args[0].AsString : throw new RuchyError("json_write() expects first argument to be string");
                string json = JsonFunctions.Stringify(args[1], pretty: true);
                try
                {
                    File.WriteAllText(path, json);
                }
                catch (Exception e) when (IoErrors.IsIo(e))
                {
                    throw new RuchyError("Failed to write file: " + IoErrors.Describe(e));
                }
                return Value.True;
            }
            case >= BuiltinFunction.FsRead and <= BuiltinFunction.FsCanonicalize:
                return FileFunctions.Invoke(fn, args);
            case >= BuiltinFunction.PathJoin and <= BuiltinFunction.PathNormalize:
                return PathFunctions.Invoke(fn, args);
            case >= BuiltinFunction.EnvVar and <= BuiltinFunction.Sleep:
                return ProcessFunctions.Invoke(fn, args);
            case BuiltinFunction.IsNil:
                return Value.FromBool(args[0].Kind == ValueKind.Nil);
            default:
                return BuiltinConstants.Get(fn);
        }
    }

    /// <summary>ruchy's bool(): zero numbers (0, 0.0, -0.0), "", nil and empty arrays are false; other values are true.</summary>
    public static bool ToBool(Value v) => v.Kind switch
    {
        ValueKind.Bool => v.AsBool,
        ValueKind.Int => v.AsInt != 0,
        ValueKind.Float => v.AsFloat != 0.0,
        ValueKind.Str => v.AsString.Length != 0,
        ValueKind.Nil => false,
        ValueKind.Array => v.AsArray.Count != 0,
        _ => true,
    };

    /// <summary>reverse/sort/push/pop/zip/enumerate as free functions: like ruchy, they work on a copy and return it.</summary>
    private static Value CollectionFunction(IRuntimeHost host, BuiltinFunction fn, ReadOnlySpan<Value> args)
    {
        var v = args[0];
        string name = fn switch
        {
            BuiltinFunction.Reverse => "reverse",
            BuiltinFunction.Sort => "sort",
            BuiltinFunction.Push => "push",
            BuiltinFunction.Pop => "pop",
            BuiltinFunction.Zip => "zip",
            _ => "enumerate",
        };
        if (fn == BuiltinFunction.Reverse && v.Kind == ValueKind.Str)
        {
            var chars = StringMethods.Chars(v.AsString);
            chars.AsSpan().Reverse();
            var sb = new StringBuilder(v.AsString.Length);
            foreach (var c in chars.AsSpan()) sb.Append(c.AsString);
            return Value.FromString(sb.ToString());
        }
        if (v.Kind != ValueKind.Array)
            throw new RuchyError(fn == BuiltinFunction.Reverse ? $"reverse() expects an array or string, got {v.TypeName}"
                : fn == BuiltinFunction.Zip ? $"zip() expects two arrays, got {v.TypeName}"
                : $"{name}() expects an array, got {v.TypeName}");
        var source = v.AsArray;
        switch (fn)
        {
            case BuiltinFunction.Pop:
                return source.Count == 0 ? Value.Nil : source.AsSpan()[source.Count - 1].Share();
            case BuiltinFunction.Zip:
                if (args[1].Kind != ValueKind.Array) throw new RuchyError($"zip() expects two arrays, got {args[1].TypeName}");
                return ArrayMethods.Invoke(host, source, MethodId.Zip, name, args[1..]);
            case BuiltinFunction.Enumerate:
                return ArrayMethods.Invoke(host, source, MethodId.Enumerate, name, ReadOnlySpan<Value>.Empty);
        }
        var copy = RArray.CopyOf(source.AsSpan());
        var id = fn switch
        {
            BuiltinFunction.Reverse => MethodId.Reverse,
            BuiltinFunction.Sort => MethodId.Sort,
            _ => MethodId.Push,
        };
        ArrayMethods.Invoke(host, copy, id, name, args[1..]);
        return Value.FromArray(copy);
    }

    /// <summary>ruchy's println: substitute literal <c>{}</c> in a first string argument, else join all arguments with spaces.</summary>
    public static string FormatPrintArgs(ReadOnlySpan<Value> args)
    {
        if (args.Length == 0) return "";
        if (args[0].Kind == ValueKind.Str && args[0].AsString.Contains("{}", StringComparison.Ordinal))
        {
            string fmt = args[0].AsString;
            var sb = new StringBuilder(fmt.Length + 16);
            int next = 1;
            int i = 0;
            while (i < fmt.Length)
            {
                if (i + 1 < fmt.Length && fmt[i] == '{' && fmt[i + 1] == '}' && next < args.Length)
                {
                    sb.Append(ValueFormatter.Display(args[next++]));
                    i += 2;
                    continue;
                }
                sb.Append(fmt[i++]);
            }
            return sb.ToString();
        }
        return JoinDisplay(args);
    }

    public static string JoinDisplay(ReadOnlySpan<Value> args)
    {
        if (args.Length == 0) return "";
        if (args.Length == 1) return ValueFormatter.Display(args[0]);
        var joined = new StringBuilder();
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0) joined.Append(' ');
            joined.Append(ValueFormatter.Display(args[i]));
        }
        return joined.ToString();
    }

    public static long Length(Value v) => v.Kind switch
    {
        ValueKind.Str => Encoding.UTF8.GetByteCount(v.AsString),
        ValueKind.Array => v.AsArray.Count,
        ValueKind.Tuple => v.AsTuple.Items.Length,
        ValueKind.Map => v.AsMap.Count,
        ValueKind.Range => v.AsRange.Count,
        _ => throw new RuchyError($"len() is not defined for {v.TypeName}"),
    };

    private static Value MinMax(ReadOnlySpan<Value> args, bool max)
    {
        ReadOnlySpan<Value> items = args.Length == 1 ? Sequences.Elements(args[0], max ? "max" : "min") : args;
        if (items.Length == 0) return Value.Nil;
        var best = items[0];
        for (int i = 1; i < items.Length; i++)
        {
            int c = Arithmetic.Compare(items[i], best, max ? ">" : "<");
            if (max ? c > 0 : c < 0) best = items[i];
        }
        return best;
    }

    private static Value RangeArray(ReadOnlySpan<Value> args)
    {
        long start = 0, end, step = 1;
        if (args.Length == 1) end = Int(args[0], "range");
        else
        {
            start = Int(args[0], "range");
            end = Int(args[1], "range");
            if (args.Length == 3) step = Int(args[2], "range");
        }
        if (step == 0) throw new RuchyError("range step cannot be zero");
        var arr = new RArray();
        for (long i = start; step > 0 ? i < end : i > end; i += step) arr.Add(Value.FromInt(i));
        return Value.FromArray(arr);
    }

    public static double Num(Value v, string fn) =>
        v.IsNumber ? v.AsNumber : throw new RuchyError($"{fn}() expects a number, got {v.TypeName}");

    public static long Int(Value v, string fn) =>
        v.IsInt ? v.AsInt : throw new RuchyError($"{fn}() expects an integer, got {v.TypeName}");

    /// <summary>A string argument, with ruchy's wording for the JSON and file built-ins.</summary>
    public static string Text(Value v, string fn) =>
        v.IsString ? v.AsString : throw new RuchyError($"{fn}() expects a string argument");

    public static string ReadFile(string path, string failure)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (IoErrors.IsIo(e))
        {
            throw new RuchyError($"{failure}: {IoErrors.Describe(e)}");
        }
    }

    public static string Str(Value v, string fn) =>
        v.IsString ? v.AsString : throw new RuchyError($"{fn}() expects a string, got {v.TypeName}");
}
