using Ruchy.Tests.TestSupport;
using Ruchy.Experiments.Workloads;

namespace Ruchy.Tests.Datasets;

/// <summary>The workload manifest (datasets/manifest.yaml), read with the harness's reader.</summary>
public static class Workloads
{
    public static string DatasetsDir => System.IO.Path.Combine(RepoPaths.Root, "datasets");

    public static readonly string[] Suites = ["awfy", "micro", "algorithms", "applications"];

    private static readonly Lazy<WorkloadManifest> Loaded = new(() => WorkloadManifest.Load(System.IO.Path.Combine(DatasetsDir, "manifest.yaml")));

    public static WorkloadManifest Manifest => Loaded.Value;

    public static System.Text.RegularExpressions.Regex SizeLine() => WorkloadManifest.SizeLine();

    public static string WithSize(string source, long size) => WorkloadManifest.WithSize(source, size);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var p in Manifest.Programs) data.Add(p.Name);
        return data;
    }

    /// <summary>Every program on every engine that exists.</summary>
    public static TheoryData<string, string> NamesAndEngines()
    {
        var data = new TheoryData<string, string>();
        foreach (var p in Manifest.Programs)
            foreach (var tier in TierRegistry.Names) data.Add(p.Name, tier);
        return data;
    }
}

public class DatasetTests
{
    [Theory]
    [MemberData(nameof(Workloads.NamesAndEngines), MemberType = typeof(Workloads))]
    public void Program_at_quick_size_prints_the_expected_output(string name, string engine)
    {
        var entry = Workloads.Manifest.Programs.Single(p => p.Name == name);
        var path = Path.Combine(Workloads.DatasetsDir, entry.Path);
        var code = Workloads.WithSize(File.ReadAllText(path), entry.QuickSize);
        var outcome = RuchyRunner.Run(code, entry.Path, engine);
        Assert.True(outcome.ExitCode == 0, $"{entry.Path} failed (exit {outcome.ExitCode}):\n{outcome.Stderr}\nstdout:\n{outcome.Stdout}");
        Assert.Equal(entry.Expected + "\n", outcome.Stdout);
        Assert.Equal("", outcome.Stderr);
    }

    [Fact]
    public void Manifest_and_folders_agree()
    {
        var listed = Workloads.Manifest.Programs.Select(p => p.Path.Replace('\\', '/')).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(Workloads.Manifest.Programs.Count, Workloads.Manifest.Programs.Select(p => p.Name).Distinct().Count());

        var onDisk = Workloads.Suites
            .SelectMany(suite => Directory.GetFiles(Path.Combine(Workloads.DatasetsDir, suite), "*.ruchy", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Workloads.DatasetsDir, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

        Assert.Empty(onDisk.Except(listed));   // no unlisted programs
        Assert.Empty(listed.Except(onDisk));   // no missing files
    }

    [Fact]
    public void Every_entry_is_complete_and_follows_the_size_convention()
    {
        foreach (var p in Workloads.Manifest.Programs)
        {
            Assert.Contains(p.Suite, Workloads.Suites);
            Assert.StartsWith(p.Suite + "/", p.Path);
            Assert.False(string.IsNullOrWhiteSpace(p.Category), p.Name);
            Assert.NotEmpty(p.Features);
            Assert.True(p.QuickSize > 0 && p.DefaultSize >= p.QuickSize, $"{p.Name}: sizes {p.QuickSize}/{p.DefaultSize}");
            Assert.StartsWith(p.Name + ": ok", p.Expected);
            var source = File.ReadAllText(Path.Combine(Workloads.DatasetsDir, p.Path));
            Assert.Single(Workloads.SizeLine().Matches(source));
        }
    }
}
