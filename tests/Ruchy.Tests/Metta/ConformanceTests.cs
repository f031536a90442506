using Ruchy.Metta;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Metta;

/// <summary>
/// Hyperon's own test scripts, read in place from ../shared/conformance/metta. Each file must pass at
/// least the pinned number of asserts (raise the pins when more pass; a drop is a regression).
/// </summary>
public class ConformanceTests
{
    public static string Dir => Path.Combine(RepoPaths.Shared, "conformance", "metta");

    /// <summary>Asserts passed per script (all of them, at the time of pinning).</summary>
    public static readonly Dictionary<string, int> Pinned = new()
    {
        ["a1_symbols"] = 7, ["a2_opencoggy"] = 1, ["b0_chaining_prelim"] = 5, ["b1_equal_chain"] = 8,
        ["b2_backchain"] = 6, ["b3_direct"] = 4, ["b4_nondeterm"] = 11, ["c1_grounded_basic"] = 21,
        ["c2_spaces"] = 5, ["d1_gadt"] = 14, ["d2_higherfunc"] = 25, ["d3_deptypes"] = 8,
        ["d5_auto_types"] = 6, ["e1_kb_write"] = 2, ["e2_states"] = 12, ["f1_imports"] = 13,
        ["f1_moduleA"] = 2, ["test_stdlib"] = 33,
    };

    public static IEnumerable<object[]> Scripts() => Pinned.Keys.Select(k => new object[] { k });

    /// <summary>Returns when the corpus is there; outside CI a missing corpus skips the calling test, in CI it fails it.</summary>
    public static void RequireCorpus() => RepoPaths.RequireShared("conformance", "metta");

    public static RunReport RunScript(string name, RunOptions options)
    {
        var path = Path.Combine(Dir, name + ".metta");
        var rt = new MettaRuntime(options, new StringWriter(), new StringWriter(), Dir);
        return rt.RunFile(path);
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void ScriptPassesItsPinnedAsserts(string name)
    {
        RequireCorpus();
        var report = RunScript(name, RunOptions.Default);
        Assert.Null(report.FatalError);
        var failures = string.Join("\n", report.Queries.Where(q => q.IsAssert && !q.AssertPassed).Select(q => $"{q.Line}: {q.Query} => {q.Formatted}"));
        Assert.True(report.AssertsPassed >= Pinned[name], $"{name}: {report.AssertsPassed} passed, pinned {Pinned[name]}\n{failures}");
    }

    [SkippableFact]
    public void EveryScriptInTheCorpusIsPinned()
    {
        RequireCorpus();
        foreach (var f in Directory.GetFiles(Dir, "*.metta"))
        {
            var name = Path.GetFileNameWithoutExtension(f);
            if (MettaRuntime.CountAssertsInSource(File.ReadAllText(f)) > 0) Assert.True(Pinned.ContainsKey(name), $"{name} has asserts but no pin");
        }
    }
}

/// <summary>
/// Every script with each optimization switch off in turn must print exactly what it prints with all
/// switches on (results compared as multisets per query, fresh-variable ids normalised).
/// </summary>
public class DifferentialTests
{
    public static IEnumerable<object[]> Cases() =>
        from s in ConformanceTests.Pinned.Keys
        from sw in SwitchRegistry.In(SwitchDomain.Metta).Select(s => s.Name)
        select new object[] { s, sw };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void SwitchOffChangesNoResult(string script, string @switch)
    {
        ConformanceTests.RequireCorpus();
        var on = Normalise(ConformanceTests.RunScript(script, RunOptions.Default));
        var off = Normalise(ConformanceTests.RunScript(script, RunOptions.Default.With(SwitchRegistry.Find(@switch), false)));
        Assert.Equal(on, off);
    }

    private static List<string> Normalise(RunReport r) =>
        r.Queries.Select(q => string.Join(" | ", q.Results
            .Select(a => System.Text.RegularExpressions.Regex.Replace(a.ToString(), @"#\d+", "#"))
            .Order(StringComparer.Ordinal))).Append(r.FatalError ?? "").ToList();
}
