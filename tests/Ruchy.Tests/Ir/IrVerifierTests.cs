using Ruchy.Ir;
using static Ruchy.Tests.Ir.IrTestSupport;

namespace Ruchy.Tests.Ir;

/// <summary>The verifier accepts what the builder makes and names what is broken when something is.</summary>
public sealed class IrVerifierTests
{
    private const string Program = "fun f(x) { let mut i = 0; while i < x { i = i + 1 }; if i > 2 { i } else { 0 } }\nprintln(f(3))";

    [Fact]
    public void BuiltIr_IsWellFormed() => Assert.Empty(IrVerifier.Verify(Build(Program, "f")));

    [Fact]
    public void AUseNotDominatedByItsDefinition_IsReported()
    {
        var f = Build(Program, "f");
        // Make the entry's terminator... use a value defined in the loop body: not dominated there.
        var body = f.Blocks.First(b => b.Label == "loop_body");
        int defined = body.Instrs.First(v => IrOpInfo.HasResult(f[v].Op));
        int entryJump = f.Terminator(0);
        f.Edge(entryJump, 0).Args.Add(defined);
        var errors = IrVerifier.Verify(f);
        Assert.Contains(errors, e => e.Contains("does not dominate"));
        Assert.Contains(errors, e => e.Contains("passes 1 values for 0 parameters") || e.Contains("parameters"));
    }

    [Fact]
    public void ABlockWithoutTerminator_IsReported()
    {
        var f = Build(Program, "f");
        var body = f.Blocks.First(b => b.Label == "loop_body");
        int t = body.Instrs[^1];
        body.Instrs.RemoveAt(body.Instrs.Count - 1);
        f[t].Block = -1;
        Assert.Contains(IrVerifier.Verify(f), e => e.Contains("does not end in a terminator"));
    }

    [Fact]
    public void ATypeMismatchOnAnEdge_IsReported()
    {
        var f = Build(Program, "f", "types");
        var head = f.Blocks.First(b => b.Label == "loop_head");
        int param = head.Params[0];
        Assert.Equal(IrKinds.Int, f[param].Type.Kinds);
        f[param].Type = IrType.Str;
        Assert.Contains(IrVerifier.Verify(f), e => e.Contains("to parameter"));
    }

    [Fact]
    public void Check_ThrowsWithTheListingOfTheBrokenFunction()
    {
        var f = Build(Program, "f");
        f.Edge(f.Terminator(0), 0).Args.Add(0);
        var e = Assert.Throws<InvalidOperationException>(() => IrVerifier.Check(f, "test"));
        Assert.Contains("IR verification failed after test", e.Message);
        Assert.Contains("fn f {", e.Message);
    }
}
