using Ruchy.Tests.TestSupport;
using Ruchy.Ir;
using Ruchy.Text;
using static Ruchy.Tests.Ir.IrTestSupport;

namespace Ruchy.Tests.Ir;

/// <summary>The inlining pass: what it copies, what it leaves, and that a copy behaves exactly like the call (output, errors, traces, depth limit, redefinition).</summary>
public sealed class IrInliningTests
{
    private const string Leaves = """
        fun sq(x) { x * x }
        fun clamp(v, lo, hi) { if v < lo { lo } else if v > hi { hi } else { v } }
        fun f(n) {
            let mut s = 0
            for i in 0..n { s = s + sq(i) + clamp(i, 2, 7) }
            s
        }
        println(f(10))
        """;

    [Fact]
    public void ASmallLeafCall_BecomesAGuardedCopyOfTheCallee()
    {
        var before = Build(Leaves, "f");
        Assert.Equal(2, Count(before, IrOp.CallGlobal));
        Assert.Equal(0, Count(before, IrOp.Mul));
        var after = Build(Leaves, "f", "inline");
        // Each call stays, as the guard's other path; the copies hold the callees' work.
        Assert.Equal(2, Count(after, IrOp.BranchCallee));
        Assert.Equal(2, Count(after, IrOp.CallGlobal));
        Assert.Equal(1, Count(after, IrOp.Mul));
        Assert.Equal(2, Count(after, IrOp.Lt) + Count(after, IrOp.Gt));
        Assert.Equal(2, after.InlineFrames.Count);
        Assert.Equal(["sq", "clamp"], after.InlineFrames.Select(fr => fr.Name).Order().Reverse());
        Assert.Equal("330\n", RunBoth(Leaves, IrOn));
    }

    [Theory]
    [InlineData("fun g(n) { if n == 0 { 0 } else { g(n - 1) } }\nfun f() { g(3) }\nprintln(f())")]
    [InlineData("fun h(x) { x }\nfun g(x) { h(x) + 1 }\nfun f() { g(3) }\nprintln(f())")]
    [InlineData("fun g(x) { let k = |y| y + x; k(1) }\nfun f() { g(3) }\nprintln(f())")]
    [InlineData("fun g(x, y = 2) { x + y }\nfun f() { g(3) }\nprintln(f())")]
    [InlineData("fun g(x) { let v = x?; v }\nfun f() { g(Some(3)) }\nprintln(f())")]
    public void CalleesThatCallOrNeedTheirFrame_AreNotCopied(string code)
    {
        var after = Build(code, "f", "inline");
        Assert.Equal(0, Count(after, IrOp.BranchCallee));
        Assert.Empty(after.InlineFrames);
        RunBoth(code, IrOn);
    }

    [Fact]
    public void ABigCallee_IsNotCopied()
    {
        var body = string.Join(" + ", Enumerable.Range(1, Inlining.MaxCalleeSize).Select(i => $"x * {i}"));
        var code = $"fun g(x) {{ {body} }}\nfun f() {{ g(3) }}\nprintln(f())";
        Assert.Equal(0, Count(Build(code, "f", "inline"), IrOp.BranchCallee));
        RunBoth(code, IrOn);
    }

    [Fact]
    public void AnErrorInsideACopy_HasTheStackTraceOfTheCall()
    {
        const string code = "fun div(a, b) { a / b }\nfun f(x) { div(10, x) + 1 }\nprintln(f(2))\nprintln(f(0))";
        Assert.Equal(1, Count(Build(code, "f", "inline"), IrOp.BranchCallee));
        var outcome = RuchyRunner.Run(code, "t.ruchy", IrOn);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("in div, called from t.ruchy:2:12", outcome.Stderr);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", RunOptions.Default), outcome);
    }

    [Fact]
    public void ACopyAtTheDepthLimit_FallsBackToTheCall_WhichOverflowsAsBefore()
    {
        // The leaf is where the depth limit fires: the copy must not run one frame deeper than the call could.
        const string code = "fun leaf(x) { x + 1 }\nfun rec(n) { if n == 0 { 0 } else { leaf(n) + rec(n - 1) } }\nprintln(rec(10))\nprintln(rec(1000000))";
        var outcome = RuchyRunner.Run(code, "t.ruchy", IrOn);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("(in leaf)", outcome.Stderr);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", RunOptions.Default), outcome);
    }

    [Fact]
    public void ARedefinedCallee_IsCalled_NotItsOldCopy()
    {
        using var session = new ReplSession();
        var options = IrOn;
        string Cell(string code)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = session.Run(SourceText.From(code, "<cell>"), stdout, stderr, options);
            Assert.True(result.ExitCode == 0, stderr.ToString());
            return stdout.ToString();
        }
        Assert.Equal("9\n", Cell("fun sq(x) { x * x }\nfun g(x) { sq(x) }\nprintln(g(3))"));
        Assert.Equal("1003\n", Cell("fun sq(x) { x + 1000 }\nprintln(g(3))"));
    }

    [Fact]
    public void TheRegisterCode_RunsTheCopyBehindOneGuardInstruction()
    {
        var text = RuchyEngine.Disassemble(SourceText.From(Leaves, "t.ruchy"), IrOn, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Contains("JmpIfNotCallee", text);
    }
}

/// <summary>The register code from the IR keeps loops interruptible: the VMs check for an interrupt on a backward Jmp only.</summary>
public sealed class IrBackEdgeTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(RepoPaths.Root, "datasets");
        foreach (var file in Directory.EnumerateFiles(root, "*.ruchy", SearchOption.AllDirectories).Order()) data.Add(Path.GetRelativePath(RepoPaths.Root, file));
        return data;
    }

    /// <summary>A loop whose header merges into its latch (its entry edge threaded away) ends in a branch: the backward edge must still be a Jmp.</summary>
    private const string RotatedLoop = "fun c() { true }\nfun f() { let mut go = true; while go { go = c() }; 1 }\nprintln(f())";

    [Theory]
    [MemberData(nameof(Programs))]
    public void EveryBackwardJump_IsAJmp(string path) => AssertBackwardJumpsAreJmp(File.ReadAllText(Path.Combine(RepoPaths.Root, path)), path);

    [Fact]
    public void ARotatedLoop_GoesBackWithAJmp() => AssertBackwardJumpsAreJmp(RotatedLoop, "rotated");

    private static void AssertBackwardJumpsAreJmp(string code, string name)
    {
        var text = RuchyEngine.Disassemble(SourceText.From(code, name), IrOn, out _);
        Assert.NotNull(text);
        foreach (var line in text!.Split('\n'))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\s+(\d+)\s+\S+\s+(\w+)\s.*\bto (\d+)$");
            if (!m.Success || int.Parse(m.Groups[3].Value) > int.Parse(m.Groups[1].Value)) continue;
            Assert.True(m.Groups[2].Value == "Jmp", $"{name}: backward {m.Groups[2].Value} is not interrupt-checked: {line.Trim()}");
        }
    }
}
