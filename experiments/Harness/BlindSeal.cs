using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ruchy.Experiments.Harness;

/// <summary>One configuration and the neutral label it is shown under while an execution is blind.</summary>
public sealed record BlindLabel(string Label, string Configuration);

/// <summary>
/// The sealed configuration → label mapping of a blind execution (table <c>blind_seals</c>). The
/// <see cref="Commitment"/> is hex(SHA-256(canonical mapping JSON ‖ salt)), fixed when the execution starts;
/// unblinding recomputes it, so a mapping edited in the store after the fact is detected. The analyst's
/// decision (<see cref="Verdict"/>, by whom, when) must be recorded before the mapping is revealed.
/// </summary>
public sealed record BlindSeal(
    string ExperimentKey, IReadOnlyList<BlindLabel> Mapping, byte[] Salt, string Commitment,
    string? DecidedBy = null, string? Verdict = null, string? Note = null, DateTime? DecidedAt = null, DateTime? UnblindedAt = null)
{
    public const int SaltBytes = 16;
    public static readonly IReadOnlyList<string> Verdicts = ["supported", "refuted", "inconclusive"];

    public bool Decided => DecidedAt != null;
    public bool Unblinded => UnblindedAt != null;

    /// <summary>
    /// A fresh seal over <paramref name="configurations"/> (labels, in plan order): a uniformly random
    /// permutation to X, Y, Z, … and a random salt, both from the OS's cryptographic generator. Not from
    /// the experiment's seed, which is in the definition, so the analyst could otherwise recompute it.
    /// </summary>
    public static BlindSeal Create(string experimentKey, IReadOnlyList<string> configurations)
    {
        var permutation = new int[configurations.Count];
        for (int i = 0; i < permutation.Length; i++) permutation[i] = i;
        for (int i = permutation.Length - 1; i > 0; i--)
        {
            int j = RandomNumberGenerator.GetInt32(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
        var mapping = new List<BlindLabel>(configurations.Count);
        for (int i = 0; i < permutation.Length; i++) mapping.Add(new BlindLabel(LabelName(i), configurations[permutation[i]]));
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new BlindSeal(experimentKey, mapping, salt, Commit(mapping, salt));
    }

    /// <summary>X, Y, Z, then W, V, U, … (backwards through the alphabet): neutral letters in a fixed order.</summary>
    public static string LabelName(int index)
    {
        if (index < 3) return ((char)('X' + index)).ToString();
        int back = index - 3;
        if (back >= 23) throw new ArgumentOutOfRangeException(nameof(index), "a blind experiment has at most 26 configurations");
        return ((char)('W' - back)).ToString();
    }

    /// <summary>The canonical JSON of a mapping: an array of {label, configuration} sorted by label position (X first), no whitespace.</summary>
    public static string CanonicalJson(IReadOnlyList<BlindLabel> mapping)
    {
        var sorted = mapping.OrderBy(m => LabelIndex(m.Label)).ThenBy(m => m.Label, StringComparer.Ordinal).ToList();
        var array = new JsonArray();
        foreach (var m in sorted) array.Add(new JsonObject { ["label"] = m.Label, ["configuration"] = m.Configuration });
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    public static IReadOnlyList<BlindLabel> ParseMapping(string canonicalJson)
    {
        var array = JsonNode.Parse(canonicalJson) as JsonArray ?? throw new InvalidDataException("the sealed mapping is not a JSON array");
        var list = new List<BlindLabel>();
        foreach (var node in array)
            list.Add(new BlindLabel(node?["label"]?.GetValue<string>() ?? throw new InvalidDataException("a sealed mapping entry has no label"),
                node["configuration"]?.GetValue<string>() ?? throw new InvalidDataException("a sealed mapping entry has no configuration")));
        return list;
    }

    /// <summary>hex(SHA-256(UTF-8 canonical JSON ‖ salt)).</summary>
    public static string Commit(IReadOnlyList<BlindLabel> mapping, byte[] salt)
    {
        var json = Encoding.UTF8.GetBytes(CanonicalJson(mapping));
        var data = new byte[json.Length + salt.Length];
        json.CopyTo(data, 0);
        salt.CopyTo(data, json.Length);
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    /// <summary>True when the stored mapping and salt still hash to the commitment made at the start.</summary>
    public bool Verifies() => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Commit(Mapping, Salt)), Encoding.ASCII.GetBytes(Commitment));

    /// <summary>The label of a configuration (its name when it is not in the mapping).</summary>
    public string LabelOf(string configuration)
    {
        foreach (var m in Mapping) if (m.Configuration == configuration) return m.Label;
        return configuration;
    }

    private static int LabelIndex(string label) => label.Length == 1 && label[0] is >= 'X' and <= 'Z' ? label[0] - 'X'
        : label.Length == 1 && label[0] is >= 'A' and <= 'W' ? 3 + ('W' - label[0]) : int.MaxValue;

    /// <summary>
    /// An environment line (<see cref="MeasureEnvironment"/> JSON) with the fields that name the
    /// configuration (engine, switches) replaced by "sealed"; other text is returned as it is.
    /// </summary>
    public static string MaskEnvironment(string environment)
    {
        if (environment.Length == 0) return environment;
        try
        {
            if (JsonNode.Parse(environment) is not JsonObject o) return environment;
            if (o.ContainsKey("engine")) o["engine"] = "sealed";
            if (o.ContainsKey("switches")) o["switches"] = new JsonArray("sealed");
            return o.ToJsonString();
        }
        catch (JsonException) { return ""; }
    }
}

/// <summary>A blind decision or unblinding that is not allowed now (its message says why).</summary>
public sealed class BlindingException(string message) : InvalidOperationException(message);

/// <summary>The analyst's side of a blind comparison: decide while blind, then unblind.</summary>
public static class Blinding
{
    /// <summary>
    /// Records the analyst's verdict on execution <paramref name="keyOrId"/> while it is still blind;
    /// refuses when it is not blind, was already decided, or the verdict is not one of <see cref="BlindSeal.Verdicts"/>.
    /// </summary>
    public static BlindSeal Decide(ResultStore store, string keyOrId, string verdict, string decidedBy, string? note, DateTime at)
    {
        var (experiment, seal) = Find(store, keyOrId);
        if (!BlindSeal.Verdicts.Contains(verdict))
            throw new BlindingException($"unknown verdict '{verdict}' (one of {string.Join(", ", BlindSeal.Verdicts)})");
        if (seal.Decided)
            throw new BlindingException($"{experiment.Key} was already decided: {seal.Verdict} by {seal.DecidedBy} at {seal.DecidedAt:yyyy-MM-dd HH:mm:ss} UTC; a blind decision is made once");
        if (string.IsNullOrWhiteSpace(decidedBy)) throw new BlindingException("who decides is unknown: pass --by NAME (or set $USER)");
        if (!store.RecordBlindDecision(experiment.Key, decidedBy, verdict, note, at))
            throw new BlindingException($"{experiment.Key} was already decided");
        return store.GetBlindSeal(experiment.Key)!;
    }

    /// <summary>
    /// Reveals the mapping of execution <paramref name="keyOrId"/>: refuses before a decision, verifies
    /// the commitment (a mismatch means the stored mapping or salt changed: nothing is revealed), then
    /// records the unblinding time (the first one; unblinding again shows the same mapping).
    /// </summary>
    public static BlindSeal Unblind(ResultStore store, string keyOrId, DateTime at)
    {
        var (experiment, seal) = Find(store, keyOrId);
        if (!seal.Decided)
            throw new BlindingException($"{experiment.Key} has no recorded decision: run `ruchy experiment decide {experiment.Key} --verdict supported|refuted|inconclusive` first, while still blind");
        if (!seal.Verifies())
            throw new BlindingException($"{experiment.Key}: the sealed mapping does not match its commitment {seal.Commitment}: the store was changed after the execution started; the mapping is not trustworthy and is not shown");
        if (!seal.Unblinded) store.RecordUnblinding(experiment.Key, at);
        return store.GetBlindSeal(experiment.Key)!;
    }

    private static (ExperimentRecord, BlindSeal) Find(ResultStore store, string keyOrId)
    {
        var experiment = store.FindExperiment(keyOrId) ?? throw new BlindingException($"no stored run or experiment '{keyOrId}' in {store.Path}");
        var seal = store.GetBlindSeal(experiment.Key)
            ?? throw new BlindingException($"{experiment.Key} is not blind (its file does not say `blind: true`): there is nothing to decide or unblind; its report already shows the configurations and the verdict");
        return (experiment, seal);
    }
}
