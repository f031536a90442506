using System.Globalization;
using System.Text;
using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>String methods. Strings are immutable; "mutators" (push_str...) return the new string.</summary>
internal static class StringMethods
{
    public static RArray Chars(string s)
    {
        var arr = new RArray(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length)
            {
                arr.Add(Value.FromString(s.Substring(i, 2)));
                i++;
            }
            else arr.Add(Value.FromString(CharString(s[i])));
        }
        return arr;
    }

    private static readonly string[] AsciiStrings = BuildAscii();

    private static string[] BuildAscii()
    {
        var a = new string[128];
        for (int i = 0; i < 128; i++) a[i] = ((char)i).ToString();
        return a;
    }

    /// <summary>True when every character is one UTF-16 unit (no surrogate pairs): then character i is s[i].</summary>
    public static bool IsSimple(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0;

    /// <summary>Character <paramref name="index"/> (negative counts from the end) without building the character list when possible.</summary>
    public static bool TryCharAt(string s, long index, out string ch)
    {
        if (IsSimple(s))
        {
            if (index < 0) index += s.Length;
            if (index >= 0 && index < s.Length)
            {
                ch = CharString(s[(int)index]);
                return true;
            }
            ch = "";
            return false;
        }
        var chars = Chars(s);
        if (index < 0) index += chars.Count;
        if (index >= 0 && index < chars.Count)
        {
            ch = chars[(int)index].AsString;
            return true;
        }
        ch = "";
        return false;
    }

    /// <summary>Number of characters (code points).</summary>
    public static int CharCount(string s) => IsSimple(s) ? s.Length : CountChars(s);

    /// <summary>One-character strings for ASCII are cached: s[i] and chars() allocate nothing for them.</summary>
    public static string CharString(char c) => c < 128 ? AsciiStrings[c] : c.ToString();

    private static RArray Split(IEnumerable<string> parts)
    {
        var arr = new RArray();
        foreach (var p in parts) arr.Add(Value.FromString(p));
        return arr;
    }

    public static Value Invoke(IRuntimeHost host, string s, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        switch (id)
        {
            case MethodId.Len:
            case MethodId.Length:
                return Value.FromInt(Encoding.UTF8.GetByteCount(s));
            case MethodId.Count:
                return Value.FromInt(CountChars(s));
            case MethodId.IsEmpty:
                return Value.FromBool(s.Length == 0);
            case MethodId.ToString:
            case MethodId.ToOwned:
            case MethodId.Clone:
            case MethodId.AsStr:
            case MethodId.AsRef:
            case MethodId.Borrow:
            case MethodId.Trim when s.Length == 0:
                return Value.FromString(s);
            case MethodId.ToUpper:
            case MethodId.ToUppercase:
            case MethodId.Upper:
            case MethodId.ToAsciiUppercase:
                return Value.FromString(s.ToUpperInvariant());
            case MethodId.ToLower:
            case MethodId.ToLowercase:
            case MethodId.Lower:
            case MethodId.ToAsciiLowercase:
                return Value.FromString(s.ToLowerInvariant());
            case MethodId.Capitalize:
                return Value.FromString(s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]);
            case MethodId.Trim:
                return Value.FromString(s.Trim());
            case MethodId.TrimStart:
                return Value.FromString(s.TrimStart());
            case MethodId.TrimEnd:
                return Value.FromString(s.TrimEnd());
            case MethodId.TrimMatches:
                Methods.CheckArgs(args, 1, name);
                return Value.FromString(s.Trim(Arg(args[0], name).ToCharArray()));
            case MethodId.Chars:
            case MethodId.Iter:
                return Value.FromArray(Chars(s));
            case MethodId.Bytes:
            case MethodId.AsBytes:
            {
                var bytes = Encoding.UTF8.GetBytes(s);
                var arr = new RArray(bytes.Length);
                foreach (var b in bytes) arr.Add(Value.FromInt(b));
                return Value.FromArray(arr);
            }
            case MethodId.Lines:
                return Value.FromArray(Split(s.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Where(_ => s.Length > 0)));
            case MethodId.Split:
            {
                if (args.Length == 0) return Value.FromArray(Split(s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
                Methods.CheckArgs(args, 1, name);
                string sep = Arg(args[0], name);
                if (sep.Length == 0)
                {
                    // Rust yields "" at both ends around every character.
                    var arr = new RArray();
                    arr.Add(Value.FromString(""));
                    foreach (var c in Chars(s).AsSpan()) arr.Add(c);
                    arr.Add(Value.FromString(""));
                    return Value.FromArray(arr);
                }
                return Value.FromArray(Split(s.Split(sep)));
            }
            case MethodId.Splitn:
            {
                Methods.CheckArgs(args, 2, name);
                int n = (int)BuiltinCalls.Int(args[0], name);
                return Value.FromArray(Split(s.Split(Arg(args[1], name), Math.Max(n, 1))));
            }
            case MethodId.SplitWhitespace:
                return Value.FromArray(Split(s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            case MethodId.SplitAt:
            {
                Methods.CheckArgs(args, 1, name);
                int at = ByteToCharIndex(s, BuiltinCalls.Int(args[0], name));
                return Value.FromTuple(new RTuple([Value.FromString(s[..at]), Value.FromString(s[at..])]));
            }
            case MethodId.Contains:
                Methods.CheckArgs(args, 1, name);
                return Value.FromBool(s.Contains(Arg(args[0], name), StringComparison.Ordinal));
            case MethodId.StartsWith:
                Methods.CheckArgs(args, 1, name);
                return Value.FromBool(s.StartsWith(Arg(args[0], name), StringComparison.Ordinal));
            case MethodId.EndsWith:
                Methods.CheckArgs(args, 1, name);
                return Value.FromBool(s.EndsWith(Arg(args[0], name), StringComparison.Ordinal));
            case MethodId.Find:
            {
                Methods.CheckArgs(args, 1, name);
                int i = s.IndexOf(Arg(args[0], name), StringComparison.Ordinal);
                return i < 0 ? RType.None : RType.Some(Value.FromInt(Encoding.UTF8.GetByteCount(s.AsSpan(0, i))));
            }
            case MethodId.IndexOf:
            {
                Methods.CheckArgs(args, 1, name);
                int i = s.IndexOf(Arg(args[0], name), StringComparison.Ordinal);
                return Value.FromInt(i);
            }
            case MethodId.Replace:
                Methods.CheckArgs(args, 2, name);
                return Value.FromString(Arg(args[0], name).Length == 0 ? s : s.Replace(Arg(args[0], name), Arg(args[1], name), StringComparison.Ordinal));
            case MethodId.ReplaceFirst:
            {
                Methods.CheckArgs(args, 2, name);
                string from = Arg(args[0], name);
                int i = from.Length == 0 ? -1 : s.IndexOf(from, StringComparison.Ordinal);
                return Value.FromString(i < 0 ? s : s[..i] + Arg(args[1], name) + s[(i + from.Length)..]);
            }
            case MethodId.Repeat:
                Methods.CheckArgs(args, 1, name);
                return Value.FromString(Arithmetic.Repeat(s, BuiltinCalls.Int(args[0], name)));
            case MethodId.CharAt:
            case MethodId.Nth:
            {
                Methods.CheckArgs(args, 1, name);
                long i = BuiltinCalls.Int(args[0], name);
                if (id == MethodId.Nth) return i >= 0 && TryCharAt(s, i, out var nth) ? RType.Some(Value.FromString(nth)) : RType.None;
                if (TryCharAt(s, i, out var ch)) return Value.FromString(ch);
                throw new RuchyError($"Index out of bounds: index {args[0].AsInt}, length {CharCount(s)}");
            }
            case MethodId.Substring:
            case MethodId.Slice:
            {
                if (args.Length is < 1 or > 2) Methods.CheckArgs(args, 2, name);
                long start = BuiltinCalls.Int(args[0], name);
                long end = args.Length > 1 ? BuiltinCalls.Int(args[1], name) : s.Length;
                return Value.FromString(SubstringChars(s, start, end));
            }
            case MethodId.Parse:
            case MethodId.ToInt:
            case MethodId.ToInteger:
            {
                string t = s.Trim();
                if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                    return id == MethodId.Parse ? RType.Ok(Value.FromInt(l)) : Value.FromInt(l);
                if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !t.Contains("Infinity") && !t.Contains("NaN"))
                    return id == MethodId.Parse ? RType.Ok(Value.FromFloat(d)) : Value.FromInt((long)d);
                if (id == MethodId.Parse) return RType.Err(Value.FromString($"invalid digit found in string: \"{s}\""));
                throw new RuchyError($"cannot parse \"{s}\" as an integer");
            }
            case MethodId.ToFloat:
            case MethodId.ToF64:
                return Conversions.ToFloat(Value.FromString(s));
            case MethodId.PushStr:
            case MethodId.Push:
            case MethodId.Append:
                Methods.CheckArgs(args, 1, name);
                return Value.FromString(string.Concat(s, ValueFormatter.Display(args[0])));
            case MethodId.Pop:
                return Value.FromString(s.Length == 0 ? s : s[..^(char.IsLowSurrogate(s[^1]) && s.Length > 1 ? 2 : 1)]);
            case MethodId.Clear:
                return Value.FromString("");
            case MethodId.Truncate:
                Methods.CheckArgs(args, 1, name);
                return Value.FromString(s[..ByteToCharIndex(s, BuiltinCalls.Int(args[0], name))]);
            case MethodId.Insert:
            {
                Methods.CheckArgs(args, 2, name);
                int at = ByteToCharIndex(s, BuiltinCalls.Int(args[0], name));
                return Value.FromString(s.Insert(at, ValueFormatter.Display(args[1])));
            }
            case MethodId.IsNumeric:
                return Value.FromBool(s.Length > 0 && s.All(char.IsDigit));
            case MethodId.IsDigit:
            case MethodId.IsAsciiDigit:
                return Value.FromBool(s.Length > 0 && s.All(char.IsAsciiDigit));
            case MethodId.IsAlphabetic:
                return Value.FromBool(s.Length > 0 && s.All(char.IsLetter));
            case MethodId.IsAsciiAlphabetic:
                return Value.FromBool(s.Length > 0 && s.All(char.IsAsciiLetter));
            case MethodId.IsAlphanumeric:
                return Value.FromBool(s.Length > 0 && s.All(char.IsLetterOrDigit));
            case MethodId.IsAsciiAlphanumeric:
                return Value.FromBool(s.Length > 0 && s.All(char.IsAsciiLetterOrDigit));
            case MethodId.IsWhitespace:
            case MethodId.IsAsciiWhitespace:
                return Value.FromBool(s.Length > 0 && s.All(char.IsWhiteSpace));
            case MethodId.IsUppercase:
            case MethodId.IsAsciiUppercase:
                return Value.FromBool(s.Length > 0 && s.All(char.IsUpper));
            case MethodId.IsLowercase:
            case MethodId.IsAsciiLowercase:
                return Value.FromBool(s.Length > 0 && s.All(char.IsLower));
            case MethodId.IsAsciiPunctuation:
                return Value.FromBool(s.Length > 0 && s.All(c => c < 128 && char.IsPunctuation(c) || c is '$' or '+' or '<' or '=' or '>' or '^' or '`' or '|' or '~'));
            case MethodId.ToDigit:
            {
                int radix = args.Length > 0 ? (int)BuiltinCalls.Int(args[0], name) : 10;
                if (s.Length != 1) return RType.None;
                char c = char.ToLowerInvariant(s[0]);
                int d = char.IsAsciiDigit(c) ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : 99;
                return d < radix ? RType.Some(Value.FromInt(d)) : RType.None;
            }
            case MethodId.StripPrefix:
            {
                Methods.CheckArgs(args, 1, name);
                string p = Arg(args[0], name);
                return s.StartsWith(p, StringComparison.Ordinal) ? RType.Some(Value.FromString(s[p.Length..])) : RType.None;
            }
            case MethodId.StripSuffix:
            {
                Methods.CheckArgs(args, 1, name);
                string p = Arg(args[0], name);
                return s.EndsWith(p, StringComparison.Ordinal) ? RType.Some(Value.FromString(s[..^p.Length])) : RType.None;
            }
            case MethodId.Rev:
            case MethodId.Reverse:
            {
                var chars = Chars(s);
                var sb = new StringBuilder(s.Length);
                for (int i = chars.Count - 1; i >= 0; i--) sb.Append(chars[i].AsString);
                return Value.FromString(sb.ToString());
            }
        }
        // Sequence methods (map, filter, enumerate, contains on chars...) work on the characters.
        return ArrayMethods.Invoke(host, Chars(s), id, name, args, Value.FromString(s));
    }

    private static string Arg(Value v, string method) =>
        v.IsString ? v.AsString : throw new RuchyError($"Method '{method}' expects a string argument, got {v.TypeName}");

    private static int CountChars(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
            if (!char.IsLowSurrogate(s[i])) n++;
        return n;
    }

    /// <summary>Maps a UTF-8 byte offset (Rust's string indexing) to a UTF-16 index.</summary>
    public static int ByteToCharIndex(string s, long byteIndex)
    {
        if (byteIndex <= 0) return 0;
        long bytes = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (bytes >= byteIndex) return i;
            char c = s[i];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsHighSurrogate(c) ? 4 : char.IsLowSurrogate(c) ? 0 : 3;
        }
        if (bytes < byteIndex) throw new RuchyError($"byte index {byteIndex} is out of range of a string of {bytes} bytes");
        return s.Length;
    }

    /// <summary>Characters [start, end) by character position (negative positions count from the end).</summary>
    public static string SubstringChars(string s, long start, long end)
    {
        if (IsSimple(s))
        {
            long len = s.Length;
            if (start < 0) start += len;
            if (end < 0) end += len;
            start = Math.Clamp(start, 0, len);
            end = Math.Clamp(end, start, len);
            return s.Substring((int)start, (int)(end - start));
        }
        var chars = Chars(s);
        long n = chars.Count;
        if (start < 0) start += n;
        if (end < 0) end += n;
        start = Math.Clamp(start, 0, n);
        end = Math.Clamp(end, start, n);
        var sb = new StringBuilder();
        for (long i = start; i < end; i++) sb.Append(chars[(int)i].AsString);
        return sb.ToString();
    }
}
