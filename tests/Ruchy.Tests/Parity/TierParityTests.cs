using Ruchy.Tests.Datasets;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Parity;

/// <summary>
/// Differential test: every program the tests know runs on every tier and switch combination and
/// must give exactly the AST tier's stdout, stderr (error messages with positions, stack traces)
/// and exit code. Workloads run at their manifest quick size; the Ruchy book examples are read in place
/// from ../shared (skipped when it is absent, a failure in CI).
/// </summary>
public sealed class TierParityTests
{
    /// <summary>Every tier but the reference, each with every combination of the switches that act on it.</summary>
    public static readonly RunOptions[] Variants = SwitchMatrix.AllButReference().ToArray();

    /// <summary>The one book case listed when ../shared is absent, so that the run shows it skipped.</summary>
    private const string BookMissing = "shared:<corpus missing>";

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "Programs", "Golden" })
        {
            var own = Path.Combine(RepoPaths.Root, "tests", "Ruchy.Tests", folder);
            foreach (var f in Directory.GetFiles(own, "*.ruchy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        }
        var book = Path.Combine(RepoPaths.Shared, "conformance", "ruchy-book");
        if (Directory.Exists(book))
            foreach (var f in Directory.GetFiles(book, "*.ruchy").OrderBy(f => f, StringComparer.Ordinal))
                data.Add("shared:" + Path.GetFileName(f));
        else data.Add(BookMissing);
        // Workloads at their quick size (samples print timings, so only the manifest's suites, whose output is deterministic).
        foreach (var p in Workloads.Manifest.Programs.OrderBy(p => p.Path, StringComparer.Ordinal))
            data.Add("datasets/" + p.Path.Replace('\\', '/'));
        return data;
    }

    /// <summary>The program's source: workloads with their <c>let ITERATIONS = N</c> set to the manifest's quick size.</summary>
    internal static string Source(string key)
    {
        if (key.StartsWith("shared:", StringComparison.Ordinal))
            return File.ReadAllText(Path.Combine(RepoPaths.RequireShared("conformance", "ruchy-book"), key["shared:".Length..]));
        if (key.StartsWith("datasets/", StringComparison.Ordinal))
        {
            var entry = Workloads.Manifest.Programs.Single(p => "datasets/" + p.Path.Replace('\\', '/') == key);
            return Workloads.WithSize(File.ReadAllText(Path.Combine(Workloads.DatasetsDir, entry.Path)), entry.QuickSize);
        }
        return File.ReadAllText(Path.Combine(RepoPaths.Root, key));
    }

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void Program_BehavesTheSameOnEveryTier(string key)
    {
        string code = Source(key);
        string name = Path.GetFileName(key);
        var reference = Run(code, name, RunOptions.Default);
        foreach (var variant in Variants)
        {
            var other = Run(code, name, variant);
            Assert.True(reference == other,
                $"{key} differs on {variant.Describe()}.\n" +
                $"--- ast (exit {reference.ExitCode})\n{reference.Stdout}\n{reference.Stderr}\n" +
                $"--- {variant.Tier.Name} (exit {other.ExitCode})\n{other.Stdout}\n{other.Stderr}");
        }
    }

    private static RuchyRunner.Outcome Run(string code, string name, RunOptions options)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var result = RuchyEngine.Run(SourceText.From(code, name), stdout, stderr, options);
        return new RuchyRunner.Outcome(stdout.ToString(), stderr.ToString(), result.ExitCode);
    }
}
