using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Syntax;

/// <summary>
/// Issue 22: as in Rust, a block-like expression statement (for, while, loop, if, match, a block) ends at its
/// closing brace when the next token can begin an expression: <c>for ... { } -1</c> is two statements.
/// </summary>
public sealed class BlockLikeStatementTests
{
    [Theory]
    [AllTiers]
    public void NegativeLiteralAfterBlockLikeStatements_IsANewStatement(string tier)
    {
        const string program = """
            fn f(n) { for i in 0..3 { } -1 }
            fn g(n) { while false { } -2 }
            fn h(n) { if n > 0 { } -n }
            fn k(n) { match n { _ => {} } -4 }
            fn m(n) { { } -5 }
            fn p(n) { let mut c = 0; loop { c += 1; if c > 2 { break } } -c }
            println(f(1), g(1), h(6), k(1), m(1), p(1))
            """;
        Assert.Equal("-1 -2 -6 -4 -5 -3\n", RuchyRunner.Output(tier, program));
    }

    [Theory]
    [AllTiers]
    public void OperatorsThatCannotStartAnExpression_StillContinue(string tier)
    {
        // Ruchy's same-line continuation stays where Rust has no reading of its own: `+ 3`, a method call.
        const string program = """
            fn a(c) { if c { 1 } else { 2 } + 3 }
            fn b(x) { match x { 1 => "one", _ => "many" }.len() }
            println(a(true), a(false), b(1), b(2))
            """;
        Assert.Equal("4 5 3 4\n", RuchyRunner.Output(tier, program));
    }
}
