using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ruchy.Bytecode;
using Ruchy.Values;

namespace Ruchy.Jit;

/// <summary>
/// What one run of the JIT tier learned about a program's functions, saved so that the next run starts from it
/// (<c>ruchy run --profile-out FILE</c>, <c>--profile-in FILE</c>): a function that was hot compiles at its first call,
/// straight to the optimizing tier, speculating on the argument kinds seen; a hot loop is entered by on-stack
/// replacement at its first back edge; a function that deoptimized until it was recompiled without speculation
/// starts without it. Guards keep a stale profile safe: it can cost time, never change what a program does.
/// </summary>
/// <remarks>
/// The file is JSON, <c>"format": "ruchy-jit-profile/1"</c>:
/// <code>
/// { "format": "ruchy-jit-profile/1", "source_sha256": "…", "call_threshold": 100, "loop_threshold": 1000,
///   "functions": [ { "name": "fib", "params": 1, "calls": 29860703, "back_edges": 0,
///                    "param_kinds": [["int"]], "tier": "optimized", "deopts": 0, "compile_ms": 4.1 } ] }
/// </code>
/// Functions are matched by name and parameter count; <c>tier</c> is what the function reached: interpreted, osr
/// (only its loops compiled), baseline, optimized or generic (optimized without speculation after its guards
/// failed). <c>calls</c> and <c>back_edges</c> are counted until the function reached its last tier (back edges up
/// to one past the loop threshold), so they say whether it was hot, not how hot.
/// </remarks>
public sealed class JitProfile
{
    public const string Format = "ruchy-jit-profile/1";

    public sealed record Function(string Name, int Params, long Calls, long BackEdges, IReadOnlyList<IReadOnlyList<string>> ParamKinds, string Tier,
        long Deopts, double CompileMs);

    public string? SourceSha256 { get; init; }
    public int CallThreshold { get; init; }
    public int LoopThreshold { get; init; }
    public IReadOnlyList<Function> Functions { get; init; } = [];

