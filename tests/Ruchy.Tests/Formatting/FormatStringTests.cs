using Ruchy.Formatting;
using Xunit;

namespace Ruchy.Tests.Formatting;

// Expected values follow the documented std::fmt grammar and Rust's observable output;
// float expectations were cross-checked with python3's exact-value formatting.
public sealed class FormatStringTests
{
    private static FormatSpec Spec(string text)
    {
        Assert.True(FormatSpec.TryParse(text, out var spec, out var error), error);
        return spec;
    }

    private static IReadOnlyList<FormatPiece> Parse(string format)
    {
        Assert.True(FormatString.TryParse(format, out var pieces, out var error), error);
        Assert.Null(error);
        return pieces;
    }

    private static string ParseError(string format)
    {
        Assert.False(FormatString.TryParse(format, out var pieces, out var error));
        Assert.Empty(pieces);
        Assert.NotNull(error);
        return error;
    }

    // ---- FormatSpec.TryParse ----

    [Fact]
    public void Spec_Empty_IsDefault()
    {
        var spec = Spec("");
        Assert.Equal(' ', spec.Fill);
        Assert.Equal('\0', spec.Align);
        Assert.False(spec.Plus);
        Assert.False(spec.Alternate);
        Assert.False(spec.ZeroPad);
        Assert.Null(spec.Width);
        Assert.Null(spec.Precision);
        Assert.Equal("", spec.Type);
    }

    [Fact]
    public void Spec_Default_IsFreshInstance()
    {
        var a = FormatSpec.Default;
        a.Width = 3;
        Assert.Null(FormatSpec.Default.Width);
        Assert.Equal(' ', FormatSpec.Default.Fill);
    }

    [Theory]
    // text, fill, align, plus, alternate, zeroPad, width (-1 = none), precision (-1 = none), type
    [InlineData(">8.2", ' ', '>', false, false, false, 8, 2, "")]
    [InlineData("05", ' ', '\0', false, false, true, 5, -1, "")]
    [InlineData("?", ' ', '\0', false, false, false, -1, -1, "?")]
    [InlineData("#x", ' ', '\0', false, true, false, -1, -1, "x")]
    [InlineData("*^10", '*', '^', false, false, false, 10, -1, "")]
    [InlineData("+.3", ' ', '\0', true, false, false, -1, 3, "")]
    [InlineData("<<5", '<', '<', false, false, false, 5, -1, "")]
    [InlineData("0>5", '0', '>', false, false, false, 5, -1, "")]
    [InlineData("#010b", ' ', '\0', false, true, true, 10, -1, "b")]
    [InlineData("-", ' ', '\0', false, false, false, -1, -1, "")]
    [InlineData(".0", ' ', '\0', false, false, false, -1, 0, "")]
    [InlineData("10.3e", ' ', '\0', false, false, false, 10, 3, "e")]
    [InlineData("E", ' ', '\0', false, false, false, -1, -1, "E")]
    [InlineData("X", ' ', '\0', false, false, false, -1, -1, "X")]
    [InlineData("o", ' ', '\0', false, false, false, -1, -1, "o")]
    [InlineData("x?", ' ', '\0', false, false, false, -1, -1, "x?")]
    [InlineData("#?", ' ', '\0', false, true, false, -1, -1, "?")]
    [InlineData(" <3", ' ', '<', false, false, false, 3, -1, "")]
    [InlineData("_^+#012.4e", '_', '^', true, true, true, 12, 4, "e")]
    [InlineData(">", ' ', '>', false, false, false, -1, -1, "")]
    [InlineData("0", ' ', '\0', false, false, true, -1, -1, "")]
    [InlineData("é>4", 'é', '>', false, false, false, 4, -1, "")]
    public void Spec_Parses(string text, char fill, char align, bool plus, bool alternate, bool zeroPad,
        int width, int precision, string type)
    {
        var spec = Spec(text);
        Assert.Equal(fill, spec.Fill);
        Assert.Equal(align, spec.Align);
        Assert.Equal(plus, spec.Plus);
        Assert.Equal(alternate, spec.Alternate);
        Assert.Equal(zeroPad, spec.ZeroPad);
        Assert.Equal(width < 0 ? (int?)null : width, spec.Width);
        Assert.Equal(precision < 0 ? (int?)null : precision, spec.Precision);
        Assert.Equal(type, spec.Type);
    }

