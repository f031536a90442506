using Ruchy.Syntax;
using Ruchy.Text;

namespace Ruchy.Tests.Syntax;

public sealed class LexerTests
{
    private static (List<Token> Tokens, DiagnosticBag Diagnostics) LexWithDiagnostics(string code)
    {
        var source = SourceText.From(code, "t.ruchy");
        var bag = new DiagnosticBag(source);
        return (Lexer.Tokenize(source, bag), bag);
    }

    /// <summary>Lexes and asserts there were no diagnostics; the trailing EndOfFile token is dropped.</summary>
    private static List<Token> Lex(string code)
    {
        var (tokens, bag) = LexWithDiagnostics(code);
        Assert.True(bag.Items.Count == 0, "unexpected diagnostics: " + string.Join("; ", bag.Items));
        Assert.Equal(TokenKind.EndOfFile, tokens[^1].Kind);
        return tokens.Take(tokens.Count - 1).ToList();
    }

    private static Token Single(string code)
    {
        var tokens = Lex(code);
        Assert.True(tokens.Count == 1, $"expected one token for {code}, got: {string.Join(" ", tokens)}");
        return tokens[0];
    }

    private static TokenKind[] Kinds(string code) => Lex(code).Select(t => t.Kind).ToArray();

    // ---------------------------------------------------------------- every token kind

