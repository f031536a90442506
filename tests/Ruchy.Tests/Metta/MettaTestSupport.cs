using Ruchy.Metta;

namespace Ruchy.Tests.Metta;

/// <summary>Runs MeTTa text and returns each ! query's printed result line.</summary>
internal static class MettaRun
{
    public static List<string> Lines(string code, RunOptions? options = null)
    {
        var rt = new MettaRuntime(options, new StringWriter());
        var report = rt.RunText(code, "test.metta");
        Assert.True(report.FatalError == null, report.FatalError);
        return report.Queries.Select(q => q.Formatted).ToList();
    }

    /// <summary>The last query's results, sorted so multisets compare regardless of order.</summary>
    public static string Sorted(string code, RunOptions? options = null)
    {
        var rt = new MettaRuntime(options, new StringWriter());
        var report = rt.RunText(code, "test.metta");
        Assert.True(report.FatalError == null, report.FatalError);
        return string.Join(", ", report.Queries[^1].Results.Select(r => r.ToString()).Order(StringComparer.Ordinal));
    }

    public static string Last(string code, RunOptions? options = null) => Lines(code, options)[^1];
}
