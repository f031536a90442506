using System.Globalization;
using System.Text;
using System.Text.Json;
using Ruchy.Formatting;
using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// ruchy's JSON built-ins (json_parse, json_stringify, json_pretty, json_get... and JSON.parse/JSON.stringify).
/// Objects become maps and back; like ruchy's serde_json they are written with their keys sorted, and a
/// parsed object's entries are inserted in that order. Integers that fit i64 stay integers.
/// </summary>
internal static class JsonFunctions
{
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 128 };

    /// <summary>json_parse / parse_json: errors as <c>JSON parse error: ...</c>; JSON.parse uses <paramref name="prefix"/> "JSON.parse() failed".</summary>
    public static Value Parse(string text, string prefix = "JSON parse error")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, ReadOptions);
        }
        catch (JsonException e)
        {
            throw new RuchyError($"{prefix}: {Describe(e)}");
        }
        using (doc) return FromElement(doc.RootElement);
    }

    public static bool IsValid(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, ReadOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>json_type: "null", "boolean", "number", "string", "array" or "object".</summary>
    public static string TypeOf(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, ReadOptions);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.Null => "null",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Number => "number",
                JsonValueKind.String => "string",
                JsonValueKind.Array => "array",
                _ => "object",
            };
        }
        catch (JsonException e)
        {
            throw new RuchyError("JSON parse error: " + Describe(e));
        }
    }

    /// <summary>The message without System.Text.Json's "LineNumber: 0 | BytePositionInLine: 3." tail, positions 1-based.</summary>
    private static string Describe(JsonException e)
    {
        string message = e.Message;
        int tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (tail >= 0) message = message[..tail];
        message = message.TrimEnd('.', ' ');
        return e.LineNumber is long line && e.BytePositionInLine is long col
            ? $"{message} at line {line + 1} column {col + 1}"
            : message;
    }

    private static Value FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return Value.Nil;
            case JsonValueKind.True: return Value.True;
            case JsonValueKind.False: return Value.False;
            case JsonValueKind.String: return Value.FromString(e.GetString()!);
            case JsonValueKind.Number:
                // serde_json: a number without fraction or exponent that fits i64 is an integer, else f64.
                string raw = e.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                    return Value.FromInt(l);
                return Value.FromFloat(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValueKind.Array:
            {
                var arr = new RArray(e.GetArrayLength());
                foreach (var item in e.EnumerateArray()) arr.Add(FromElement(item));
                return Value.FromArray(arr);
            }
            default:
            {
                // Last duplicate wins (serde_json), then keys in sorted order (its BTreeMap).
                var entries = new SortedDictionary<string, Value>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject()) entries[p.Name] = FromElement(p.Value);
                var map = new RMap();
                foreach (var kv in entries) map.Set(Value.FromString(kv.Key), kv.Value, out _);
                return Value.FromMap(map);
            }
        }
    }

    /// <summary>
    /// json_stringify / json_pretty, written as serde_json writes (its escapes, its float digits, two-space
    /// indentation), which Utf8JsonWriter cannot do: it escapes every character outside the BMP.
    /// <paramref name="strictFloats"/>: JSON.stringify rejects NaN and infinities; json_stringify writes null.
    /// </summary>
    public static string Stringify(Value v, bool pretty, bool strictFloats = false)
    {
        var sb = new StringBuilder();
        Write(sb, v, pretty, strictFloats, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Value v, bool pretty, bool strictFloats, int depth)
    {
        if (depth > 512) throw new RuchyError("JSON stringify error: value is nested too deeply");
        switch (v.Kind)
        {
            case ValueKind.Nil: sb.Append("null"); break;
            case ValueKind.Bool: sb.Append(v.AsBool ? "true" : "false"); break;
            case ValueKind.Int: sb.Append(v.AsInt.ToString(CultureInfo.InvariantCulture)); break;
            case ValueKind.Float:
            {
                double d = v.AsFloat;
                if (double.IsFinite(d)) sb.Append(FloatFormatter.Json(d));
                else if (strictFloats) throw new RuchyError("Invalid float for JSON");
                else sb.Append("null");
                break;
            }
            case ValueKind.Str: WriteString(sb, v.AsString); break;
            case ValueKind.Array:
            {
                var items = v.AsArray.AsSpan();
                sb.Append('[');
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, pretty, depth + 1);
                    Write(sb, items[i], pretty, strictFloats, depth + 1);
                }
                if (items.Length > 0) NewLine(sb, pretty, depth);
                sb.Append(']');
                break;
            }
            case ValueKind.Map:
            {
                var entries = new SortedDictionary<string, Value>(StringComparer.Ordinal);
                foreach (var kv in v.AsMap.Entries) entries[ValueFormatter.Display(kv.Key)] = kv.Value;
                sb.Append('{');
                bool first = true;
                foreach (var kv in entries)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    NewLine(sb, pretty, depth + 1);
                    WriteString(sb, kv.Key);
                    sb.Append(pretty ? ": " : ":");
                    Write(sb, kv.Value, pretty, strictFloats, depth + 1);
                }
                if (entries.Count > 0) NewLine(sb, pretty, depth);
                sb.Append('}');
                break;
            }
            default:
                throw new RuchyError($"Cannot convert {v.TypeName} to JSON");
        }
    }

    private static void NewLine(StringBuilder sb, bool pretty, int depth)
    {
        if (pretty) sb.Append('\n').Append(' ', 2 * depth);
    }

    /// <summary>serde_json's escapes: quote, backslash, \b \f \n \r \t, other controls as \u00xx; everything else as is.</summary>
    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>A JSON copy of <paramref name="v"/> (keys sorted, NaN as nil), as ruchy's round trip through serde_json gives.</summary>
    private static Value Normalize(Value v) => Parse(Stringify(v, pretty: false));

    /// <summary>json_get(value, "a.b.c"): the value at a dot path through objects, or nil.</summary>
    public static Value Get(Value root, string path)
    {
        var current = Normalize(root);
        foreach (var key in path.Split('.'))
        {
            if (current.Kind != ValueKind.Map || !current.AsMap.TryGet(Value.FromString(key), out current)) return Value.Nil;
        }
        return current;
    }

    /// <summary>json_set(value, "a.b", new): a copy with the value at the path replaced; a missing intermediate key leaves it unchanged.</summary>
    public static Value Set(Value root, string path, Value replacement)
    {
        var result = Normalize(root);
        SetAt(result, path.Split('.'), 0, Normalize(replacement));
        return Normalize(result);
    }

    // The maps are fresh copies from Normalize, so they are changed in place.
    private static void SetAt(Value node, string[] path, int at, Value replacement)
    {
        if (node.Kind != ValueKind.Map) return;
        var map = node.AsMap;
        var key = Value.FromString(path[at]);
        if (at == path.Length - 1)
        {
            map.Set(key, replacement, out _);
        }
        else if (map.TryGet(key, out var child))
        {
            SetAt(child, path, at + 1, replacement);
        }
    }

    /// <summary>json_merge(a, b): objects merged key by key (recursively); otherwise b.</summary>
    public static Value Merge(Value a, Value b) => Normalize(MergeValues(Normalize(a), Normalize(b)));

    private static Value MergeValues(Value a, Value b)
    {
        if (a.Kind != ValueKind.Map || b.Kind != ValueKind.Map) return b;
        var map = a.AsMap;
        foreach (var kv in b.AsMap.Entries)
            map.Set(kv.Key, map.TryGet(kv.Key, out var old) ? MergeValues(old, kv.Value) : kv.Value, out _);
        return a;
    }
}
