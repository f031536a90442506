using System.Globalization;
using System.Numerics;
using System.Text;

namespace Ruchy.Formatting;

/// <summary>Parsing of Rust format strings and rendering of values according to a <see cref="FormatSpec"/>.</summary>
internal static class FormatString
{
    /// <summary>Splits a Rust format string into literal and argument pieces.</summary>
    public static bool TryParse(string format, out IReadOnlyList<FormatPiece> pieces, out string? error)
    {
        ArgumentNullException.ThrowIfNull(format);
        var list = new List<FormatPiece>();
        var literal = new StringBuilder();
        pieces = list;
        error = null;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                return Fail(out pieces, out error, $"invalid format string: unmatched '}}' at offset {i}");
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < format.Length && format[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
                continue;
            }

            var open = i;
            var close = format.IndexOfAny(['{', '}'], open + 1);
            if (close < 0)
            {
                return Fail(out pieces, out error,
                    $"invalid format string: expected '}}' but string was terminated (unclosed '{{' at offset {open})");
            }

            if (format[close] == '{')
            {
                return Fail(out pieces, out error,
                    $"invalid format string: unexpected '{{' at offset {close} inside the argument starting at offset {open}");
            }

            if (!TryParseArgument(format.Substring(open + 1, close - open - 1), open, out var argument, out error))
            {
                pieces = Array.Empty<FormatPiece>();
                return false;
            }

            if (literal.Length > 0)
            {
                list.Add(new LiteralPiece(literal.ToString()));
                literal.Clear();
            }

            list.Add(argument);
            i = close + 1;
        }

        if (literal.Length > 0)
        {
            list.Add(new LiteralPiece(literal.ToString()));
        }

        return true;
    }

    /// <summary>Formats an integer: decimal (optional '+'), x/X/b/o in two's complement with '#' prefixes, e/E, then pads.</summary>
    public static string FormatInt(long value, FormatSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string rendered;
        switch (spec.Type)
        {
            case "x" or "x?":
                rendered = Radix(unchecked((ulong)value).ToString("x", CultureInfo.InvariantCulture), "0x", spec);
                break;
            case "X" or "X?":
                // Rust's UpperHex still uses a lower-case "0x" prefix.
                rendered = Radix(unchecked((ulong)value).ToString("X", CultureInfo.InvariantCulture), "0x", spec);
                break;
            case "b":
                rendered = Radix(Convert.ToString(value, 2), "0b", spec);
                break;
            case "o":
                rendered = Radix(Convert.ToString(value, 8), "0o", spec);
                break;
            case "e" or "E":
                rendered = IntExp(value, spec);
                break;
            default:
                // Precision is ignored for integers, as in Rust.
                var text = value.ToString(CultureInfo.InvariantCulture);
                rendered = value >= 0 && spec.Plus ? "+" + text : text;
                break;
        }

        return spec.Pad(rendered, isNumeric: true);
    }

    /// <summary>
    /// Formats a float: precision gives Rust's <c>{:.N}</c>, e/E exponent form, otherwise ruchy's Display
    /// (which keeps ".0" on integral values). Types that floats do not support (x, b, o) fall back to Display.
    /// </summary>
    public static string FormatFloat(double value, FormatSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rendered = spec.Type switch
        {
            "e" => spec.Precision is int p ? FloatFormatter.LowerExp(value, p) : FloatFormatter.LowerExp(value),
            "E" => spec.Precision is int p ? FloatFormatter.UpperExp(value, p) : FloatFormatter.UpperExp(value),
            _ => spec.Precision is int p ? FloatFormatter.Fixed(value, p) : FloatFormatter.Display(value),
        };

        // Rust never puts a sign on NaN; negative values (including -0.0) already carry '-'.
        if (spec.Plus && !double.IsNaN(value) && !double.IsNegative(value))
        {
            rendered = "+" + rendered;
        }

        return spec.Pad(rendered, isNumeric: true);
    }

    /// <summary>Formats text: precision truncates to that many chars (as Rust does for str), then pads (left by default).</summary>
    public static string FormatStr(string text, FormatSpec spec)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Precision is int max && FormatSpec.CountChars(text) > max)
        {
            var cut = 0;
            for (var taken = 0; taken < max; taken++)
            {
                cut += char.IsHighSurrogate(text[cut]) && cut + 1 < text.Length && char.IsLowSurrogate(text[cut + 1]) ? 2 : 1;
            }

            text = text[..cut];
        }

        return spec.Pad(text, isNumeric: false);
    }

    private static string Radix(string digits, string prefix, FormatSpec spec)
    {
        // Radix formats print the two's complement bit pattern, so there is never a '-'.
        var sign = spec.Plus ? "+" : "";
        return spec.Alternate ? sign + prefix + digits : sign + digits;
    }

    private static string IntExp(long value, FormatSpec spec)
    {
        var marker = spec.Type == "E" ? 'E' : 'e';
        var sign = value < 0 ? "-" : spec.Plus ? "+" : "";
        var magnitude = BigInteger.Abs(new BigInteger(value));
        if (magnitude.IsZero)
        {
            var zeros = spec.Precision is int zp && zp > 0 ? "0." + new string('0', zp) : "0";
            return sign + zeros + marker + "0";
        }

        var text = magnitude.ToString(CultureInfo.InvariantCulture);
        var exponent = text.Length - 1;
        if (spec.Precision is int precision)
        {
            var (digits, exp) = FloatFormatter.RoundToSignificant(magnitude, BigInteger.One, exponent, precision);
            return FloatFormatter.LayoutExp(sign, digits, exp, marker);
        }

        // Without a precision Rust prints all significant digits, dropping trailing zeros.
        var significant = text.TrimEnd('0');
        return FloatFormatter.LayoutExp(sign, significant, exponent, marker);
    }

    private static bool TryParseArgument(string inner, int open, out ArgumentPiece argument, out string? error)
    {
        argument = null!;
        error = null;
        var colon = inner.IndexOf(':', StringComparison.Ordinal);
        var name = colon >= 0 ? inner[..colon] : inner;
        var specText = colon >= 0 ? inner[(colon + 1)..] : "";

        // Rust allows whitespace before the closing brace.
        if (colon >= 0)
        {
            specText = TrimTrailingWhitespace(specText);
        }
        else
        {
            name = TrimTrailingWhitespace(name);
        }

        int? index = null;
        string? argName = null;
        if (name.Length > 0)
        {
            if (name.All(char.IsAsciiDigit))
            {
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    error = $"invalid format string: argument index '{name}' is too large at offset {open}";
                    return false;
                }

                index = parsed;
            }
            else if (IsIdentifier(name))
            {
                argName = name;
            }
            else
            {
                error = $"invalid format string: invalid argument name '{name}' at offset {open}";
                return false;
            }
        }

        if (!FormatSpec.TryParse(specText, out var spec, out var specError))
        {
            error = $"invalid format string: {specError} at offset {open}";
            return false;
        }

        argument = new ArgumentPiece(index, argName, spec, specText);
        return true;
    }

    private static string TrimTrailingWhitespace(string text)
    {
        // Only trailing whitespace goes: a leading space can be a fill character.
        var end = text.Length;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    private static bool IsIdentifier(string name)
    {
        if (!(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        // A lone '_' is not a valid Rust identifier.
        if (name == "_")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Fail(out IReadOnlyList<FormatPiece> pieces, out string? error, string message)
    {
        pieces = Array.Empty<FormatPiece>();
        error = message;
        return false;
    }
}
