using Ruchy.Tests.TestSupport;
using Ruchy.Ir;
using static Ruchy.Tests.Ir.IrTestSupport;

namespace Ruchy.Tests.Ir;

/// <summary>Each pass does what it claims on a program made for it, and the program's output does not change.</summary>
public sealed class IrPassTests
{
    [Fact]
    public void Sccp_FoldsConstantArithmetic_AndDropsTheBranchNeverTaken()
    {
        const string code = "fun f() { let a = 2 + 3; if a > 4 { println(\"big\") } else { println(\"small\") } }\nf()";
        var before = Build(code, "f");
        Assert.Equal(1, Count(before, IrOp.Add));
        var after = Build(code, "f", "sccp", "dce", "simplify_cfg");
        Assert.Equal(0, Count(after, IrOp.Add));
        Assert.Equal(0, Count(after, IrOp.Gt));
        Assert.Equal(0, Count(after, IrOp.Branch));
        Assert.Equal(1, Count(after, IrOp.CallNative));
        Assert.Equal("big\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void Sccp_LeavesAFoldThatWouldRaise_ForRunTime()
    {
        const string code = "fun f() { let big = 9223372036854775807; big + 1 }\nprintln(f())";
        var after = Build(code, "f", "sccp");
        Assert.Equal(1, Count(after, IrOp.Add));
        var outcome = RuchyRunner.Run(code, "t.ruchy", IrOn);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Integer overflow in addition", outcome.Stderr);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", RunOptions.Default), outcome);
    }

