using Ruchy.Metta.Atoms;
using Ruchy.Metta.Syntax;

namespace Ruchy.Tests.Metta;

public class ParserTests
{
    [Fact]
    public void ParsesAtomsOfEveryKind()
    {
        var a = MettaParser.ParseOne("(foo $x 42 -7 3.5 \"hi\\n\" True (nested ()))");
        var e = Assert.IsType<Expr>(a);
        Assert.IsType<Sym>(e[0]);
        Assert.IsType<Var>(e[1]);
        Assert.Equal(42, Assert.IsType<Num>(e[2]).I);
        Assert.Equal(-7, ((Num)e[3]).I);
        Assert.Equal(3.5, ((Num)e[4]).F);
        Assert.Equal("hi\n", Assert.IsType<Str>(e[5]).Value);
        Assert.Same(BoolAtom.True, e[6]);
        Assert.Equal("(foo $x 42 -7 3.5 \"hi\\n\" True (nested ()))", a.ToString());
    }

    [Fact]
    public void SymbolsAreInterned()
    {
        var a = (Expr)MettaParser.ParseOne("(abc abc)");
        Assert.Same(a[0], a[1]);
    }

    [Fact]
    public void QueriesAndCommentsAreRecognised()
    {
        var p = new MettaParser("; comment\n(a b)\n!(+ 1 2) ; trailing\n", "f.metta", _ => null);
        var first = p.Next()!.Value;
        var second = p.Next()!.Value;
        Assert.False(first.IsQuery);
        Assert.True(second.IsQuery);
        Assert.Equal(3, second.Line);
        Assert.Null(p.Next());
    }

    [Theory]
    [InlineData("(a b", "f.metta:1:1: unclosed '(' (missing ')')")]
    [InlineData("(a)\n  )", "f.metta:2:3: unexpected ')'")]
    [InlineData("\n \"abc", "f.metta:2:2: unterminated string literal")]
    public void ErrorsCarryFileLineAndColumn(string text, string message)
    {
        var p = new MettaParser(text, "f.metta", _ => null);
        var ex = Assert.Throws<MettaSyntaxException>(() => { while (p.Next() != null) { } });
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void FloatsPrintLikeRust()
    {
        Assert.Equal("[18.5]", MettaRun.Last("!(+ 2 (* 3 5.5))"));
        Assert.Equal("[7.0]", MettaRun.Last("!(+ 3.5 3.5)"));
    }
}
