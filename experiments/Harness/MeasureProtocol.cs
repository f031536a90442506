using System.Runtime.InteropServices;
using System.Text.Json;
using Ruchy.Experiments.Measurement;

namespace Ruchy.Experiments.Harness;

/// <summary>
/// The JSON-lines protocol between <c>ruchy measure</c> (one process run) and the runner: an
/// environment line, then one sample line per iteration, or an error line when the program fails.
/// </summary>
public static class MeasureProtocol
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
    };

    public static string Write<T>(T line) => JsonSerializer.Serialize(line, Json);

    /// <summary>The value of a line's <c>kind</c> field ("environment", "sample", "error"), or null when it is not a protocol line.</summary>
    public static string? KindOf(string line)
    {
        if (!line.StartsWith('{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("kind", out var kind) ? kind.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    public static T Read<T>(string line) => JsonSerializer.Deserialize<T>(line, Json)
        ?? throw new InvalidDataException("empty measurement line");
}

/// <summary>Where and how one process run executed: the settings that change how the interpreter itself is compiled and run.</summary>
public sealed record MeasureEnvironment
{
    public string Kind => "environment";
    public string Dotnet { get; init; } = "";
    public string Os { get; init; } = "";
    public string Architecture { get; init; } = "";
    public string Cpu { get; init; } = "";
    public int ProcessorCount { get; init; }
    public string TieredCompilation { get; init; } = "";
    public string TieredPgo { get; init; } = "";
    public string ReadyToRun { get; init; } = "";
    public bool ServerGc { get; init; }
    public string GcLatency { get; init; } = "";
    public string Program { get; init; } = "";
    public string Engine { get; init; } = "";
    public string[] Switches { get; init; } = [];
    public long? Size { get; init; }

    /// <summary>The environment of the current process (env variables win over runtimeconfig values, as the runtime does).</summary>
    public static MeasureEnvironment Current() => new()
    {
        Dotnet = RuntimeInformation.FrameworkDescription,
        Os = RuntimeInformation.OSDescription,
        Architecture = RuntimeInformation.ProcessArchitecture.ToString(),
        Cpu = CpuModel(),
        ProcessorCount = Environment.ProcessorCount,
        TieredCompilation = Setting("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation"),
        TieredPgo = Setting("System.Runtime.TieredPGO", "DOTNET_TieredPGO"),
        ReadyToRun = Setting("System.Runtime.ReadyToRun", "DOTNET_ReadyToRun"),
        ServerGc = System.Runtime.GCSettings.IsServerGC,
        GcLatency = System.Runtime.GCSettings.LatencyMode.ToString(),
    };

    private static string Setting(string appContextName, string env) =>
        Environment.GetEnvironmentVariable(env) ?? AppContext.GetData(appContextName)?.ToString() ?? "default";

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        return "unknown";
    }
}

/// <summary>One measured iteration: deltas over the run of the program (process-wide counters).</summary>
public sealed record MeasureSample
{
    public string Kind => "sample";
    public int Iteration { get; init; }
    public long WallNs { get; init; }
    public long CpuNs { get; init; }
    public long AllocatedBytes { get; init; }
    public int Gen0 { get; init; }
    public int Gen1 { get; init; }
    public int Gen2 { get; init; }
    public long GcPauseNs { get; init; }

    /// <summary>The protocol line of a timing-loop sample of one run.</summary>
    public static MeasureSample From(IterationSample sample) => new()
    {
        Iteration = sample.Index,
        WallNs = sample.WallNs,
        CpuNs = sample.CpuNs,
        AllocatedBytes = sample.AllocatedBytes,
        Gen0 = sample.Gen0,
        Gen1 = sample.Gen1,
        Gen2 = sample.Gen2,
        GcPauseNs = sample.GcPauseNs,
    };
}

/// <summary>A failed iteration (or a program that does not compile): the run's samples are not to be trusted.</summary>
public sealed record MeasureError
{
    public string Kind => "error";
    public int Iteration { get; init; }
    public int ExitCode { get; init; }
    public string Message { get; init; } = "";
}
