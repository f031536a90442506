using Ruchy.Metta;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Metta;

/// <summary>Issue 22: a syntax error anywhere in a MeTTa program is reported before any of its queries runs.</summary>
public sealed class SyntaxBeforeRunTests
{
    [Fact]
    public void ExtraCloseParen_NoQueryRuns()
    {
        var output = new StringWriter();
        var rt = new MettaRuntime(null, output);
        var seen = new List<string>();
        var report = rt.RunText("!(+ 1 2))\n", "x.metta", q => seen.Add(q.ToString()!));
        Assert.Empty(seen);
        Assert.Empty(report.Queries);
        Assert.Equal("", output.ToString());
        Assert.Contains("unexpected ')'", report.FatalError);
        Assert.Contains("x.metta:1:9", report.FatalError);
    }

    [Fact]
    public void ErrorOnALaterLine_StopsEarlierQueriesAndSideEffects()
    {
        var output = new StringWriter();
        var rt = new MettaRuntime(null, output);
        var report = rt.RunText("!(println! \"side effect\")\n(= (f) 1)\n!(f)\n!(g \"unterminated)\n", "y.metta");
        Assert.Empty(report.Queries);
        Assert.Equal("", output.ToString());
        Assert.Contains("unterminated string literal", report.FatalError);
    }

    [Fact]
    public void TokensBoundByBindStillParse()
    {
        // The syntax check must not depend on tokens: &s is bound by the first query.
        var rt = new MettaRuntime(null, new StringWriter());
        var report = rt.RunText("!(bind! &s (new-space))\n!(add-atom &s (a b))\n!(match &s (a $x) $x)\n", "z.metta");
        Assert.Null(report.FatalError);
        Assert.Equal("[b]", report.Queries[^1].Formatted);
    }

    [Fact]
    public void Cli_ExtraCloseParen_PrintsNothingButTheError()
    {
        string dir = Directory.CreateTempSubdirectory("metta-syntax").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "p.metta"), "!(+ 1 2))\n");
            var r = RuchyProcess.Run(dir, "metta", "p.metta");
            Assert.Equal("", r.Stdout);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("p.metta:1:9", r.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