    /// <summary>Source text, the kind of its first token, and that token's spelling in the source.</summary>
    private static readonly (string Source, TokenKind Kind, string Lexeme)[] Table =
    [
        ("42", TokenKind.Int, "42"),
        ("4.5", TokenKind.Float, "4.5"),
        ("\"s\"", TokenKind.String, "\"s\""),
        ("f\"a{b}\"", TokenKind.FString, "f\"a{b}\""),
        ("'c'", TokenKind.Char, "'c'"),
        ("name", TokenKind.Identifier, "name"),
        ("'outer", TokenKind.Lifetime, "'outer"),
        ("fun", TokenKind.Fun, "fun"),
        ("let", TokenKind.Let, "let"),
        ("var", TokenKind.Var, "var"),
        ("mut", TokenKind.Mut, "mut"),
        ("const", TokenKind.Const, "const"),
        ("static", TokenKind.Static, "static"),
        ("if", TokenKind.If, "if"),
        ("else", TokenKind.Else, "else"),
        ("match", TokenKind.Match, "match"),
        ("for", TokenKind.For, "for"),
        ("in", TokenKind.In, "in"),
        ("while", TokenKind.While, "while"),
        ("loop", TokenKind.Loop, "loop"),
        ("break", TokenKind.Break, "break"),
        ("continue", TokenKind.Continue, "continue"),
        ("return", TokenKind.Return, "return"),
        ("struct", TokenKind.Struct, "struct"),
        ("enum", TokenKind.Enum, "enum"),
        ("impl", TokenKind.Impl, "impl"),
        ("trait", TokenKind.Trait, "trait"),
        ("pub", TokenKind.Pub, "pub"),
        ("use", TokenKind.Use, "use"),
        ("mod", TokenKind.Mod, "mod"),
        ("as", TokenKind.As, "as"),
        ("self", TokenKind.SelfValue, "self"),
        ("Self", TokenKind.SelfType, "Self"),
        ("true", TokenKind.True, "true"),
        ("false", TokenKind.False, "false"),
        ("null", TokenKind.Null, "null"),
        ("type", TokenKind.Type, "type"),
        ("where", TokenKind.Where, "where"),
        ("move", TokenKind.Move, "move"),
        ("async", TokenKind.Async, "async"),
        ("await", TokenKind.Await, "await"),
        ("dyn", TokenKind.Dyn, "dyn"),
        ("ref", TokenKind.Ref, "ref"),
        ("unsafe", TokenKind.Unsafe, "unsafe"),
        ("extern", TokenKind.Extern, "extern"),
        ("(", TokenKind.LParen, "("),
        (")", TokenKind.RParen, ")"),
        ("[", TokenKind.LBracket, "["),
        ("]", TokenKind.RBracket, "]"),
        ("{", TokenKind.LBrace, "{"),
        ("}", TokenKind.RBrace, "}"),
        (",", TokenKind.Comma, ","),
        (";", TokenKind.Semicolon, ";"),
        (":", TokenKind.Colon, ":"),
        ("::", TokenKind.ColonColon, "::"),
        (".", TokenKind.Dot, "."),
        ("..", TokenKind.DotDot, ".."),
        ("..=", TokenKind.DotDotEq, "..="),
        ("...", TokenKind.DotDotDot, "..."),
        ("->", TokenKind.Arrow, "->"),
        ("=>", TokenKind.FatArrow, "=>"),
        ("=", TokenKind.Eq, "="),
        ("==", TokenKind.EqEq, "=="),
        ("!=", TokenKind.BangEq, "!="),
        ("<", TokenKind.Less, "<"),
        ("<=", TokenKind.LessEq, "<="),
        (">", TokenKind.Greater, ">"),
        (">=", TokenKind.GreaterEq, ">="),
        ("+", TokenKind.Plus, "+"),
        ("-", TokenKind.Minus, "-"),
        ("*", TokenKind.Star, "*"),
        ("/", TokenKind.Slash, "/"),
        ("%", TokenKind.Percent, "%"),
        ("**", TokenKind.StarStar, "**"),
        ("!", TokenKind.Bang, "!"),
        ("&&", TokenKind.AmpAmp, "&&"),
        ("||", TokenKind.PipePipe, "||"),
        ("&", TokenKind.Amp, "&"),
        ("|", TokenKind.Pipe, "|"),
        ("^", TokenKind.Caret, "^"),
        ("<<", TokenKind.LessLess, "<<"),
        (">>", TokenKind.GreaterGreater, ">>"),
        ("~", TokenKind.Tilde, "~"),
        ("+=", TokenKind.PlusEq, "+="),
        ("-=", TokenKind.MinusEq, "-="),
        ("*=", TokenKind.StarEq, "*="),
        ("/=", TokenKind.SlashEq, "/="),
        ("%=", TokenKind.PercentEq, "%="),
        ("**=", TokenKind.StarStarEq, "**="),
        ("&=", TokenKind.AmpEq, "&="),
        ("|=", TokenKind.PipeEq, "|="),
        ("^=", TokenKind.CaretEq, "^="),
        ("<<=", TokenKind.LessLessEq, "<<="),
        (">>=", TokenKind.GreaterGreaterEq, ">>="),
        ("?", TokenKind.Question, "?"),
        ("??", TokenKind.QuestionQuestion, "??"),
        ("?.", TokenKind.QuestionDot, "?."),
        ("|>", TokenKind.PipeGreater, "|>"),
        ("#[test]", TokenKind.Hash, "#"),
        ("@", TokenKind.At, "@"),
        ("$", TokenKind.Dollar, "$"),
        ("\\", TokenKind.Backslash, "\\"),
        ("++", TokenKind.PlusPlus, "++"),
        ("--", TokenKind.MinusMinus, "--"),
    ];

