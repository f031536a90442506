using Ruchy.Metta;

namespace Ruchy.Tests.Metta;

public class EvaluationTests
{
    [Fact]
    public void AllMatchingEquationsFireAsAMultiset()
    {
        const string prog = "(= (color) red)\n(= (color) green)\n(= (color) red)\n!(color)";
        Assert.Equal("green, red, red", MettaRun.Sorted(prog));
        Assert.Equal("(A A), (A B), (B A), (B B)", MettaRun.Sorted("(= (bin) A)\n(= (bin) B)\n!((bin) (bin))"));
    }

    [Fact]
    public void UnreducibleCallsReturnThemselvesAndEmptyVanishes()
    {
        Assert.Equal("[(foo a)]", MettaRun.Last("!(foo a)"));
        Assert.Equal("[]", MettaRun.Last("!(empty)"));
        Assert.Equal("[]", MettaRun.Last("!(superpose ())"));
        Assert.Equal("[(ok b)]", MettaRun.Last("(= (pick) (empty))\n(= (pick) b)\n!(ok (pick))"));
    }

    [Fact]
    public void ErrorsHaveHyperonsShapes()
    {
        Assert.Equal("[(Error (+ 2 \"s\") (BadArgType 2 Number String))]", MettaRun.Last("!(+ 2 \"s\")"));
        Assert.Equal("[(Error (+ 1) IncorrectNumberOfArguments)]", MettaRun.Last("!(+ 1)"));
        Assert.Equal("[(Error (/ 5 0) DivisionByZero)]", MettaRun.Last("!(/ 5 0)"));
        Assert.Equal("[(Error (car-atom ()) \"car-atom expects a non-empty expression as an argument\")]", MettaRun.Last("!(car-atom ())"));
    }

    [Fact]
    public void TypedArgumentsAreNotEvaluatedWhenDeclaredAtom()
    {
        Assert.Equal("[(+ 1 2)]", MettaRun.Last("(: keep (-> Atom Atom))\n(= (keep $x) $x)\n!(keep (+ 1 2))"));
        Assert.Equal("[3]", MettaRun.Last("(= (keep2 $x) $x)\n!(keep2 (+ 1 2))"));
        Assert.Equal("[foo]", MettaRun.Last("(= (foo) boom)\n!(car-atom (foo))"));
    }

    [Fact]
    public void TypesAndGetType()
    {
        Assert.Equal("[(List Number)]", MettaRun.Last("(: Cons (-> $a (List $a) (List $a)))\n(: Nil (List $a))\n!(get-type (Cons 1 Nil))"));
        Assert.Equal("[]", MettaRun.Last("!(get-type (+ 1 \"x\"))"));
        Assert.Equal("[(-> Number Number Number)]", MettaRun.Last("!(get-type +)"));
    }

    [Fact]
    public void DeepTailRecursionUsesNoHostStack()
    {
        // 10^6 nested reductions: each step is a call whose result is the next call.
        const string prog = "(= (loop $n) (if (== $n 0) done (loop (- $n 1))))\n!(loop 1000000)";
        Assert.Equal("[done]", MettaRun.Last(prog, RunOptions.Default.With(SwitchRegistry.MettaMemo, false)));
    }

    [Fact]
    public void DeepNonTailRecursionUsesNoHostStack()
    {
        const string prog = "(= (sum $n) (if (== $n 0) 0 (+ $n (sum (- $n 1)))))\n!(sum 200000)";
        Assert.Equal("[20000100000]", MettaRun.Last(prog, RunOptions.Default.With(SwitchRegistry.MettaMemo, false)));
    }

    [Fact]
    public void MemoIsInvalidatedBySpaceChanges()
    {
        const string prog = """
            (= (val) 1)
            (= (twice) (+ (val) (val)))
            !(twice)
            !(add-atom &self (= (val) 10))
            !(twice)
            """;
        var lines = MettaRun.Lines(prog);
        Assert.Equal("[2]", lines[0]);
        Assert.Equal(["11", "11", "2", "20"], lines[2].Trim('[', ']').Split(", ").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SideEffectsAreNotMemoized()
    {
        const string prog = "!(bind! &c (new-state 0))\n(= (tick) (change-state! &c (+ (get-state &c) 1)))\n!(tick)\n!(tick)\n!(get-state &c)";
        Assert.Equal("[2]", MettaRun.Last(prog));
    }

    [Fact]
    public void ParallelSuperposeKeepsTheMultiset()
    {
        const string prog = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))\n!(superpose ((fib 10) (fib 11) (fib 12) (fib 10)))";
        Assert.Equal("[55, 89, 144, 55]", MettaRun.Last(prog));
        Assert.Equal("[55, 89, 144, 55]", MettaRun.Last(prog, RunOptions.Default.With(SwitchRegistry.MettaParallel, false)));
    }
}