    [Fact]
    public void SimplifyCfg_ThreadsTheJoinsOfShortCircuitOperators()
    {
        const string code = "fun f(a, b, c) { if a > 0 && b > 0 && c > 0 { 1 } else { 2 } }\nprintln(f(1, 2, 3), f(1, 0, 3), f(0, 2, 3))";
        static int BranchOnlyJoins(IrFunction f) => f.Blocks.Count(b => !b.Removed && b.Instrs.Count == 1
            && f[b.Instrs[0]].Op == IrOp.Branch && b.Params.Contains(f.Operand(b.Instrs[0], 0)));
        Assert.True(BranchOnlyJoins(Build(code, "f")) > 0);
        var after = Build(code, "f", "copy_prop", "simplify_cfg");
        Assert.Equal(0, BranchOnlyJoins(after));
        // Each test is evaluated once on every path: three compares, each branching straight to its outcome.
        Assert.Equal(3, Count(after, IrOp.Gt));
        Assert.Equal("1 2 2\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void Dce_RemovesUnusedPureValues_ButKeepsEffects()
    {
        const string code = "fun f(x) { let i = 1; let j = 2; let unused = i < j; let k = 7; println(x); x }\nf(1)";
        var before = Build(code, "f", "types");
        Assert.Equal(1, Count(before, IrOp.Lt));
        var after = Build(code, "f", "types", "dce");
        Assert.Equal(0, Count(after, IrOp.Lt));
        Assert.DoesNotContain(after.Blocks.Where(b => !b.Removed).SelectMany(b => b.Instrs),
            v => after[v].Op == IrOp.Const && after.Constants[after[v].Aux].Kind == Values.ValueKind.Int && after.Constants[after[v].Aux].AsInt == 7);
        Assert.Equal(1, Count(after, IrOp.CallNative));
    }

    [Fact]
    public void Licm_HoistsLoopInvariantConstantsToThePreheader()
    {
        const string code = "fun f(n) { let mut s = 0.0; let mut i = 0; while i < n { s = s + 2.5; i = i + 1 }; s }\nprintln(f(4))";
        var f = Build(code, "f", "types", "licm");
        var dom = new Dominators(f);
        // The 2.5 constant is now outside the loop: in a block that dominates the loop head.
        int constant = -1;
        foreach (var b in f.Blocks)
            if (!b.Removed)
                foreach (var v in b.Instrs)
                    if (f[v].Op == IrOp.Const && f.Constants[f[v].Aux].Kind == Values.ValueKind.Float && f.Constants[f[v].Aux].AsFloat == 2.5) constant = v;
        Assert.True(constant >= 0);
        int head = f.Blocks.First(b => b.Label == "loop_head").Id;
        Assert.True(dom.Dominates(f[constant].Block, head) && f[constant].Block != head, IrPrinter.Print(f));
        Assert.Equal("10.0\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void Gvn_ReplacesARepeatedComparisonByTheDominatingOne()
    {
        const string code = "fun f(a, b) { let x = a == b; let y = a == b; x && y }\nprintln(f(1, 1))";
        var f = Build(code, "f", "gvn");
        Assert.Equal(1, Count(f, IrOp.Eq));
        Assert.Equal("true\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void Gvn_NeverMergesTwoAllocations()
    {
        const string code = "fun f() { let mut a = [1] + [2]; let b = [1] + [2]; a.push(3); println(a); println(b) }\nf()";
        var f = Build(code, "f", "types", "gvn");
        Assert.Equal(2, Count(f, IrOp.Add));
        Assert.Equal("[1, 2, 3]\n[1, 2]\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void TypeInference_FindsAnIntegerLoopCounter()
    {
        const string code = "fun f(n) { let mut i = 0; while i < n { i = i + 1 }; i }\nprintln(f(3))";
        var f = Build(code, "f", "types");
        var head = f.Blocks.First(b => b.Label == "loop_head");
        Assert.Contains(head.Params, p => f[p].Type.Equals(IrType.Any) == false && f[p].Type.Kinds == IrKinds.Int);
    }

    [Fact]
    public void SimplifyCfg_MergesStraightLineBlocks()
    {
        const string code = "fun f(x) { if true { x + 1 } else { x - 1 } }\nprintln(f(1))";
        var built = Build(code, "f");
        var simplified = Build(code, "f", "sccp", "simplify_cfg");
        Assert.True(LiveBlocks(simplified) < LiveBlocks(built), IrPrinter.Print(simplified));
        Assert.Equal(1, LiveBlocks(simplified));
        Assert.Equal("2\n", RunBoth(code, IrOn));
    }

    [Fact]
    public void CopyPropagation_RemovesTrivialBlockParameters()
    {
        const string code = "fun f(x) { let mut y = x; let mut i = 0; while i < 3 { i = i + 1 }; y }\nprintln(f(5))";
        var f = Build(code, "f", "copy_prop");
        var head = f.Blocks.First(b => b.Label == "loop_head");
        // y is never reassigned in the loop: no parameter carries it.
        Assert.Single(head.Params);
    }

    [Theory]
    [InlineData("O0")]
    [InlineData("O1")]
    [InlineData("O2")]
    [InlineData("O3")]
    public void EveryPreset_KeepsTheOutput(string level)
    {
        const string code = """
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            let mut total = 0
            for i in 0..10 { total += fib(i) * 2 }
            let words = ["a", "bb", "ccc"]
            let mut lens = []
            for w in words { lens.push(w.len()) }
            println(f"{total} {lens:?}")
            """;
        Assert.Equal("176 [1, 2, 3]\n", RunBoth(code, IrOn.With(SwitchRegistry.Opt, level)));
    }

    [Fact]
    public void ThePresetsGrow_AndASwitchedOffPassLeavesThePipeline()
    {
        Assert.Empty(PassPipeline.For(IrOn.With(SwitchRegistry.Opt, "O0")).Passes);
        var o1 = PassPipeline.For(IrOn.With(SwitchRegistry.Opt, "O1")).Passes.Select(p => p.Name).ToList();
        var o2 = PassPipeline.For(IrOn).Passes.Select(p => p.Name).ToList();
        Assert.True(o1.Count < o2.Count);
        Assert.All(o1, p => Assert.Contains(p, o2));
        var withoutLicm = PassPipeline.For(IrOn.With(SwitchRegistry.PassLicm, false)).Passes.Select(p => p.Name).ToList();
        Assert.DoesNotContain("licm", withoutLicm);
        Assert.Equal(o2.Count - 1, withoutLicm.Count);
    }
}
