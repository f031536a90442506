using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>Conversions behind int(), float() and <c>as</c> casts.</summary>
internal static class Conversions
{
    public static Value ToInt(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Int: return v;
            case ValueKind.Float:
            {
                double d = v.AsFloat;
                // Rust `as` saturates and maps NaN to 0.
                if (double.IsNaN(d)) return Value.FromInt(0);
                if (d >= 9.2233720368547758e18) return Value.FromInt(long.MaxValue);
                if (d <= -9.2233720368547758e18) return Value.FromInt(long.MinValue);
                return Value.FromInt((long)d);
            }
            case ValueKind.Bool: return Value.FromInt(v.AsBool ? 1 : 0);
            case ValueKind.Str:
            {
                string s = v.AsString;
                if (s.Length is 1 or 2 && char.ConvertToUtf32(s, 0) is int cp && s.Length == char.ConvertFromUtf32(cp).Length && !char.IsAsciiDigit(s[0]))
                    return Value.FromInt(cp);
                if (long.TryParse(s.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long l))
                    return Value.FromInt(l);
                if (s.Length == 1) return Value.FromInt(s[0]);
                throw new RuchyError($"cannot convert \"{s}\" to an integer");
            }
            case ValueKind.Enum when v.AsEnum.Payload.Length == 0:
                return Value.FromInt(v.AsEnum.Info.Discriminant);
            default:
                throw new RuchyError($"cannot convert {v.TypeName} to an integer");
        }
    }

    public static Value ToFloat(Value v) => v.Kind switch
    {
        ValueKind.Int => Value.FromFloat(v.AsInt),
        ValueKind.Float => v,
        ValueKind.Bool => Value.FromFloat(v.AsBool ? 1 : 0),
        ValueKind.Str => double.TryParse(v.AsString.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
            ? Value.FromFloat(d)
            : throw new RuchyError($"cannot convert \"{v.AsString}\" to a float"),
        _ => throw new RuchyError($"cannot convert {v.TypeName} to a float"),
    };

    public static Value ToChar(Value v) => v.Kind switch
    {
        ValueKind.Int when v.AsInt >= 0 && v.AsInt <= 0x10FFFF && (v.AsInt < 0xD800 || v.AsInt > 0xDFFF) => Value.FromString(char.ConvertFromUtf32((int)v.AsInt)),
        ValueKind.Str => v,
        _ => throw new RuchyError($"cannot convert {v.TypeName} to a char"),
    };
}
