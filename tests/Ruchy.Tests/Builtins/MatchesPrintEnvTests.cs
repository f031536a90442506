using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Builtins;

/// <summary>matches!, ruchy's print(), environment variables and sleep, on every tier.</summary>
public sealed class MatchesPrintEnvTests
{
    private static RuchyRunner.Outcome Run(string tier, string code)
    {
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", "ast"), o);
        return o;
    }

    private static string Out(string tier, string code)
    {
        var o = Run(tier, code);
        Assert.True(o.ExitCode == 0, o.Stderr);
        return o.Stdout;
    }

    [Theory]
    [TierData("matches!(Some(4), Some(_))", "true")]
    [TierData("matches!(None, Some(_))", "false")]
    [TierData("matches!(Some(4), Some(x) if x > 5)", "false")]
    [TierData("matches!(Some(6), Some(x) if x > 5)", "true")]
    [TierData("matches!(3, 1 | 2 | 3)", "true")]
    [TierData("matches!(10, 1..=9)", "false")]
    [TierData("matches!((1, 2), (_, 2))", "true")]
    [TierData("matches!([1, 2], [1, _])", "true")]
    [TierData("matches!(\"a\", \"b\")", "false")]
    [TierData("matches!(Ok(1), Err(_),)", "false")]
    public void Matches_TestsAPattern(string tier, string expr, string expected) =>
        Assert.Equal(expected + "\n", Out(tier, $"println({expr})"));

    [Theory, AllTiers]
    public void Matches_BindingsDoNotLeak(string tier) =>
        Assert.Equal("true\n5\n", Out(tier, "let x = 5\nprintln(matches!(Some(1), Some(x) if x == 1))\nprintln(x)"));

    [Theory, AllTiers]
    public void Matches_InClosureAndEnum(string tier) =>
        Assert.Equal("[\"b\"]\n", Out(tier, "enum E { A, B(i32) }\nlet v = [E::A, E::B(1)]\nprintln(v.filter(|e| matches!(e, E::B(_))).map(|e| \"b\"))"));

    [Fact]
    public void Matches_WithoutPattern_IsParseError()
    {
        var o = RuchyRunner.Run("let b = matches!(1)", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Contains("t.ruchy:1:19: expected ',' between the value and the pattern of matches!", o.Stderr);
    }

    [Theory]
    [TierData("print(\"{} x\", 1)", "{} x 1")]
    [TierData("print(\"a\", [1], nil)", "a [1] nil")]
    [TierData("print()\nprint(1.5)", "1.5")]
    [TierData("print(\"no newline\")\nprint(\"!\")", "no newline!")]
    [TierData("println(\"{} x\", 1)", "1 x\n")]
    public void Print_JoinsDisplayWithSpaces(string tier, string code, string expected) =>
        Assert.Equal(expected, Out(tier, code));

    [Theory, AllTiers]
    public void EnvVar_SetGetRemove(string tier)
    {
        string name = "RUCHY_T24_" + tier.Replace('+', '_').Replace('=', '_').ToUpperInvariant() + "_" + Guid.NewGuid().ToString("N");
        string code = $"""
            println(env_var("{name}"))
            env_set_var("{name}", "v1")
            println(env_var("{name}"))
            println(env_vars()["{name}"])
            env_remove_var("{name}")
            println(env_var("{name}").is_err())
            """;
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Equal("Err(\"NotFound\")\nOk(\"v1\")\nv1\ntrue\n", o.Stdout);
        Assert.Null(Environment.GetEnvironmentVariable(name));
    }

    [Theory, AllTiers]
    public void Sleep_WaitsAboutTheMilliseconds(string tier)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("done\n", Out(tier, "sleep(30)\nsleep(-5)\nprintln(\"done\")"));
        Assert.True(clock.ElapsedMilliseconds >= 55, $"two runs of sleep(30) took {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [TierData("sleep(\"1\")", "sleep() expects a numeric argument", 1, 1)]
    [TierData("let v = env_var(1)", "env_var() expects a string argument", 1, 9)]
    [TierData("env_set_var(\"A\", 1)", "env_set_var() expects two string arguments", 1, 1)]
    [TierData("env_set_current_dir(\"/nonexistent-ruchy-24\")", "Failed to set current directory: No such file or directory (os error 2)", 1, 1)]
    public void BadCalls_ArePositionedErrors(string tier, string code, string message, int line, int col)
    {
        var o = Run(tier, code);
        Assert.Equal(1, o.ExitCode);
        var lines = o.Stderr.Split('\n');
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{col}", lines[1]);
    }

    [Theory, AllTiers]
    public void TempDir_HasNoTrailingSeparator(string tier) =>
        Assert.Equal(Path.GetTempPath().TrimEnd('/') + "\n", Out(tier, "println(env_temp_dir())"));
}
