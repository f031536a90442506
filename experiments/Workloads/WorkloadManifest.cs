using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Ruchy.Experiments.Workloads;

/// <summary>One program of datasets/manifest.yaml.</summary>
public sealed class WorkloadEntry
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

/// <summary>
/// The workload corpus manifest (datasets/manifest.yaml) and its size convention: every program has
/// one line <c>let ITERATIONS = N</c> that sets its problem size (datasets/README.md).
/// </summary>
public sealed partial class WorkloadManifest
{
    public List<WorkloadEntry> Programs { get; set; } = [];

    /// <summary>The folder holding manifest.yaml; program paths are relative to it.</summary>
    [YamlIgnore]
    public string Root { get; private set; } = "";

    public static WorkloadManifest Load(string manifestPath)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        var manifest = deserializer.Deserialize<WorkloadManifest>(File.ReadAllText(manifestPath));
        manifest.Root = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(manifestPath))!;
        return manifest;
    }

    /// <summary>Finds manifest.yaml in <paramref name="start"/> or the folders above it.</summary>
    public static string? Find(string start)
    {
        var dir = new DirectoryInfo(Directory.Exists(start) ? start : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(start)) ?? ".");
        for (; dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "manifest.yaml");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public string FullPath(WorkloadEntry entry) => System.IO.Path.Combine(Root, entry.Path);

    [GeneratedRegex(@"^let ITERATIONS = \d+[ \t]*$", RegexOptions.Multiline)]
    public static partial Regex SizeLine();

    /// <summary>The program's source with its size line set to <paramref name="size"/>.</summary>
    public static string WithSize(string source, long size)
    {
        var match = SizeLine().Match(source);
        if (!match.Success) throw new InvalidOperationException("no `let ITERATIONS = N` line");
        return string.Concat(source.AsSpan(0, match.Index), $"let ITERATIONS = {size}", source.AsSpan(match.Index + match.Length));
    }
}
