using System.Globalization;
using System.Numerics;
using System.Text;

namespace Ruchy.Formatting;

/// <summary>
/// Formats doubles exactly the way Rust (and therefore ruchy) prints f64 values.
/// </summary>
internal static class FloatFormatter
{
    /// <summary>
    /// Ruchy's Display of a float: integral finite values go through Rust's <c>{:.1}</c>
    /// (exact digits, one decimal), everything else through Rust's <c>{}</c>
    /// (shortest round-trip digits, never exponent notation).
    /// </summary>
    public static string Display(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // Ruchy checks fract() == 0.0 and then uses {:.1}, which prints the exact binary value.
        if (Math.Truncate(value) == value)
        {
            // Below 2^63 the value converts to long exactly, avoiding big-integer work.
            if (Math.Abs(value) < 9.2e18)
            {
                var whole = ((long)Math.Abs(value)).ToString(CultureInfo.InvariantCulture);
                return double.IsNegative(value) ? "-" + whole + ".0" : whole + ".0";
            }

            return Fixed(value, 1);
        }

        var (digits, pointPos) = ShortestDigits(value);
        var sb = new StringBuilder(digits.Length + Math.Abs(pointPos) + 3);
        if (double.IsNegative(value))
        {
            sb.Append('-');
        }

        AppendPlain(sb, digits, pointPos);
        return sb.ToString();
    }

    /// <summary>Rust <c>{:.N}</c>: exactly <paramref name="decimals"/> digits, rounded half-to-even from the exact binary value.</summary>
    public static string Fixed(double value, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        var digits = TryFixedDigitsFast(value, decimals)
            ?? RoundScaledExact(value, decimals).ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= decimals)
        {
            digits = new string('0', decimals + 1 - digits.Length) + digits;
        }

        var sb = new StringBuilder(digits.Length + 2);
        if (double.IsNegative(value))
        {
            // Rust keeps the sign of negative values even when they round to zero.
            sb.Append('-');
        }

