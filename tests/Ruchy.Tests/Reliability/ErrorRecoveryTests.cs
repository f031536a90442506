using Ruchy.Syntax;
using Ruchy.Text;

namespace Ruchy.Tests.Reliability;

/// <summary>
/// Issue 22: error recovery must stay linear. Each enclosing block used to report its own "unclosed '{'"
/// at the end of the file (and the diagnostic bag searched every earlier message for duplicates), so
/// 100,000 unclosed braces took 18 s; now the innermost open block is reported once.
/// </summary>
public sealed class ErrorRecoveryTests
{
    private static IReadOnlyList<Diagnostic> Parse(string code)
    {
        var source = SourceText.From(code, "r.ruchy");
        var bag = new DiagnosticBag(source);
        Parser.Parse(source, bag);
        return bag.Items;
    }

    [Fact]
    public void HundredThousandUnclosedBraces_TwoErrors()
    {
        var items = Parse(new string('{', 100_000) + "\n");
        Assert.Equal(
            ["r.ruchy:1:401: expression nested too deeply (more than 400 levels)", "r.ruchy:1:400: unclosed '{'"],
            items.Select(d => d.ToString()));
    }

    [Fact]
    public void ThreeHundredUnclosedBraces_OneError()
    {
        var d = Assert.Single(Parse(new string('{', 300) + "\n"));
        Assert.Equal("r.ruchy:1:300: unclosed '{'", d.ToString());
    }

    [Fact]
    public void UnclosedNestedBlocks_ReportTheInnermostOnce()
    {
        var d = Assert.Single(Parse("fn f() {\n  if x {\n    g()\n"));
        Assert.Equal(("unclosed '{'", 2, 8), (d.Message, d.Line, d.Column));
    }

    [Fact]
    public void ManyDistinctErrors_AreAllKept()
    {
        // The bag's duplicate check is a set now: distinct positions must all stay.
        var code = string.Concat(Enumerable.Repeat("let = 1;\n", 5000));
        Assert.Equal(5000, Parse(code).Count(d => d.IsError));
    }
}
