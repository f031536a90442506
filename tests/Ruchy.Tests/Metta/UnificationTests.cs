using Ruchy.Metta.Atoms;
using Ruchy.Metta.Matching;
using Ruchy.Metta.Syntax;

namespace Ruchy.Tests.Metta;

public class UnificationTests
{
    private static List<(Var, Atom)>? Unify(string a, string b) =>
        Unifier.UnifyLive(MettaParser.ParseOne(a), MettaParser.ParseOne(b));

    [Fact]
    public void TwoSidedUnificationBindsBothSides()
    {
        var r = Unify("(f $x b)", "(f a $y)");
        Assert.NotNull(r);
        Assert.Contains(r, p => p.Item1.Name == "x" && p.Item2.ToString() == "a");
        Assert.Contains(r, p => p.Item1.Name == "y" && p.Item2.ToString() == "b");
    }

    [Fact]
    public void RepeatedVariablesMustAgree()
    {
        Assert.NotNull(Unify("(eq $z $z)", "(eq a a)"));
        Assert.Null(Unify("(eq $z $z)", "(eq a b)"));
    }

    [Fact]
    public void OccursCheckRefusesLoops()
    {
        Assert.Null(Unify("$x", "(f $x)"));
        Assert.Null(Unify("(g $x $x)", "(g $y (f $y))"));
    }

    [Fact]
    public void StoredRulesAreRenamedApart()
    {
        // The rule's $x and the query's $x are different variables: no loop, no capture.
        Assert.Equal("[(S $x)]", MettaRun.Last("(= (succ $x) (S $x))\n!(succ $x)"));
        Assert.Equal("[(pair a b)]", MettaRun.Last("(= (mk $x $y) (pair $x $y))\n!(mk a b)"));
        // Fresh variables of a rule's body print with an id, and each use gets new ones.
        var line = MettaRun.Last("(= (fresh) (v $z))\n!((fresh) (fresh))");
        Assert.Matches(@"^\[\(\(v \$z#\d+\) \(v \$z#\d+\)\)\]$", line);
        var ids = System.Text.RegularExpressions.Regex.Matches(line, @"#(\d+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void QueryVariablesGetBoundThroughEquations()
    {
        Assert.Equal("[(Fritz T)]", MettaRun.Last("(= (green Fritz) T)\n!($x (green $x))"));
    }

    [Fact]
    public void AlphaEquivalence()
    {
        Assert.True(Renaming.AlphaEqual(MettaParser.ParseOne("(a $x $y $x)"), MettaParser.ParseOne("(a $p $q $p)")));
        Assert.False(Renaming.AlphaEqual(MettaParser.ParseOne("(a $x $y)"), MettaParser.ParseOne("(a $p $p)")));
    }
}
