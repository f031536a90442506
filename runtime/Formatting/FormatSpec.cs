using System.Globalization;
using System.Text;

namespace Ruchy.Formatting;

/// <summary>
/// The part after ':' in a Rust format argument:
/// <c>[[fill]align][sign]['#']['0'][width]['.' precision][type]</c>.
/// </summary>
internal sealed class FormatSpec
{
    // Rust limits width and precision to u16.
    private const int MaxCount = ushort.MaxValue;

    public char Fill = ' ';

    /// <summary>'\0' (type default), '&lt;', '&gt;' or '^'.</summary>
    public char Align;

    public bool Plus;
    public bool Alternate;
    public bool ZeroPad;
    public int? Width;
    public int? Precision;

    /// <summary>"", "?", "x", "X", "x?", "X?", "b", "o", "e" or "E".</summary>
    public string Type = "";

    /// <summary>A fresh default spec (a new instance each time, since the fields are mutable).</summary>
    public static FormatSpec Default => new();

    /// <summary>Parses the text after ':'. Returns false with a message on bad input.</summary>
    public static bool TryParse(string spec, out FormatSpec result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        result = new FormatSpec();
        error = null;
        var i = 0;

        if (spec.Length >= 2 && IsAlign(spec[1]) && !char.IsSurrogate(spec[0]))
        {
            result.Fill = spec[0];
            result.Align = spec[1];
            i = 2;
        }
        else if (spec.Length >= 1 && IsAlign(spec[0]))
        {
            result.Align = spec[0];
            i = 1;
        }
        else if (spec.Length >= 3 && char.IsHighSurrogate(spec[0]) && IsAlign(spec[2]))
        {
            error = "fill characters outside the Basic Multilingual Plane are not supported";
            return false;
        }

        if (i < spec.Length && spec[i] == '+')
        {
            result.Plus = true;
            i++;
        }
        else if (i < spec.Length && spec[i] == '-')
        {
            // Rust accepts '-' but gives it no meaning.
            i++;
        }

        if (i < spec.Length && spec[i] == '#')
        {
            result.Alternate = true;
            i++;
        }

        if (i < spec.Length && spec[i] == '0' && !(i + 1 < spec.Length && spec[i + 1] == '$'))
        {
            result.ZeroPad = true;
            i++;
        }

        if (!TryParseCount(spec, ref i, "width", out var width, out error))
        {
            return false;
        }

        result.Width = width;

        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            if (i < spec.Length && spec[i] == '*')
            {
                error = "precision taken from an argument ('.*') is not supported";
                return false;
            }

            if (!TryParseCount(spec, ref i, "precision", out var precision, out error))
            {
                return false;
            }

            if (precision is null)
            {
                error = $"expected a precision after '.' in format spec '{spec}'";
                return false;
            }

            result.Precision = precision;
        }

        var type = spec[i..];
        if (!IsKnownType(type))
        {
            error = $"unknown format trait '{type}' in format spec '{spec}'";
            return false;
        }

        result.Type = type;
        return true;
    }

    /// <summary>
    /// Pads <paramref name="rendered"/> to <see cref="Width"/>. Numbers default to right alignment,
    /// everything else to left. With <see cref="ZeroPad"/> on a number, Rust ignores fill and
    /// alignment and puts zeros after the sign and any 0x/0b/0o prefix.
    /// </summary>
    public string Pad(string rendered, bool isNumeric)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        if (Width is not int width)
        {
            return rendered;
        }

        var padding = width - CountChars(rendered);
        if (padding <= 0)
        {
            return rendered;
        }

        if (ZeroPad && isNumeric)
        {
            var prefixLen = SignAndPrefixLength(rendered);
            return string.Concat(rendered.AsSpan(0, prefixLen), new string('0', padding), rendered.AsSpan(prefixLen));
        }

        var align = Align != '\0' ? Align : isNumeric ? '>' : '<';
        var (before, after) = align switch
        {
            '<' => (0, padding),
            '^' => (padding / 2, (padding + 1) / 2),
            _ => (padding, 0),
        };
        var sb = new StringBuilder(rendered.Length + padding);
        sb.Append(Fill, before).Append(rendered).Append(Fill, after);
        return sb.ToString();
    }

    /// <summary>Rust measures width in chars (Unicode scalar values), so a surrogate pair counts once.</summary>
    internal static int CountChars(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (!char.IsLowSurrogate(c))
            {
                count++;
            }
        }

        return count;
    }

    private int SignAndPrefixLength(string rendered)
    {
        var n = 0;
        if (n < rendered.Length && (rendered[n] == '+' || rendered[n] == '-'))
        {
            n++;
        }

        if (Alternate && rendered.Length >= n + 2 && rendered[n] == '0' && rendered[n + 1] is 'x' or 'b' or 'o')
        {
            n += 2;
        }

        return n;
    }

    private static bool IsAlign(char c) => c is '<' or '>' or '^';

    private static bool IsKnownType(string type) =>
        type is "" or "?" or "x" or "X" or "x?" or "X?" or "b" or "o" or "e" or "E";

    /// <summary>Parses an optional decimal count; rejects Rust's argument forms (N$, name$).</summary>
    private static bool TryParseCount(string spec, ref int i, string what, out int? count, out string? error)
    {
        count = null;
        error = null;
        var start = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i]))
        {
            i++;
        }

        var end = i;
        while (end < spec.Length && (char.IsAsciiLetterOrDigit(spec[end]) || spec[end] == '_'))
        {
            end++;
        }

        if (end < spec.Length && spec[end] == '$')
        {
            error = $"{what} taken from an argument ('{spec[start..(end + 1)]}') is not supported";
            return false;
        }

        if (i == start)
        {
            return true;
        }

        if (!int.TryParse(spec.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value > MaxCount)
        {
            error = $"{what} '{spec[start..i]}' is too large (maximum {MaxCount})";
            return false;
        }

        count = value;
        return true;
    }
}
