using Ruchy.Metta;
using Ruchy.Metta.Atoms;
using Ruchy.Metta.Spaces;
using Ruchy.Metta.Syntax;

namespace Ruchy.Tests.Metta;

public class SpaceIndexTests
{
    private static readonly RunOptions IndexOn = RunOptions.Default;
    private static readonly RunOptions AllOff = RunOptions.Default.With("all=off", SwitchDomain.Metta);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VariableHeadedAndVariableArgumentRulesAreFound(bool index)
    {
        var o = index ? IndexOn : AllOff;
        // (fib 0) has its own bucket; the general rule (variable argument) must still fire.
        const string prog = "(= (h 0) zero)\n(= (h $n) any)\n(= ($f 0) var-head)\n!(h 0)";
        Assert.Equal("any, var-head, zero", MettaRun.Sorted(prog, o));
        Assert.Equal("[(p a)]", MettaRun.Last("($r a)\n!(match &self (p a) (p a))", o));
        Assert.Equal("[b]", MettaRun.Last("$anything\n!(match &self (q b) b)", o));
    }

    [Fact]
    public void RemovedAtomsDisappearFromTheIndex()
    {
        const string prog = """
            (= (f 1) one)
            (= (f $x) other)
            !(f 1)
            !(remove-atom &self (= (f 1) one))
            !(f 1)
            !(remove-atom &self (= (f $x) other))
            !(f 1)
            """;
        var lines = MettaRun.Lines(prog);
        Assert.Equal("[(f 1)]", lines[^1]);
        Assert.Equal("[other]", lines[2]);
    }

    [Fact]
    public void CandidatesKeepInsertionOrderAndSkipOtherBuckets()
    {
        var s = new MettaSpace("t");
        foreach (var a in MettaParser.ParseAll("(p a 1) (p b 2) (p $v 3) (q a 4) ($h a 5) (p a 6)")) s.Add(a);
        var cands = s.Candidates(MettaParser.ParseOne("(p a $n)"), useIndex: true, useBloom: true);
        Assert.Equal(["(p a 1)", "(p $v 3)", "($h a 5)", "(p a 6)"], cands.Select(c => c.Original.ToString()));
        Assert.True(s.Remove(MettaParser.ParseOne("(p a 1)")));
        cands = s.Candidates(MettaParser.ParseOne("(p a $n)"), useIndex: true, useBloom: true);
        Assert.Equal(["(p $v 3)", "($h a 5)", "(p a 6)"], cands.Select(c => c.Original.ToString()));
        Assert.Equal(5, s.Count);
    }

    [Fact]
    public void BloomFilterAnswersAbsentKeysAndForgetsRemovedOnes()
    {
        var s = new MettaSpace("t");
        s.Add(MettaParser.ParseOne("(r x)"));
        Assert.Empty(s.Candidates(MettaParser.ParseOne("(nope x)"), useIndex: false, useBloom: true));
        Assert.Single(s.Candidates(MettaParser.ParseOne("(r x)"), useIndex: false, useBloom: true));
        s.Remove(MettaParser.ParseOne("(r x)"));
        Assert.Empty(s.Candidates(MettaParser.ParseOne("(r x)"), useIndex: true, useBloom: true));
    }

    [Fact]
    public void CountingBloomHasNoFalseNegatives()
    {
        var b = new CountingBloom(10);
        for (long k = 0; k < 5000; k++) b.Add(k);
        for (long k = 0; k < 5000; k += 2) b.Remove(k);
        for (long k = 1; k < 5000; k += 2) Assert.True(b.MayContain(k));
    }

    [Fact]
    public void FlatFilterIsANecessaryCondition()
    {
        var stored = FlatTerm.Encode(MettaParser.ParseOne("(f (g $x) b)"));
        Assert.True(FlatTerm.MayUnify(FlatTerm.Encode(MettaParser.ParseOne("(f $y b)")), stored));
        Assert.True(FlatTerm.MayUnify(FlatTerm.Encode(MettaParser.ParseOne("(f (g c) $z)")), stored));
        Assert.False(FlatTerm.MayUnify(FlatTerm.Encode(MettaParser.ParseOne("(f (h c) b)")), stored));
        Assert.False(FlatTerm.MayUnify(FlatTerm.Encode(MettaParser.ParseOne("(f (g c) c)")), stored));
    }
}
