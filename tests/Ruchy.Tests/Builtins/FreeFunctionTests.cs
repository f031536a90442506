using Ruchy.Syntax;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Builtins;

/// <summary>
/// ruchy's free-function built-ins (reverse, sort, push, pop, zip, enumerate, is_nil, bool), nil and
/// single-quoted strings. Each case runs on every tier and must match the AST tier exactly.
/// </summary>
public sealed class FreeFunctionTests
{
    private static string Out(string tier, string code)
    {
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        var reference = RuchyRunner.Run(code, "t.ruchy", "ast");
        Assert.Equal(reference, o);
        Assert.True(o.ExitCode == 0, o.Stderr);
        return o.Stdout;
    }

    private static RuchyRunner.Outcome Fail(string tier, string code)
    {
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", "ast"), o);
        Assert.Equal(1, o.ExitCode);
        return o;
    }

    [Theory]
    [TierData("let a = [3, 1, 2]\nprintln(reverse(a))\nprintln(a)", "[2, 1, 3]\n[3, 1, 2]\n")]
    [TierData("println(reverse(\"abc\"))", "cba\n")]
    [TierData("let a = [3, 1, 2]\nlet b = sort(a)\nprintln(b)\nprintln(a)", "[1, 2, 3]\n[3, 1, 2]\n")]
    [TierData("let a = [1]\nlet b = push(a, 2)\nprintln(b)\nprintln(a)", "[1, 2]\n[1]\n")]
    [TierData("let a = [1, 2]\nprintln(pop(a))\nprintln(a)\nprintln(pop([]))", "2\n[1, 2]\nnil\n")]
    [TierData("println(zip([1, 2, 3], [\"a\", \"b\"]))", "[(1, \"a\"), (2, \"b\")]\n")]
    [TierData("println(enumerate([\"a\", \"b\"]))", "[(0, \"a\"), (1, \"b\")]\n")]
    [TierData("println(is_nil(nil))\nprintln(is_nil(0))\nprintln(is_nil(None))", "true\nfalse\nfalse\n")]
    [TierData("let xs = [[2, 1], [4, 3]]\nprintln(xs.map(sort))", "[[1, 2], [3, 4]]\n")]
    public void CollectionFunctions_ReturnNewValues(string tier, string code, string expected) =>
        Assert.Equal(expected, Out(tier, code));

    [Theory]
    [TierData("0", "false")]
    [TierData("0.0", "false")]
    [TierData("-0.0", "false")]
    [TierData("\"\"", "false")]
    [TierData("nil", "false")]
    [TierData("[]", "false")]
    [TierData("false", "false")]
    [TierData("3", "true")]
    [TierData("0.5", "true")]
    [TierData("\"0\"", "true")]
    [TierData("[0]", "true")]
    [TierData("(0, 0)", "true")]
    public void Bool_FollowsRuchyConversion(string tier, string operand, string expected) =>
        Assert.Equal(expected + "\n", Out(tier, $"println(bool({operand}))"));

    [Theory, AllTiers]
    public void Nil_IsAValueThatCanBeShadowed(string tier) =>
        Assert.Equal("nil\ntrue\n7\n", Out(tier, "println(nil)\nprintln(nil == nil)\nlet nil = 7\nprintln(nil)"));

    [Theory, AllTiers]
    public void UserFunction_ShadowsBuiltin(string tier) =>
        Assert.Equal("mine\n", Out(tier, "fn reverse(x) { \"mine\" }\nprintln(reverse([1, 2]))"));

    [Theory]
    [TierData("sort(42)", "sort() expects an array, got integer", 1, 1)]
    [TierData("let x = 1\nlet y = push(x, 2)", "push() expects an array, got integer", 2, 9)]
    [TierData("println(zip([1], 2))", "zip() expects two arrays, got integer", 1, 9)]
    [TierData("reverse(3.5)", "reverse() expects an array or string, got float", 1, 1)]
    [TierData("sort([1, \"a\"])", "cannot compare integer with string", 1, 1)]
    public void BadArgument_IsPositionedError(string tier, string code, string message, int line, int col)
    {
        var o = Fail(tier, code);
        var lines = o.Stderr.Split('\n');
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{col}", lines[1]);
    }

    [Fact]
    public void WrongArity_IsCompileError()
    {
        var o = RuchyRunner.Run("reverse([1], [2])", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("t.ruchy:1:1: 'reverse' takes 1 argument, got 2", o.Stderr);
    }

    private static Token SingleToken(string code)
    {
        var source = SourceText.From(code, "t.ruchy");
        var bag = new DiagnosticBag(source);
        var tokens = Lexer.Tokenize(source, bag);
        Assert.Empty(bag.Items);
        Assert.Equal(2, tokens.Count);
        return tokens[0];
    }

    [Theory]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("'\\tx'", "\tx")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("'x\\\\y'", "x\\y")]
    [InlineData("'caf\\u{e9}'", "café")]
    [InlineData("'hello world'", "hello world")]
    [InlineData("''", "")]
    public void SingleQuoted_SeveralCharacters_IsStringWithEscapes(string code, string text)
    {
        var t = SingleToken(code);
        Assert.Equal(TokenKind.String, t.Kind);
        Assert.Equal(text, t.Text);
        Assert.Equal(code.Length, t.Length);
    }

    [Theory]
    [InlineData("'a'", "a")]
    [InlineData("'\\n'", "\n")]
    [InlineData("'\\''", "'")]
    public void SingleQuoted_OneCharacter_IsChar(string code, string text)
    {
        var t = SingleToken(code);
        Assert.Equal(TokenKind.Char, t.Kind);
        Assert.Equal(text, t.Text);
    }

    [Fact]
    public void Label_StaysALabel()
    {
        var o = RuchyRunner.Run("'outer: for i in 0..3 { for j in 0..3 { if j == 1 { break 'outer } println(i) } }", "t.ruchy");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("0\n", o.Stdout);
    }
}