    [Theory]
    [InlineData(".")]
    [InlineData(".x")]
    [InlineData("q")]
    [InlineData("5q")]
    [InlineData("abc")]
    [InlineData(">>>")]
    [InlineData("1$")]
    [InlineData("width$")]
    [InlineData(".*")]
    [InlineData(".prec$")]
    [InlineData("99999999999")]
    [InlineData("70000")]
    [InlineData("+-")]
    [InlineData("x ")]
    public void Spec_RejectsBadInput(string text)
    {
        Assert.False(FormatSpec.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Spec_UnknownTrait_MessageNamesIt()
    {
        Assert.False(FormatSpec.TryParse("5q", out _, out var error));
        Assert.Contains("'q'", error, StringComparison.Ordinal);
    }

    // ---- FormatSpec.Pad ----

    [Theory]
    [InlineData("5", "ab", false, "ab   ")]
    [InlineData("5", "42", true, "   42")]
    [InlineData("^6", "ab", false, "  ab  ")]
    [InlineData("^5", "ab", false, " ab  ")]
    [InlineData("*>5", "ab", false, "***ab")]
    [InlineData("-<5", "42", true, "42---")]
    [InlineData("05", "-5", true, "-0005")]
    [InlineData("05", "+5", true, "+0005")]
    [InlineData("05", "42", true, "00042")]
    [InlineData("#06", "0xff", true, "0x00ff")]
    [InlineData("<05", "7", true, "00007")]
    [InlineData("05", "ab", false, "ab   ")]
    [InlineData("2", "abcd", false, "abcd")]
    [InlineData("4", "abcd", true, "abcd")]
    [InlineData("", "abc", false, "abc")]
    [InlineData("7", "héllo", false, "héllo  ")]
    [InlineData("3", "😀", false, "😀  ")]
    [InlineData(">3", "😀", false, "  😀")]
    public void Pad_AppliesWidthFillAndAlignment(string specText, string rendered, bool isNumeric, string expected)
    {
        Assert.Equal(expected, Spec(specText).Pad(rendered, isNumeric));
    }

    // ---- FormatString.TryParse ----

    [Fact]
    public void Parse_PlainText_IsOneLiteral()
    {
        var pieces = Parse("hello world");
        Assert.Equal(new LiteralPiece("hello world"), Assert.Single(pieces));
    }

    [Fact]
    public void Parse_Empty_HasNoPieces()
    {
        Assert.Empty(Parse(""));
    }

    [Theory]
    [InlineData("a{{b}}c", "a{b}c")]
    [InlineData("{{}}", "{}")]
    [InlineData("{{{{", "{{")]
    [InlineData("}}", "}")]
    public void Parse_DoubledBraces_AreLiteral(string format, string expected)
    {
        Assert.Equal(new LiteralPiece(expected), Assert.Single(Parse(format)));
    }

    [Fact]
    public void Parse_ImplicitArguments()
    {
        var pieces = Parse("x = {}, y = {}");
        Assert.Equal(4, pieces.Count);
        Assert.Equal(new LiteralPiece("x = "), pieces[0]);
        var first = Assert.IsType<ArgumentPiece>(pieces[1]);
        Assert.Null(first.Index);
        Assert.Null(first.Name);
        Assert.Equal("", first.SpecText);
        Assert.Equal("", first.Spec.Type);
        Assert.Equal(new LiteralPiece(", y = "), pieces[2]);
        Assert.IsType<ArgumentPiece>(pieces[3]);
    }

    [Fact]
    public void Parse_ExplicitIndices()
    {
        var pieces = Parse("{0} {1} {0}");
        Assert.Equal(5, pieces.Count);
        Assert.Equal(0, Assert.IsType<ArgumentPiece>(pieces[0]).Index);
        Assert.Equal(new LiteralPiece(" "), pieces[1]);
        Assert.Equal(1, Assert.IsType<ArgumentPiece>(pieces[2]).Index);
        Assert.Equal(0, Assert.IsType<ArgumentPiece>(pieces[4]).Index);
    }

    [Theory]
    [InlineData("{name}", "name")]
    [InlineData("{_x1}", "_x1")]
    [InlineData("{totalCount}", "totalCount")]
    [InlineData("{é}", "é")]
    public void Parse_NamedArguments(string format, string name)
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse(format)));
        Assert.Equal(name, argument.Name);
        Assert.Null(argument.Index);
    }

    [Fact]
    public void Parse_DebugSpec()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{:?}")));
        Assert.Null(argument.Index);
        Assert.Null(argument.Name);
        Assert.Equal("?", argument.SpecText);
        Assert.Equal("?", argument.Spec.Type);
    }

    [Fact]
    public void Parse_IndexWithSpec()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{0:>5}")));
        Assert.Equal(0, argument.Index);
        Assert.Equal(">5", argument.SpecText);
        Assert.Equal('>', argument.Spec.Align);
        Assert.Equal(5, argument.Spec.Width);
    }

    [Fact]
    public void Parse_NameWithSpec()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{name:.2}")));
        Assert.Equal("name", argument.Name);
        Assert.Equal(".2", argument.SpecText);
        Assert.Equal(2, argument.Spec.Precision);
    }

    [Fact]
    public void Parse_EmptySpecAfterColon()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{:}")));
        Assert.Equal("", argument.SpecText);
        Assert.Null(argument.Spec.Width);
    }

    [Fact]
    public void Parse_SpaceFillIsKept()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{: >4}")));
        Assert.Equal(' ', argument.Spec.Fill);
        Assert.Equal('>', argument.Spec.Align);
        Assert.Equal(4, argument.Spec.Width);
    }

    [Fact]
    public void Parse_TrailingWhitespaceBeforeClose_IsAllowed()
    {
        var argument = Assert.IsType<ArgumentPiece>(Assert.Single(Parse("{0 }")));
        Assert.Equal(0, argument.Index);
    }

    [Fact]
    public void Parse_EscapesAroundArgument()
    {
        var pieces = Parse("{{{}}}");
        Assert.Equal(3, pieces.Count);
        Assert.Equal(new LiteralPiece("{"), pieces[0]);
        Assert.IsType<ArgumentPiece>(pieces[1]);
        Assert.Equal(new LiteralPiece("}"), pieces[2]);
    }

    [Fact]
    public void Parse_MixedPieces()
    {
        var pieces = Parse("{a} + {1:05} = {:#x}!");
        Assert.Equal(6, pieces.Count);
        Assert.Equal("a", Assert.IsType<ArgumentPiece>(pieces[0]).Name);
        Assert.Equal(new LiteralPiece(" + "), pieces[1]);
        var second = Assert.IsType<ArgumentPiece>(pieces[2]);
        Assert.Equal(1, second.Index);
        Assert.True(second.Spec.ZeroPad);
        Assert.Equal(5, second.Spec.Width);
        Assert.Equal(new LiteralPiece(" = "), pieces[3]);
        var third = Assert.IsType<ArgumentPiece>(pieces[4]);
        Assert.True(third.Spec.Alternate);
        Assert.Equal("x", third.Spec.Type);
        Assert.Equal(new LiteralPiece("!"), pieces[5]);
    }

    [Theory]
    [InlineData("value: } ", "unmatched '}' at offset 7")]
    [InlineData("}", "unmatched '}' at offset 0")]
    [InlineData("{}}", "unmatched '}' at offset 2")]
    [InlineData("abc {", "unclosed '{' at offset 4")]
    [InlineData("{0", "unclosed '{' at offset 0")]
    [InlineData("x {:{}}", "unexpected '{' at offset 4")]
    [InlineData("ab {a b}", "invalid argument name 'a b' at offset 3")]
    [InlineData("{-1}", "invalid argument name '-1' at offset 0")]
    [InlineData("{1a}", "invalid argument name '1a' at offset 0")]
    [InlineData("{_}", "invalid argument name '_' at offset 0")]
    [InlineData("  {:q}", "at offset 2")]
    [InlineData("{:.}", "at offset 0")]
    [InlineData("{99999999999}", "too large at offset 0")]
    public void Parse_Errors_ReportOffsets(string format, string expectedFragment)
    {
        var error = ParseError(format);
        Assert.StartsWith("invalid format string: ", error, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    // ---- FormatString.FormatInt ----

    [Theory]
    [InlineData(42L, "", "42")]
    [InlineData(-42L, "", "-42")]
    [InlineData(42L, "+", "+42")]
    [InlineData(0L, "+", "+0")]
    [InlineData(-42L, "+", "-42")]
    [InlineData(42L, "?", "42")]
    [InlineData(255L, "x", "ff")]
    [InlineData(255L, "X", "FF")]
    [InlineData(255L, "#x", "0xff")]
    [InlineData(255L, "#X", "0xFF")]
    [InlineData(255L, "x?", "ff")]
    [InlineData(5L, "b", "101")]
    [InlineData(5L, "#b", "0b101")]
    [InlineData(8L, "o", "10")]
    [InlineData(8L, "#o", "0o10")]
    [InlineData(0L, "#x", "0x0")]
    [InlineData(-1L, "x", "ffffffffffffffff")]
    [InlineData(-1L, "#X", "0xFFFFFFFFFFFFFFFF")]
    [InlineData(-1L, "o", "1777777777777777777777")]
    [InlineData(-2L, "b", "1111111111111111111111111111111111111111111111111111111111111110")]
    [InlineData(long.MinValue, "", "-9223372036854775808")]
    [InlineData(long.MaxValue, "x", "7fffffffffffffff")]
    [InlineData(long.MinValue, "x", "8000000000000000")]
    [InlineData(42L, "5", "   42")]
    [InlineData(42L, "<5", "42   ")]
    [InlineData(42L, "^6", "  42  ")]
    [InlineData(7L, "*>4", "***7")]
    [InlineData(-5L, "05", "-0005")]
    [InlineData(5L, "+05", "+0005")]
    [InlineData(7L, "<05", "00007")]
    [InlineData(255L, "#06x", "0x00ff")]
    [InlineData(255L, "#010b", "0b11111111")]
    [InlineData(255L, "08b", "11111111")]
    [InlineData(42L, ".2", "42")]
    [InlineData(12345L, "3", "12345")]
    public void FormatInt_Radixes_Signs_Padding(long value, string specText, string expected)
    {
        Assert.Equal(expected, FormatString.FormatInt(value, Spec(specText)));
    }

    [Theory]
    [InlineData(1234L, "e", "1.234e3")]
    [InlineData(1000L, "e", "1e3")]
    [InlineData(0L, "e", "0e0")]
    [InlineData(7L, "e", "7e0")]
    [InlineData(-5L, "e", "-5e0")]
    [InlineData(1234L, "E", "1.234E3")]
    [InlineData(1234L, "+e", "+1.234e3")]
    [InlineData(1234L, ".2e", "1.23e3")]
    [InlineData(1250L, ".1e", "1.2e3")]
    [InlineData(1350L, ".1e", "1.4e3")]
    [InlineData(1500L, ".0e", "2e3")]
    [InlineData(2500L, ".0e", "2e3")]
    [InlineData(12L, ".3e", "1.200e1")]
    [InlineData(9999L, ".1e", "1.0e4")]
    [InlineData(-98765L, ".2e", "-9.88e4")]
    [InlineData(long.MaxValue, ".3e", "9.223e18")]
    [InlineData(long.MinValue, "e", "-9.223372036854775808e18")]
    [InlineData(0L, ".2e", "0.00e0")]
    public void FormatInt_Exponent(long value, string specText, string expected)
    {
        Assert.Equal(expected, FormatString.FormatInt(value, Spec(specText)));
    }

    // ---- FormatString.FormatFloat ----

    [Theory]
    [InlineData(3.14159, ".2", "3.14")]
    [InlineData(5.0, "", "5.0")]
    [InlineData(0.30000000000000004, "", "0.30000000000000004")]
    [InlineData(1e-7, "", "0.0000001")]
    [InlineData(1e21, "", "1000000000000000000000.0")]
    [InlineData(3.14159, "8.2", "    3.14")]
    [InlineData(3.14159, "<8.2", "3.14    ")]
    [InlineData(3.14159, "^8.2", "  3.14  ")]
    [InlineData(-3.14159, "08.2", "-0003.14")]
    [InlineData(3.14159, "+08.2", "+0003.14")]
    [InlineData(2.5, "+", "+2.5")]
    [InlineData(5.0, "+", "+5.0")]
    [InlineData(-2.5, "+", "-2.5")]
    [InlineData(0.0, "+", "+0.0")]
    [InlineData(double.NaN, "+", "NaN")]
    [InlineData(double.NaN, "", "NaN")]
    [InlineData(double.PositiveInfinity, "+", "+inf")]
    [InlineData(double.NegativeInfinity, "", "-inf")]
    [InlineData(double.PositiveInfinity, "5", "  inf")]
    [InlineData(double.PositiveInfinity, ".2", "inf")]
    [InlineData(1234.5, "e", "1.2345e3")]
    [InlineData(1234.5, "E", "1.2345E3")]
    [InlineData(1234.5, ".2e", "1.23e3")]
    [InlineData(1234.5, ".2E", "1.23E3")]
    [InlineData(1234.5, "12e", "    1.2345e3")]
    [InlineData(1.5, "?", "1.5")]
    [InlineData(5.0, "?", "5.0")]
    [InlineData(0.25, ".1", "0.2")]
    [InlineData(0.35, ".1", "0.3")]
    [InlineData(2.5, ".0", "2")]
    [InlineData(1e21, ".2", "1000000000000000000000.00")]
    [InlineData(7.0, "^9.1", "   7.0   ")]
    [InlineData(7.0, "*<6", "7.0***")]
    [InlineData(0.1, "+.3", "+0.100")]
    public void FormatFloat_Cases(double value, string specText, string expected)
    {
        Assert.Equal(expected, FormatString.FormatFloat(value, Spec(specText)));
    }

    [Fact]
    public void FormatFloat_NegativeZero()
    {
        var negativeZero = BitConverter.Int64BitsToDouble(unchecked((long)0x8000000000000000UL));
        Assert.Equal("-0.0", FormatString.FormatFloat(negativeZero, Spec("")));
        Assert.Equal("-0.0", FormatString.FormatFloat(negativeZero, Spec("+")));
        Assert.Equal("-0.00", FormatString.FormatFloat(negativeZero, Spec(".2")));
    }

    // ---- FormatString.FormatStr ----

    [Theory]
    [InlineData("hello", ".3", "hel")]
    [InlineData("hi", ">5", "   hi")]
    [InlineData("hi", "5", "hi   ")]
    [InlineData("hello", "^9.2", "   he    ")]
    [InlineData("hi", "05", "hi   ")]
    [InlineData("hi", ".10", "hi")]
    [InlineData("😀😀x", ".2", "😀😀")]
    public void FormatStr_TruncatesAndPads(string text, string specText, string expected)
    {
        Assert.Equal(expected, FormatString.FormatStr(text, Spec(specText)));
    }
}
