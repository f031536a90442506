using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Parity;

/// <summary>
/// Differential test: every program the tests know runs on every tier and switch combination and
/// must give exactly the AST tier's stdout, stderr (error messages with positions, stack traces)
/// and exit code.
/// </summary>
public sealed class TierParityTests
{
    /// <summary>Every tier but the reference, each with every combination of the switches that act on it.</summary>
    public static readonly RunOptions[] Variants = SwitchMatrix.AllButReference().ToArray();

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        var own = Path.Combine(RepoPaths.Root, "tests", "Ruchy.Tests", "Programs");
        foreach (var f in Directory.GetFiles(own, "*.ruchy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        var book = Path.Combine(RepoPaths.Shared, "conformance", "ruchy-book");
        if (Directory.Exists(book))
            foreach (var f in Directory.GetFiles(book, "*.ruchy").OrderBy(f => f, StringComparer.Ordinal))
                data.Add("shared:" + Path.GetFileName(f));
        // Workloads (samples print timings, so only the suites with deterministic output).
        var datasets = Path.Combine(RepoPaths.Root, "datasets");
        if (Directory.Exists(datasets))
            foreach (var f in Directory.GetFiles(datasets, "*.ruchy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                if (!f.Contains(Path.DirectorySeparatorChar + "samples" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    data.Add(Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        return data;
    }

    private static string Resolve(string key) => key.StartsWith("shared:", StringComparison.Ordinal)
        ? Path.Combine(RepoPaths.Shared, "conformance", "ruchy-book", key["shared:".Length..])
        : Path.Combine(RepoPaths.Root, key);

    [Theory]
    [MemberData(nameof(Programs))]
    public void Program_BehavesTheSameOnEveryTier(string key)
    {
        string code = File.ReadAllText(Resolve(key));
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