        var intLen = digits.Length - decimals;
        sb.Append(digits, 0, intLen);
        if (decimals > 0)
        {
            sb.Append('.').Append(digits, intLen, decimals);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A finite double as serde_json writes it (the ryu layout): shortest digits, plain when the point
    /// falls within 16 digits (<c>1.0</c>, <c>0.00001</c>), otherwise exponent form (<c>1e16</c>, <c>1.5e-7</c>).
    /// </summary>
    public static string Json(double value)
    {
        string sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";
        var (digits, point) = ShortestDigits(value);
        int length = digits.Length;
        int k = point - length;
        if (k >= 0 && point <= 16) return sign + digits + new string('0', k) + ".0";
        if (point > 0 && point <= 16) return sign + digits[..point] + "." + digits[point..];
        if (point > -5 && point <= 0) return sign + "0." + new string('0', -point) + digits;
        string mantissa = length == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + mantissa + "e" + (point - 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Rust <c>{:e}</c>: shortest round-trip digits in exponent form, e.g. "1.2345e3".</summary>
    public static string LowerExp(double value) => ShortestExp(value, 'e');

    /// <summary>Rust <c>{:E}</c>: like <see cref="LowerExp(double)"/> with an upper-case 'E'.</summary>
    public static string UpperExp(double value) => ShortestExp(value, 'E');

    /// <summary>Rust <c>{:.Ne}</c>: exactly <paramref name="precision"/> digits after the point, half-to-even.</summary>
    public static string LowerExp(double value, int precision) => ExactExp(value, precision, 'e');

    /// <summary>Rust <c>{:.NE}</c>.</summary>
    public static string UpperExp(double value, int precision) => ExactExp(value, precision, 'E');

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";

    private static string ShortestExp(double value, char marker)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0)
        {
            return sign + "0" + marker + "0";
        }

        var (digits, pointPos) = ShortestDigits(value);
        var sb = new StringBuilder(digits.Length + 8);
        sb.Append(sign).Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        sb.Append(marker).Append((pointPos - 1).ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string ExactExp(double value, int precision, char marker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(precision);
        if (!double.IsFinite(value))
        {
            return NonFinite(value);
        }

        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0)
        {
            var zeros = precision > 0 ? "0." + new string('0', precision) : "0";
            return sign + zeros + marker + "0";
        }

        var (num, den) = ExactRatio(value);
        var exp = DecimalExponent(num, den, Math.Abs(value));
        var digits = RoundToSignificant(num, den, exp, precision);
        return LayoutExp(sign, digits.Digits, digits.Exponent, marker);
    }

    /// <summary>Lays out "d.ddd" + marker + exponent; shared with integer exponent formatting.</summary>
    internal static string LayoutExp(string sign, string digits, int exponent, char marker)
    {
        var sb = new StringBuilder(sign.Length + digits.Length + 8);
        sb.Append(sign).Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        sb.Append(marker).Append(exponent.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>
    /// Rounds num/den (a positive value with decimal exponent <paramref name="exp"/>) to
    /// precision+1 significant digits, half-to-even. Shared with integer exponent formatting.
    /// </summary>
    internal static (string Digits, int Exponent) RoundToSignificant(BigInteger num, BigInteger den, int exp, int precision)
    {
        var q = RoundScaled(num, den, precision - exp);
        // Rounding can carry into a new digit (9.96 -> 10.0); the dropped digit is then a zero.
        if (q == BigInteger.Pow(10, precision + 1))
        {
            q /= 10;
            exp++;
        }

        return (q.ToString(CultureInfo.InvariantCulture), exp);
    }

    /// <summary>Rounds num/den * 10^shift to an integer, ties to even.</summary>
    internal static BigInteger RoundScaled(BigInteger num, BigInteger den, int shift)
    {
        if (shift >= 0)
        {
            num *= BigInteger.Pow(10, shift);
        }
        else
        {
            den *= BigInteger.Pow(10, -shift);
        }

        var q = BigInteger.DivRem(num, den, out var r);
        var cmp = (r * 2).CompareTo(den);
        if (cmp > 0 || (cmp == 0 && !q.IsEven))
        {
            q += 1;
        }

        return q;
    }

    private static BigInteger RoundScaledExact(double value, int decimals)
    {
        var (num, den) = ExactRatio(value);
        return RoundScaled(num, den, decimals);
    }

    /// <summary>
    /// Same result as the BigInteger path for the common case (fractional values, few decimals),
    /// using 128-bit arithmetic so everyday printing does not allocate big integers.
    /// </summary>
    private static string? TryFixedDigitsFast(double value, int decimals)
    {
        // 2^53 * 10^22 < 2^128, so mantissa * 10^decimals cannot overflow.
        if (decimals > 22)
        {
            return null;
        }

        var (mantissa, exponent) = Decompose(value);
        if (exponent >= 0 || exponent < -127)
        {
            return null;
        }

        var shift = -exponent;
        var num = (UInt128)(ulong)mantissa * UInt128Pow10(decimals);
        var q = num >> shift;
        var r = num - (q << shift);
        var half = UInt128.One << (shift - 1);
        if (r > half || (r == half && (q & UInt128.One) != UInt128.Zero))
        {
            q++;
        }

        return q.ToString(CultureInfo.InvariantCulture);
    }

    private static UInt128 UInt128Pow10(int n)
    {
        var result = UInt128.One;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }

    /// <summary>|value| = mantissa * 2^exponent.</summary>
    private static (long Mantissa, int Exponent) Decompose(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1L << 52) - 1);
        return biased == 0 ? (fraction, -1074) : (fraction | (1L << 52), biased - 1075);
    }

    /// <summary>The exact |value| as num/den with den a power of two.</summary>
    private static (BigInteger Num, BigInteger Den) ExactRatio(double value)
    {
        var (mantissa, exponent) = Decompose(value);
        return exponent >= 0
            ? (new BigInteger(mantissa) << exponent, BigInteger.One)
            : (new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    /// <summary>floor(log10(num/den)) computed exactly; the double estimate can be off by one.</summary>
    private static int DecimalExponent(BigInteger num, BigInteger den, double magnitude)
    {
        var exp = (int)Math.Floor(Math.Log10(magnitude));
        while (CompareWithPow10(num, den, exp) < 0)
        {
            exp--;
        }

        while (CompareWithPow10(num, den, exp + 1) >= 0)
        {
            exp++;
        }

        return exp;
    }

    private static int CompareWithPow10(BigInteger num, BigInteger den, int exp) =>
        exp >= 0
            ? num.CompareTo(den * BigInteger.Pow(10, exp))
            : (num * BigInteger.Pow(10, -exp)).CompareTo(den);

    /// <summary>
    /// Shortest round-trip significant digits of |value| (non-zero, finite) and the position of the
    /// decimal point relative to the first digit: value = 0.DIGITS * 10^pointPos.
    /// </summary>
    private static (string Digits, int PointPos) ShortestDigits(double value)
    {
        // .NET Core 3.0+ "R" yields the shortest round-trip digits, possibly in E notation.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = text.IndexOfAny(['E', 'e']);
        var exp = 0;
        if (ePos >= 0)
        {
            exp = int.Parse(text.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..ePos];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        string digits;
        int pointPos;
        if (dot >= 0)
        {
            digits = string.Concat(text.AsSpan(0, dot), text.AsSpan(dot + 1));
            pointPos = dot + exp;
        }
        else
        {
            digits = text;
            pointPos = text.Length + exp;
        }

        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
        }

        digits = digits[lead..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, pointPos - lead);
    }

    /// <summary>Writes 0.DIGITS * 10^pointPos in plain positional notation.</summary>
    private static void AppendPlain(StringBuilder sb, string digits, int pointPos)
    {
        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
    }
}