    public static string Hash(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

    public string ToJson()
    {
        using var stream = new MemoryStream();
        // Relaxed escaping: "<script>" stays readable (the file is data, never embedded in HTML).
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            if (SourceSha256 != null) w.WriteString("source_sha256", SourceSha256);
            w.WriteNumber("call_threshold", CallThreshold);
            w.WriteNumber("loop_threshold", LoopThreshold);
            w.WriteStartArray("functions");
            foreach (var f in Functions)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                w.WriteNumber("params", f.Params);
                w.WriteNumber("calls", f.Calls);
                w.WriteNumber("back_edges", f.BackEdges);
                w.WriteStartArray("param_kinds");
                foreach (var kinds in f.ParamKinds)
                {
                    w.WriteStartArray();
                    foreach (var k in kinds) w.WriteStringValue(k);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteString("tier", f.Tier);
                w.WriteNumber("deopts", f.Deopts);
                w.WriteNumber("compile_ms", Math.Round(f.CompileMs, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a profile; a malformed one is a <see cref="FormatException"/> that names the file and what is wrong.</summary>
    public static JitProfile Parse(string json, string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "not a JSON object");
            if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
                throw Bad(path, $"not a Ruchy JIT profile (\"format\" must be \"{Format}\")");
            var functions = new List<Function>();
            if (!root.TryGetProperty("functions", out var list) || list.ValueKind != JsonValueKind.Array) throw Bad(path, "\"functions\" must be an array");
            int index = 0;
            foreach (var f in list.EnumerateArray())
            {
                string where = $"functions[{index++}]";
                var kinds = new List<IReadOnlyList<string>>();
                if (f.TryGetProperty("param_kinds", out var pk))
                    foreach (var p in pk.EnumerateArray())
                    {
                        var one = new List<string>();
                        foreach (var k in p.EnumerateArray())
                        {
                            var name = k.GetString() ?? "";
                            if (!KindNames.Contains(name)) throw Bad(path, $"{where}.param_kinds: unknown kind '{name}'");
                            one.Add(name);
                        }
                        kinds.Add(one);
                    }
                functions.Add(new Function(
                    Required(f, "name", path, where).GetString() ?? throw Bad(path, $"{where}.name must be a string"),
                    Required(f, "params", path, where).GetInt32(),
                    f.TryGetProperty("calls", out var c) ? c.GetInt64() : 0,
                    f.TryGetProperty("back_edges", out var b) ? b.GetInt64() : 0,
                    kinds,
                    f.TryGetProperty("tier", out var t) ? t.GetString() ?? "interpreted" : "interpreted",
                    f.TryGetProperty("deopts", out var d) ? d.GetInt64() : 0,
                    f.TryGetProperty("compile_ms", out var ms) ? ms.GetDouble() : 0));
            }
            return new JitProfile
            {
                SourceSha256 = root.TryGetProperty("source_sha256", out var h) ? h.GetString() : null,
                CallThreshold = root.TryGetProperty("call_threshold", out var ct) ? ct.GetInt32() : 0,
                LoopThreshold = root.TryGetProperty("loop_threshold", out var lt) ? lt.GetInt32() : 0,
                Functions = functions,
            };
        }
        catch (JsonException e)
        {
            throw Bad(path, $"line {e.LineNumber + 1}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw Bad(path, e.Message);
        }
    }

    private static JsonElement Required(JsonElement e, string name, string path, string where) =>
        e.TryGetProperty(name, out var v) ? v : throw Bad(path, $"{where} has no \"{name}\"");

    private static FormatException Bad(string path, string what) => new($"{path}: bad JIT profile: {what}");

    private static readonly string[] KindNames = Enum.GetNames<ValueKind>().Select(n => n.ToLowerInvariant()).ToArray();

    internal static IReadOnlyList<string> KindsOf(uint mask)
    {
        var names = new List<string>();
        for (int k = 0; k < 32; k++)
            if ((mask & (1u << k)) != 0 && Enum.IsDefined((ValueKind)k)) names.Add(((ValueKind)k).ToString().ToLowerInvariant());
        return names;
    }

    internal static uint MaskOf(IReadOnlyList<string> names)
    {
        uint mask = 0;
        foreach (var n in names)
            if (Enum.TryParse<ValueKind>(n, ignoreCase: true, out var k)) mask |= 1u << (int)k;
        return mask;
    }

    /// <summary>The profile of a run's candidates (every function the JIT could compile), in program order.</summary>
    internal static JitProfile Collect(IEnumerable<RegisterProto> protos, string? sourceSha256, JitPolicy policy)
    {
        var functions = new List<Function>();
        foreach (var proto in protos)
        {
            var c = proto.JitCandidate;
            if (c == null) continue;
            var kinds = new List<IReadOnlyList<string>>();
            foreach (var mask in c.ParamKinds) kinds.Add(KindsOf(mask));
            string tier = proto.Jit is not { } code ? (c.OsrCode != null ? "osr" : "interpreted")
                : c.WentGeneric ? "generic" : code.Optimized ? "optimized" : "baseline";
            functions.Add(new Function(proto.Name, c.ParamKinds.Length, c.Calls - c.SeededCalls, c.BackEdges - c.SeededBackEdges, kinds, tier, c.Deopts,
                c.CompileTime.TotalMilliseconds));
        }
        return new JitProfile { SourceSha256 = sourceSha256, CallThreshold = policy.CallThreshold, LoopThreshold = policy.LoopThreshold, Functions = functions };
    }

    /// <summary>
    /// Seeds the candidates from this profile before a run: hot functions compile at their first call (optimized,
    /// with the stored argument kinds), hot loops are entered at their first back edge; functions that ended
    /// generic start without speculation. Returns how many functions matched.
    /// </summary>
    internal int Apply(IEnumerable<RegisterProto> protos, JitPolicy policy)
    {
        var byName = new Dictionary<(string, int), Function>();
        foreach (var f in Functions) byName[(f.Name, f.Params)] = f;
        int matched = 0;
        foreach (var proto in protos)
        {
            var c = proto.JitCandidate;
            if (c == null || !byName.TryGetValue((proto.Name, c.ParamKinds.Length), out var f)) continue;
            matched++;
            for (int i = 0; i < c.ParamKinds.Length && i < f.ParamKinds.Count; i++) c.ParamKinds[i] |= MaskOf(f.ParamKinds[i]);
            if (f.Tier is "optimized" or "generic" or "baseline" && c.CompileOnCall)
            {
                c.FromProfile = true;
                c.NoSpeculation = f.Tier == "generic";
                c.SeededCalls = Math.Max(0, policy.CallThreshold - c.Calls);
                c.Calls += c.SeededCalls;
            }
            if (f.BackEdges > LoopThreshold && c.BackEdges < policy.LoopThreshold)
            {
                c.SeededBackEdges = policy.LoopThreshold - c.BackEdges;
                c.BackEdges = policy.LoopThreshold;
            }
        }
        return matched;
    }
}
