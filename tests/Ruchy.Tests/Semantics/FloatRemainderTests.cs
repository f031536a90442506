using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Semantics;

/// <summary>Issue 22: a float remainder by zero is NaN, as in Rust, on every tier (it was a "Division by zero" error).</summary>
public sealed class FloatRemainderTests
{
    private const string Program = """
        fn rem(a: f64, b: f64) -> f64 { a % b }
        let zero = 0.0
        println(7.0 % 0.0)
        println(7.5 % zero)
        println((-7.0 % zero).is_nan())
        println(rem(0.0, 0.0))
        let mut acc = 1.0
        for i in 0..300 { acc = acc + rem(i as f64, 0.0) }
        println(acc.is_nan())
        println(7.0 % 2.5)
        println(-7.0 % 2.5)
        """;

    [Theory]
    [AllTiers]
    public void RemainderByZero_IsNaN(string tier)
    {
        Assert.Equal("NaN\nNaN\ntrue\nNaN\ntrue\n2.0\n-2.0\n", RuchyRunner.Output(tier, Program));
    }

    [Theory]
    [AllTiers]
    public void IntegerRemainderByZero_IsStillAnError(string tier)
    {
        var o = RuchyRunner.Run("let z = 0\nprintln(7 % z)\n", tier: tier);
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("Division by zero", o.Stderr);
    }
}
