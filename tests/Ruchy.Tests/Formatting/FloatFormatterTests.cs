using Ruchy.Formatting;
using Xunit;

namespace Ruchy.Tests.Formatting;

// Expected strings were produced independently with python3 (format(v, '.Nf'), format(v, '.Ne')
// and repr() expanded to positional notation), which uses the same exact-value,
// round-half-to-even rules as Rust's f64 formatting.
public sealed class FloatFormatterTests
{
    private static readonly double NegativeZero = BitConverter.Int64BitsToDouble(unchecked((long)0x8000000000000000UL));

    [Theory]
    [InlineData(5.0, "5.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-7.0, "-7.0")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "10000000000000000.0")]
    [InlineData(1.5e16, "15000000000000000.0")]
    [InlineData(1e21, "1000000000000000000000.0")]
    [InlineData(1e22, "10000000000000000000000.0")]
    [InlineData(1e23, "99999999999999991611392.0")]
    [InlineData(18446744073709551616.0, "18446744073709551616.0")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    public void Display_IntegralValues_UseExactDigitsWithOneDecimal(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Display(value));
    }

    [Theory]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(78.53975, "78.53975")]
    [InlineData(536.8216230121398, "536.8216230121398")]
    [InlineData(833.3333333333334, "833.3333333333334")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(2.5e-8, "0.000000025")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-1234.5678, "-1234.5678")]
    [InlineData(4503599627370495.5, "4503599627370495.5")]
    [InlineData(33.333333333333336, "33.333333333333336")]
    public void Display_FractionalValues_UseShortestDigitsWithoutExponent(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Display(value));
    }

    [Fact]
    public void Display_ComputedValues_UseShortestRoundTripDigits()
    {
        Assert.Equal("0.30000000000000004", FloatFormatter.Display(0.1 + 0.2));
        Assert.Equal("0.3333333333333333", FloatFormatter.Display(1.0 / 3));
        Assert.Equal("0.6666666666666666", FloatFormatter.Display(2.0 / 3));
        Assert.Equal("1.2100000000000002", FloatFormatter.Display(1.1 * 1.1));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Display_NonFinite(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Display(value));
    }

    [Fact]
    public void Display_NegativeZero_KeepsSign()
    {
        Assert.Equal("-0.0", FloatFormatter.Display(NegativeZero));
    }

    [Fact]
    public void Display_SmallestSubnormal_WritesAllZeros()
    {
        var expected = "0." + new string('0', 323) + "5";
        Assert.Equal(expected, FloatFormatter.Display(5e-324));
        Assert.Equal("-" + expected, FloatFormatter.Display(-5e-324));
    }

    [Fact]
    public void Display_HugeIntegralValues_PrintExactDigits()
    {
        Assert.Equal("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.0", FloatFormatter.Display(1e300));
        Assert.Equal("179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0", FloatFormatter.Display(double.MaxValue));
        Assert.Equal("-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0", FloatFormatter.Display(double.MinValue));
    }

    [Theory]
    [InlineData(0.25, 1, "0.2")]
    [InlineData(0.35, 1, "0.3")]
    [InlineData(1.005, 2, "1.00")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.5, 0, "0")]
    [InlineData(1.5, 0, "2")]
    [InlineData(-1.5, 0, "-2")]
    [InlineData(-2.5, 0, "-2")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(2.345, 2, "2.35")]
    [InlineData(9.995, 2, "9.99")]
    [InlineData(99.5, 0, "100")]
    [InlineData(999.9999, 2, "1000.00")]
    [InlineData(0.95, 1, "0.9")]
    [InlineData(0.05, 1, "0.1")]
    [InlineData(0.15, 1, "0.1")]
    [InlineData(0.45, 1, "0.5")]
    [InlineData(1.45, 1, "1.4")]
    [InlineData(0.5, 1, "0.5")]
    [InlineData(1234.5, 0, "1234")]
    public void Fixed_RoundsExactValueHalfToEven(double value, int decimals, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Fixed(value, decimals));
    }

    [Theory]
    [InlineData(0, "3")]
    [InlineData(1, "3.1")]
    [InlineData(2, "3.14")]
    [InlineData(3, "3.142")]
    [InlineData(4, "3.1416")]
    [InlineData(5, "3.14159")]
    [InlineData(6, "3.141590")]
    public void Fixed_Pi_ZeroToSixDecimals(int decimals, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Fixed(3.14159, decimals));
    }

    [Theory]
    [InlineData(0.0, 0, "0")]
    [InlineData(0.0, 3, "0.000")]
    [InlineData(-0.04, 1, "-0.0")]
    [InlineData(-3.14159, 3, "-3.142")]
    [InlineData(1e-10, 3, "0.000")]
    [InlineData(0.0005, 3, "0.001")]
    [InlineData(1e-7, 6, "0.000000")]
    [InlineData(1e-7, 7, "0.0000001")]
    [InlineData(1e-7, 8, "0.00000010")]
    [InlineData(1e-6, 5, "0.00000")]
    [InlineData(5e-324, 3, "0.000")]
    [InlineData(7.0, 6, "7.000000")]
    [InlineData(123456789.125, 2, "123456789.12")]
    [InlineData(0.1, 20, "0.10000000000000000555")]
    [InlineData(0.30000000000000004, 17, "0.30000000000000004")]
    [InlineData(1.005, 60, "1.004999999999999893418589635984972119331359863281250000000000")]
    public void Fixed_SmallValuesAndLongPrecisions(double value, int decimals, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Fixed(value, decimals));
    }

    [Theory]
    [InlineData(1e21, 2, "1000000000000000000000.00")]
    [InlineData(1e23, 0, "99999999999999991611392")]
    [InlineData(-1e16, 1, "-10000000000000000.0")]
    public void Fixed_LargeValues_PrintAllIntegerDigits(double value, int decimals, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Fixed(value, decimals));
    }

    [Fact]
    public void Fixed_ExtremeValues()
    {
        Assert.Equal("1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160", FloatFormatter.Fixed(1e300, 0));
        Assert.Equal("0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004940656", FloatFormatter.Fixed(5e-324, 330));
    }

    [Fact]
    public void Fixed_NegativeZero_KeepsSign()
    {
        Assert.Equal("-0.0", FloatFormatter.Fixed(NegativeZero, 1));
        Assert.Equal("-0.00", FloatFormatter.Fixed(NegativeZero, 2));
        Assert.Equal("-0", FloatFormatter.Fixed(NegativeZero, 0));
    }

    [Theory]
    [InlineData(double.NaN, 2, "NaN")]
    [InlineData(double.PositiveInfinity, 3, "inf")]
    [InlineData(double.NegativeInfinity, 0, "-inf")]
    public void Fixed_NonFinite(double value, int decimals, string expected)
    {
        Assert.Equal(expected, FloatFormatter.Fixed(value, decimals));
    }

    [Fact]
    public void Fixed_NegativeDecimals_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FloatFormatter.Fixed(1.0, -1));
    }

    [Theory]
    [InlineData(1234.5, "1.2345e3")]
    [InlineData(0.00012, "1.2e-4")]
    [InlineData(1.0, "1e0")]
    [InlineData(0.0, "0e0")]
    [InlineData(100.0, "1e2")]
    [InlineData(-2.5, "-2.5e0")]
    [InlineData(1e300, "1e300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.30000000000000004, "3.0000000000000004e-1")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e308")]
    [InlineData(1e23, "1e23")]
    [InlineData(123456789.125, "1.23456789125e8")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void LowerExp_UsesShortestDigits(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.LowerExp(value));
    }

    [Fact]
    public void LowerExp_NegativeZero()
    {
        Assert.Equal("-0e0", FloatFormatter.LowerExp(NegativeZero));
    }

    [Fact]
    public void UpperExp_UsesUpperCaseMarker()
    {
        Assert.Equal("1.2345E3", FloatFormatter.UpperExp(1234.5));
        Assert.Equal("1.2E-4", FloatFormatter.UpperExp(0.00012));
        Assert.Equal("1.23E3", FloatFormatter.UpperExp(1234.5, 2));
    }

    [Theory]
    [InlineData(1234.5, 2, "1.23e3")]
    [InlineData(1234.5, 3, "1.234e3")]
    [InlineData(0.0, 2, "0.00e0")]
    [InlineData(0.0, 0, "0e0")]
    [InlineData(9.99, 1, "1.0e1")]
    [InlineData(2.5, 0, "2e0")]
    [InlineData(3.5, 0, "4e0")]
    [InlineData(9.5, 0, "1e1")]
    [InlineData(1.0, 0, "1e0")]
    [InlineData(0.00012, 3, "1.200e-4")]
    [InlineData(-1234.5, 1, "-1.2e3")]
    [InlineData(1e300, 2, "1.00e300")]
    [InlineData(5e-324, 2, "4.94e-324")]
    [InlineData(0.1, 20, "1.00000000000000005551e-1")]
    [InlineData(123456.0, 10, "1.2345600000e5")]
    public void LowerExp_WithPrecision_RoundsExactValue(double value, int precision, string expected)
    {
        Assert.Equal(expected, FloatFormatter.LowerExp(value, precision));
    }
}
