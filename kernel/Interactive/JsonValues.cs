using System.Globalization;
using System.Text;
using System.Text.Json;
using Ruchy.Values;

namespace RuchyLab.Interactive;

/// <summary>
/// Moves values between Ruchy and other kernels. <c>#!set</c> carries them as <c>application/json</c>:
/// numbers, strings, booleans and null, arrays, and objects (which become maps with string keys).
/// Going back, structs become objects of their fields, tuples and ranges arrays, <c>Some(x)</c> is x
/// and <c>None</c> null; what JSON cannot hold (functions, types) becomes its display string.
/// </summary>
public static class JsonValues
{
    public const string MimeType = "application/json";

    public static Value FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    public static Value FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Value.Nil,
        JsonValueKind.True => Value.True,
        JsonValueKind.False => Value.False,
        JsonValueKind.String => Value.FromString(element.GetString()!),
        JsonValueKind.Number => element.TryGetInt64(out long i) ? Value.FromInt(i) : Value.FromFloat(element.GetDouble()),
        JsonValueKind.Array => FromArray(element),
        _ => FromObject(element),
    };

    private static Value FromArray(JsonElement element)
    {
        var array = new RArray(element.GetArrayLength());
        foreach (var item in element.EnumerateArray()) array.Add(FromJson(item));
        return Value.FromArray(array);
    }

    private static Value FromObject(JsonElement element)
    {
        var map = new RMap();
        foreach (var property in element.EnumerateObject()) map.Set(Value.FromString(property.Name), FromJson(property.Value), out _);
        return Value.FromMap(map);
    }

    /// <summary>A .NET object (what an in-process kernel may send by reference) as a Ruchy value, through the same JSON shapes.</summary>
    public static Value FromObject(object? value) => value switch
    {
        null => Value.Nil,
        Value v => v,
        bool b => Value.FromBool(b),
        string s => Value.FromString(s),
        char c => Value.FromString(c.ToString()),
        sbyte or byte or short or ushort or int or uint or long => Value.FromInt(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        float or double or decimal or ulong => Value.FromFloat(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        JsonElement e => FromJson(e),
        JsonDocument d => FromJson(d.RootElement),
        _ => FromJson(JsonSerializer.Serialize(value)),
    };

    public static string ToJson(Value value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Nil: writer.WriteNullValue(); break;
            case ValueKind.Bool: writer.WriteBooleanValue(value.AsBool); break;
            case ValueKind.Int: writer.WriteNumberValue(value.AsInt); break;
            case ValueKind.Float:
                double d = value.AsFloat;
                // JSON has no NaN or infinities; their names are the least surprising stand-in.
                if (double.IsFinite(d)) writer.WriteNumberValue(d);
                else writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case ValueKind.Str: writer.WriteStringValue(value.AsString); break;
            case ValueKind.Array: WriteArray(writer, value.AsArray.AsSpan()); break;
            case ValueKind.Tuple: WriteArray(writer, value.AsTuple.Items); break;
            case ValueKind.Range:
                var range = value.AsRange;
                writer.WriteStartArray();
                for (long i = range.Start; range.Inclusive ? i <= range.End : i < range.End; i++) writer.WriteNumberValue(i);
                writer.WriteEndArray();
                break;
            case ValueKind.Map:
                writer.WriteStartObject();
                foreach (var (key, item) in value.AsMap.Entries)
                {
                    writer.WritePropertyName(key.IsString ? key.AsString : ValueFormatter.Display(key));
                    Write(writer, item);
                }
                writer.WriteEndObject();
                break;
            case ValueKind.Struct:
                var s = value.AsStruct;
                writer.WriteStartObject();
                for (int i = 0; i < s.Fields.Length; i++)
                {
                    writer.WritePropertyName(i < s.Type.FieldNames.Length ? s.Type.FieldNames[i] : i.ToString(CultureInfo.InvariantCulture));
                    Write(writer, s.Fields[i]);
                }
                writer.WriteEndObject();
                break;
            case ValueKind.Enum when value.AsEnum.IsNone:
                writer.WriteNullValue();
                break;
            case ValueKind.Enum when value.AsEnum.IsSome && value.AsEnum.Payload.Length == 1:
                Write(writer, value.AsEnum.Payload[0]);
                break;
            default:
                writer.WriteStringValue(ValueFormatter.Display(value));
                break;
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, ReadOnlySpan<Value> items)
    {
        writer.WriteStartArray();
        foreach (var item in items) Write(writer, item);
        writer.WriteEndArray();
    }

    /// <summary>The plain .NET shape of a value (long, double, string, bool, null, lists, string-keyed dictionaries), for in-process readers.</summary>
    public static object? ToObject(Value value)
    {
        using var document = JsonDocument.Parse(ToJson(value));
        return ToObject(document.RootElement);
    }

    private static object? ToObject(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long i) ? i : element.GetDouble(),
        JsonValueKind.Array => element.EnumerateArray().Select(ToObject).ToList(),
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToObject(p.Value)),
        _ => null,
    };

}