    public static TheoryData<string, TokenKind, string> AllTokenKinds()
    {
        var data = new TheoryData<string, TokenKind, string>();
        foreach (var (source, kind, lexeme) in Table) data.Add(source, kind, lexeme);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTokenKinds))]
    public void Lexer_Token_HasKindAndSpan(string source, TokenKind kind, string lexeme)
    {
        var tokens = Lex(source);
        Assert.Equal(kind, tokens[0].Kind);
        Assert.Equal(0, tokens[0].Start);
        Assert.Equal(lexeme, source.Substring(tokens[0].Start, tokens[0].Length));
        if (lexeme == source) Assert.Single(tokens);
    }

    [Fact]
    public void Lexer_TokenTable_CoversEveryKind()
    {
        var covered = Table.Select(t => t.Kind).ToHashSet();
        var missing = Enum.GetValues<TokenKind>()
            .Where(k => k is not (TokenKind.EndOfFile or TokenKind.Bad))
            .Where(k => !covered.Contains(k))
            .ToList();
        Assert.True(missing.Count == 0, "token kinds without a lexer test: " + string.Join(", ", missing));
    }

    [Fact]
    public void Lexer_FnKeyword_IsFun()
    {
        var t = Single("fn");
        Assert.Equal(TokenKind.Fun, t.Kind);
    }

    [Theory]
    [InlineData("café", "café")]
    [InlineData("_x1", "_x1")]
    [InlineData("selfish", "selfish")]
    [InlineData("r", "r")]
    [InlineData("f", "f")]
    public void Lexer_Identifier_HasText(string code, string text)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.Identifier, t.Kind);
        Assert.Equal(text, t.Text);
    }

    [Fact]
    public void Lexer_EmptySource_IsOnlyEndOfFile()
    {
        var (tokens, bag) = LexWithDiagnostics("  \n // nothing\n");
        Assert.Empty(bag.Items);
        var eof = Assert.Single(tokens);
        Assert.Equal(TokenKind.EndOfFile, eof.Kind);
        Assert.True(eof.NewlineBefore);
    }

    // ---------------------------------------------------------------- numbers

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0XfF", 255L)]
    [InlineData("0xff_ff", 65535L)]
    [InlineData("0b1010", 10L)]
    [InlineData("0b1111_0000", 240L)]
    [InlineData("0o17", 15L)]
    [InlineData("1_000_000", 1000000L)]
    [InlineData("5i32", 5L)]
    [InlineData("255u8", 255L)]
    [InlineData("7usize", 7L)]
    [InlineData("0x10i64", 16L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Lexer_IntegerLiteral_HasValue(string code, long value)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.Int, t.Kind);
        Assert.Equal(value, t.IntValue);
        Assert.Equal(code.Length, t.Length);
    }

    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("2.0f64", 2.0)]
    [InlineData("1.5f32", 1.5)]
    [InlineData("3f64", 3.0)]
    [InlineData("1.5e-3", 0.0015)]
    [InlineData("2e10", 2e10)]
    [InlineData("1E+2", 100.0)]
    [InlineData("6.02e23", 6.02e23)]
    [InlineData("1_000.5", 1000.5)]
    public void Lexer_FloatLiteral_HasValue(string code, double value)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.Float, t.Kind);
        Assert.Equal(value, t.FloatValue);
        Assert.Equal(code.Length, t.Length);
    }

    [Fact]
    public void Lexer_TupleIndexChain_LexesIntsAfterDots()
    {
        var tokens = Lex("t.0.1");
        Assert.Equal([TokenKind.Identifier, TokenKind.Dot, TokenKind.Int, TokenKind.Dot, TokenKind.Int], tokens.Select(t => t.Kind));
        Assert.Equal(0, tokens[2].IntValue);
        Assert.Equal(1, tokens[4].IntValue);
    }

    [Fact]
    public void Lexer_RangeOfInts_IsNotAFloat()
    {
        var tokens = Lex("1..5");
        Assert.Equal([TokenKind.Int, TokenKind.DotDot, TokenKind.Int], tokens.Select(t => t.Kind));
        Assert.Equal(5, tokens[2].IntValue);
    }

    [Fact]
    public void Lexer_MethodOnInt_IsIntDotIdentifier()
    {
        Assert.Equal([TokenKind.Int, TokenKind.Dot, TokenKind.Identifier, TokenKind.LParen, TokenKind.RParen], Kinds("1.abs()"));
    }

    [Fact]
    public void Lexer_ExponentWithoutDigits_IsNotPartOfNumber()
    {
        // `2e` followed by a non-digit is the number 2 and the identifier `e`.
        var tokens = Lex("2ex");
        Assert.Equal([TokenKind.Int, TokenKind.Identifier], tokens.Select(t => t.Kind));
        Assert.Equal("ex", tokens[1].Text);
    }

    [Fact]
    public void Lexer_IntegerTooLarge_ReportsErrorAtLiteral()
    {
        var (_, bag) = LexWithDiagnostics("let x = 9223372036854775808");
        var d = Assert.Single(bag.Items);
        Assert.True(d.IsError);
        Assert.Equal(1, d.Line);
        Assert.Equal(9, d.Column);
        Assert.Equal("integer literal '9223372036854775808' is too large for a 64-bit integer", d.Message);
    }

    [Fact]
    public void Lexer_HexTooLarge_ReportsInvalidLiteral()
    {
        var (_, bag) = LexWithDiagnostics("x\n  0x1_0000_0000_0000_0000");
        var d = Assert.Single(bag.Items);
        Assert.Equal((2, 3), (d.Line, d.Column));
        Assert.Equal("invalid integer literal '0x1_0000_0000_0000_0000'", d.Message);
    }

    // ---------------------------------------------------------------- strings and characters

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"\\u{263A}\"", "\u263A")]
    [InlineData("\"\\u{1F600}\"", "\U0001F600")]
    [InlineData("\"\\r\\0\"", "\r\0")]
    [InlineData("\"it\\'s\"", "it's")]
    [InlineData("\"\\x41\"", "A")]
    [InlineData("\"keep \\q\"", "keep \\q")]
    [InlineData("\"line \\\n     continued\"", "line continued")]
    [InlineData("\"héllo ☺\"", "héllo ☺")]
    public void Lexer_StringEscape_IsDecoded(string code, string text)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(text, t.Text);
        Assert.Equal(code.Length, t.Length);
    }

    [Theory]
    [InlineData("r\"a\\nb\"", "a\\nb")]
    [InlineData("r#\"say \"hi\"\"#", "say \"hi\"")]
    [InlineData("r##\"a\"#b\"##", "a\"#b")]
    [InlineData("r\"\"", "")]
    public void Lexer_RawString_KeepsContentVerbatim(string code, string text)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(text, t.Text);
        Assert.Equal(code.Length, t.Length);
    }

    [Fact]
    public void Lexer_ByteString_IsString()
    {
        var t = Single("b\"ab\"");
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal("ab", t.Text);
    }

    [Fact]
    public void Lexer_ByteLiteral_IsIntWithCharCode()
    {
        var t = Single("b'a'");
        Assert.Equal(TokenKind.Int, t.Kind);
        Assert.Equal(97, t.IntValue);
    }

    [Theory]
    [InlineData("'a'", "a")]
    [InlineData("'\\n'", "\n")]
    [InlineData("'\\''", "'")]
    [InlineData("'\\\\'", "\\")]
    [InlineData("'☺'", "☺")]
    [InlineData("'😀'", "😀")]
    [InlineData("' '", " ")]
    public void Lexer_CharLiteral_HasText(string code, string text)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.Char, t.Kind);
        Assert.Equal(text, t.Text);
        Assert.Equal(code.Length, t.Length);
    }

    [Fact]
    public void Lexer_Label_IsLifetimeFollowedByColon()
    {
        var tokens = Lex("'outer: loop");
        Assert.Equal([TokenKind.Lifetime, TokenKind.Colon, TokenKind.Loop], tokens.Select(t => t.Kind));
        Assert.Equal("outer", tokens[0].Text);
    }

    [Fact]
    public void Lexer_CharAndLabel_AreToldApart()
    {
        var tokens = Lex("'a' 'a");
        Assert.Equal(TokenKind.Char, tokens[0].Kind);
        Assert.Equal(TokenKind.Lifetime, tokens[1].Kind);
        Assert.Equal("a", tokens[1].Text);
    }

    [Theory]
    [InlineData("'abc'", "abc")]
    [InlineData("'1 + 2'", "1 + 2")]
    public void Lexer_SingleQuotedWords_AreStrings(string code, string text)
    {
        var t = Single(code);
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(text, t.Text);
    }

    [Fact]
    public void Lexer_SingleQuotedWordsWithSpace_IsString()
    {
        var t = Single("'hello world'");
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal("hello world", t.Text);
    }

    [Fact]
    public void Lexer_FString_KeepsEscapesAndBracesRaw()
    {
        var t = Single("f\"x = {x:.2}\\n{{y}}\"");
        Assert.Equal(TokenKind.FString, t.Kind);
        Assert.Equal("x = {x:.2}\\n{{y}}", t.Text);
    }

    [Fact]
    public void Lexer_FStringWithEscapedQuote_StaysOneToken()
    {
        var t = Single("f\"a \\\"q\\\" b\"");
        Assert.Equal(TokenKind.FString, t.Kind);
        Assert.Equal("a \\\"q\\\" b", t.Text);
    }

    [Fact]
    public void Lexer_UnterminatedString_ReportsAtOpeningQuote()
    {
        var (tokens, bag) = LexWithDiagnostics("let a = 1\nlet s = \"abc");
        var d = Assert.Single(bag.Items);
        Assert.Equal((2, 9), (d.Line, d.Column));
        Assert.Equal("unterminated string literal", d.Message);
        Assert.Equal("t.ruchy:2:9: unterminated string literal", d.ToString());
        Assert.Equal(TokenKind.EndOfFile, tokens[^1].Kind);
    }

    [Fact]
    public void Lexer_UnterminatedRawString_ReportsError()
    {
        var (_, bag) = LexWithDiagnostics("r#\"abc\"");
        var d = Assert.Single(bag.Items);
        Assert.Equal((1, 1), (d.Line, d.Column));
        Assert.Equal("unterminated raw string literal", d.Message);
    }

    [Fact]
    public void Lexer_InvalidUnicodeEscape_ReportsError()
    {
        var (_, bag) = LexWithDiagnostics("\"a\\u{110000}\"");
        var d = Assert.Single(bag.Items);
        Assert.Equal((1, 3), (d.Line, d.Column));
        Assert.Equal("invalid unicode escape", d.Message);
    }

    [Fact]
    public void Lexer_UnterminatedChar_IsBadToken()
    {
        var (tokens, bag) = LexWithDiagnostics("x = '");
        Assert.Equal(TokenKind.Bad, tokens[2].Kind);
        var d = Assert.Single(bag.Items);
        Assert.Equal((1, 5), (d.Line, d.Column));
        Assert.Equal("unterminated character literal", d.Message);
    }

    // ---------------------------------------------------------------- bad characters

    [Theory]
    [InlineData("let x = 1 ` 2", 11, "`")]
    [InlineData("a €", 3, "€")]
    [InlineData("a 😀", 3, "😀")]
    public void Lexer_BadCharacter_ReportsLineAndColumn(string code, int column, string ch)
    {
        var (tokens, bag) = LexWithDiagnostics(code);
        var d = Assert.Single(bag.Items);
        Assert.True(d.IsError);
        Assert.Equal(1, d.Line);
        Assert.Equal(column, d.Column);
        Assert.Equal($"unexpected character '{ch}'", d.Message);
        var bad = Assert.Single(tokens, t => t.Kind == TokenKind.Bad);
        Assert.Equal(ch, bad.Text);
        Assert.Equal(ch.Length, bad.Length);
    }

    [Fact]
    public void Lexer_BadCharacter_LexingContinuesAfterIt()
    {
        var (tokens, _) = LexWithDiagnostics("a ` b ` c");
        Assert.Equal(
            [TokenKind.Identifier, TokenKind.Bad, TokenKind.Identifier, TokenKind.Bad, TokenKind.Identifier, TokenKind.EndOfFile],
            tokens.Select(t => t.Kind));
    }

    // ---------------------------------------------------------------- comments and trivia

    [Fact]
    public void Lexer_LineComment_IsSkipped()
    {
        var tokens = Lex("1 // one\n2");
        Assert.Equal([TokenKind.Int, TokenKind.Int], tokens.Select(t => t.Kind));
        Assert.True(tokens[1].NewlineBefore);
    }

    [Fact]
    public void Lexer_NestedBlockComment_IsSkippedEntirely()
    {
        var t = Single("/* outer /* inner */ still comment */ 3");
        Assert.Equal(3, t.IntValue);
        Assert.True(t.SpaceBefore);
        Assert.False(t.NewlineBefore);
    }

    [Fact]
    public void Lexer_BlockCommentWithNewline_SetsNewlineBefore()
    {
        var tokens = Lex("a /*\n*/ b");
        Assert.True(tokens[1].NewlineBefore);
    }

    [Fact]
    public void Lexer_UnterminatedBlockComment_ReportsError()
    {
        var (_, bag) = LexWithDiagnostics("x\n/* /* */");
        var d = Assert.Single(bag.Items);
        Assert.Equal((2, 1), (d.Line, d.Column));
        Assert.Equal("unterminated block comment", d.Message);
    }

    [Fact]
    public void Lexer_HashComment_IsSkipped()
    {
        var tokens = Lex("# a comment\n4 # another");
        var t = Assert.Single(tokens);
        Assert.Equal(4, t.IntValue);
    }

    [Fact]
    public void Lexer_Attribute_IsNotAComment()
    {
        Assert.Equal(
            [TokenKind.Hash, TokenKind.LBracket, TokenKind.Identifier, TokenKind.LParen, TokenKind.Identifier, TokenKind.RParen, TokenKind.RBracket],
            Kinds("#[derive(Debug)]"));
    }

    [Fact]
    public void Lexer_InnerAttribute_IsNotAComment()
    {
        Assert.Equal([TokenKind.Hash, TokenKind.Bang, TokenKind.LBracket, TokenKind.Identifier, TokenKind.RBracket], Kinds("#![allow]"));
    }

    [Fact]
    public void Lexer_Shebang_IsSkipped()
    {
        var t = Single("#!/usr/bin/env ruchy\n1");
        Assert.Equal(1, t.IntValue);
    }

    [Fact]
    public void Lexer_SpaceBefore_TellsTryFromTernary()
    {
        var tryTokens = Lex("x?");
        Assert.False(tryTokens[1].SpaceBefore);
        var ternary = Lex("c ? a : b");
        Assert.True(ternary[1].SpaceBefore);
        Assert.False(ternary[1].NewlineBefore);
    }

    [Fact]
    public void Lexer_NewlineBefore_MarksFirstTokenOfLine()
    {
        var tokens = Lex("a b\n  c");
        Assert.False(tokens[0].NewlineBefore);
        Assert.True(tokens[1].SpaceBefore);
        Assert.False(tokens[1].NewlineBefore);
        Assert.True(tokens[2].NewlineBefore);
        Assert.True(tokens[2].SpaceBefore);
    }

    [Fact]
    public void Lexer_TokenPositions_AreOffsets()
    {
        var tokens = Lex("let  xy = 10");
        Assert.Equal([0, 5, 8, 10], tokens.Select(t => t.Start));
        Assert.Equal([3, 2, 1, 2], tokens.Select(t => t.Length));
    }

    [Fact]
    public void Lexer_ThreeGreaterThans_AreShiftThenGreater()
    {
        Assert.Equal([TokenKind.GreaterGreater, TokenKind.Greater], Kinds(">>>"));
    }

    [Fact]
    public void Lexer_QuestionBeforeDigit_IsNotOptionalChaining()
    {
        Assert.Equal(TokenKind.Question, Lex("a ?.5")[1].Kind);
        Assert.Equal(TokenKind.QuestionDot, Lex("a?.b")[1].Kind);
    }

    // ---------------------------------------------------------------- Token.ToString (used by `ruchy tokens`)

    [Theory]
    [InlineData("0x1F", "Int(31)")]
    [InlineData("2.0", "Float(2.0)")]
    [InlineData("\"a\\\"b\"", "String(\"a\\\"b\")")]
    [InlineData("f\"{x}\"", "FString(\"{x}\")")]
    [InlineData("'c'", "Char(\"c\")")]
    [InlineData("name", "Identifier(name)")]
    [InlineData("'outer", "Lifetime(outer)")]
    [InlineData("+=", "PlusEq '+='")]
    [InlineData("fn", "Fun 'fun'")]
    [InlineData("self", "SelfValue 'self'")]
    public void Lexer_TokenToString_DescribesToken(string code, string text)
    {
        Assert.Equal(text, Single(code).ToString());
    }

    [Fact]
    public void Lexer_SmallProgram_HasExpectedStream()
    {
        Assert.Equal(
            [
                TokenKind.Fun, TokenKind.Identifier, TokenKind.LParen, TokenKind.Identifier, TokenKind.Colon, TokenKind.Identifier,
                TokenKind.RParen, TokenKind.Arrow, TokenKind.Identifier, TokenKind.LBrace, TokenKind.Identifier, TokenKind.StarStar,
                TokenKind.Int, TokenKind.RBrace,
            ],
            Kinds("fun sq(x: i64) -> i64 { x ** 2 }"));
    }
}
