using System.Text;
using Ruchy.Notebook;
using Ruchy.Syntax;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Reliability;

/// <summary>
/// Issue 22: deep nesting must give a positioned error (or work), never abort the host with a .NET
/// stack overflow, on every front-end path: check (compile), parse, run, the notebook's is_complete.
/// </summary>
public sealed class DeepNestingTests
{
    private static string Blocks(int n) => new string('{', n) + new string('}', n) + "\n";

    private static string NestedIfs(int n)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.Append("if true {\n");
        for (int i = 0; i < n; i++) sb.Append("}\n");
        return sb.ToString();
    }

    private static string Chain(int terms, string term = "1") => "println(" + string.Join("+", Enumerable.Repeat(term, terms)) + ")\n";

    private static Diagnostic SingleError(CompileResult r) => Assert.Single(r.Diagnostics, d => d.IsError);

    [Fact]
    public void Compile_FourThousandNestedBlocks_IsPositionedError()
    {
        var d = SingleError(RuchyEngine.Compile(SourceText.From(Blocks(4000), "b.ruchy")));
        Assert.Equal("expression nested too deeply (more than 400 levels)", d.Message);
        Assert.Equal((1, 401), (d.Line, d.Column));
        Assert.StartsWith("b.ruchy:1:401: ", d.ToString());
    }

    [Fact]
    public void Compile_TenThousandNestedIfs_IsPositionedError()
    {
        var d = SingleError(RuchyEngine.Compile(SourceText.From(NestedIfs(10_000), "i.ruchy")));
        Assert.Contains("nested too deeply", d.Message);
        Assert.Equal(401, d.Line);
    }

    [Fact]
    public void Parse_NestedBlocksInsideModules_IsError()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.Append("mod m { ");
        var source = SourceText.From(sb.ToString(), "m.ruchy");
        var bag = new DiagnosticBag(source);
        Parser.Parse(source, bag);
        Assert.Contains(bag.Items, d => d.Message.Contains("nested too deeply", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ElseIfChainOfTwentyThousand_ParsesAndRuns()
    {
        var sb = new StringBuilder("let x = 19998\nif x == 0 { println(0) }\n");
        for (int i = 1; i < 20_000; i++) sb.Append("else if x == ").Append(i).Append(" { println(").Append(i).Append(") }\n");
        sb.Append("else { println(-1) }\n");
        Assert.Equal("19998\n", RuchyRunner.Output(sb.ToString()));
    }

    [Theory]
    [AllTiers]
    public void Run_SixtyThousandTermChain_Works(string tier)
    {
        Assert.Equal("60000\n", RuchyRunner.Output(tier, Chain(60_000)));
    }

    [Fact]
    public void Compile_SixtyThousandTermChain_HasNoErrors()
    {
        // `check` compiles on the caller's thread before this fix and overflowed in the resolver.
        Assert.False(RuchyEngine.Compile(SourceText.From("let x = 1\n" + Chain(60_000, "x"), "c.ruchy")).HasErrors);
    }

    [Fact]
    public void Compile_ChainDeeperThanTheTreeLimit_IsPositionedError()
    {
        var d = SingleError(RuchyEngine.Compile(SourceText.From(Chain(100_001), "c.ruchy")));
        Assert.Equal("expression nested too deeply (more than 100000 levels)", d.Message);
        Assert.Equal(1, d.Line);
    }

    [Fact]
    public void Compile_LongMethodChain_DeeperThanTheTreeLimit_IsPositionedError()
    {
        var code = "let s = \"a\"\nprintln(s" + string.Concat(Enumerable.Repeat(".trim()", 100_001)) + ")\n";
        var d = SingleError(RuchyEngine.Compile(SourceText.From(code, "m.ruchy")));
        Assert.Contains("nested too deeply", d.Message);
        Assert.Equal(2, d.Line);
    }

    [Fact]
    public void Jit_FunctionTooLargeForOneIlMethod_StaysInterpreted()
    {
        // 70,000 locals in one method made the CLR throw InvalidProgramException on its first call.
        string code = "fn f(x) { " + string.Join("+", Enumerable.Repeat("x", 70_000)) + " }\nfor i in 0..200 { f(i) }\nprintln(f(1))\n";
        Assert.Equal("70000\n", RuchyRunner.Output("jit", code));
    }

    [Fact]
    public void Notebook_IsComplete_DeepNesting_IsInvalidNotACrash()
    {
        var s = new NotebookSession();
        Assert.Equal(Completeness.Invalid, s.IsComplete(NestedIfs(10_000)).Status);
        Assert.Equal(Completeness.Invalid, s.IsComplete(Blocks(4000)).Status);
        Assert.Contains(s.Diagnose(Chain(100_001)), d => d.Message.Contains("nested too deeply", StringComparison.Ordinal));
        Assert.Empty(s.Diagnose("let x = 1\n" + Chain(60_000, "x")));
    }

    [Fact]
    public void Cli_CheckAstAndRun_DeepBlocks_ReportThePosition()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ruchy-deep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "deep.ruchy"), Blocks(4000));
            foreach (var command in new[] { "check", "ast", "run" })
            {
                var r = RuchyProcess.Run(dir, command, "deep.ruchy");
                Assert.True(r.ExitCode == 1, $"{command}: exit {r.ExitCode}\n{r.Stderr}");
                Assert.Contains("deep.ruchy:1:401: expression nested too deeply (more than 400 levels)", r.Stderr);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Metta_HundredThousandNestedParens_IsPositionedError()
    {
        var rt = new Ruchy.Metta.MettaRuntime(null, new StringWriter());
        var report = rt.RunText("!" + new string('(', 100_000) + new string(')', 100_000) + "\n", "d.metta");
        Assert.Equal("d.metta:1:1002: expression nested too deeply (more than 1000 levels)", report.FatalError);
    }

    [Fact]
    public void Metta_NestingJustUnderTheLimit_Evaluates()
    {
        var rt = new Ruchy.Metta.MettaRuntime(null, new StringWriter());
        string code = "!" + string.Concat(Enumerable.Repeat("(+ 1 ", 999)) + "0" + new string(')', 999) + "\n";
        var report = rt.RunText(code, "e.metta");
        Assert.Null(report.FatalError);
        Assert.Equal("[999]", report.Queries[0].Formatted);
    }
}
