using System.Text.RegularExpressions;
using Ruchy.Tests.TestSupport;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ruchy.Tests.Datasets;

/// <summary>One program of datasets/manifest.yaml.</summary>
public sealed class ManifestEntry
{
    public string Name { get; set; } = "";
    public string Suite { get; set; } = "";
    public string Category { get; set; } = "";
    public string Path { get; set; } = "";
    public long QuickSize { get; set; }
    public long DefaultSize { get; set; }
    public long? AwfySize { get; set; }
    public string Expected { get; set; } = "";
    public List<string> Features { get; set; } = [];
}

public sealed class Manifest
{
    public List<ManifestEntry> Programs { get; set; } = [];
}

/// <summary>Loads the manifest and applies the size convention (see datasets/README.md).</summary>
public static partial class Workloads
{
    public static string DatasetsDir => System.IO.Path.Combine(RepoPaths.Root, "datasets");

    public static readonly string[] Suites = ["awfy", "micro", "algorithms", "applications"];

    private static readonly Lazy<Manifest> Loaded = new(() =>
    {
        var yaml = File.ReadAllText(System.IO.Path.Combine(DatasetsDir, "manifest.yaml"));
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        return deserializer.Deserialize<Manifest>(yaml);
    });

    public static Manifest Manifest => Loaded.Value;

    [GeneratedRegex(@"^let ITERATIONS = \d+[ \t]*$", RegexOptions.Multiline)]
    public static partial Regex SizeLine();

    /// <summary>The program's source with its size line set to <paramref name="size"/>.</summary>
    public static string WithSize(string source, long size)
    {
        var match = SizeLine().Match(source);
        if (!match.Success) throw new InvalidOperationException("no `let ITERATIONS = N` line");
        return string.Concat(source.AsSpan(0, match.Index), $"let ITERATIONS = {size}", source.AsSpan(match.Index + match.Length));
    }

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
            foreach (var tier in Enum.GetNames<Tier>()) data.Add(p.Name, tier.ToLowerInvariant());
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
        var outcome = RuchyRunner.Run(code, entry.Path, Enum.Parse<Tier>(engine, ignoreCase: true));
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
