using System.Diagnostics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;

namespace Ruchy.Tests.Experiments;

/// <summary>Blind comparisons: the sealed mapping, decide before unblind, and reports and exports that show labels only.</summary>
public sealed class BlindTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-blind-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static readonly string[] Configurations = ["engine=ast", "engine=register"];

    // The hypothesis and title avoid the level names, so any that appears in a blind report leaked from the data.
    private const string Definition = """
        id: blindsynth
        title: Synthetic blind comparison
        background: samples written by the test, not measured
        hypothesis:
          text: the treatment halves wall time
          metric: wall_time
          expected_speedup: 1.5
        factors:
          engine:
            levels: [ast, register]
            baseline: ast
        workloads:
          - path: datasets/micro/fibonacci.ruchy
            size: quick
          - path: datasets/awfy/sieve.ruchy
            size: quick
        metrics: [wall_time]
        design:
          process_runs: 3
          iterations: 5
          warmup_iterations: 1
          seed: 11
        blind: true
        """;

    /// <summary>A sealed execution whose register arm takes half the AST arm's time (environment lines name the engine, as real ones do).</summary>
    private static (string Key, BlindSeal Seal) Fill(ResultStore store)
    {
        string key = "blindsynth@20261125T023000.000Z";
        store.AddExperiment(new ExperimentRecord(key, "blindsynth", "Synthetic blind comparison", "/x/blindsynth.yaml", Definition, 11, true, "abc123",
            new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc)));
        var seal = BlindSeal.Create(key, Configurations);
        store.AddBlindSeal(seal);
        var random = new Random(5);
        int seq = 0;
        for (int run = 0; run < 3; run++)
            foreach (var workload in new[] { "micro/fibonacci", "awfy/sieve" })
                foreach (var (configuration, scale) in new[] { ("engine=ast", 1.0), ("engine=register", 0.5) })
                {
                    var environment = MeasureProtocol.Write(new MeasureEnvironment
                    {
                        Dotnet = ".NET 10.0.0", Os = "Linux", Cpu = "test cpu",
                        Engine = configuration["engine=".Length..], Switches = [configuration],
                    });
                    var samples = Enumerable.Range(0, 6).Select(i => new StoredSample(i, i == 0,
                        (long)(10e6 * scale * (1 + 0.02 * random.NextDouble())), 1000, 4096, 0, 0, 0, 0)).ToList();
                    store.AddRun(new RunRecord(key, seq++, workload, 20, configuration, run, environment, "abc123", [0.5], [0.6], 0, null, samples));
                }
        return (key, seal);
    }

    /// <summary>Any spelling of a level of the blind factor: the configuration names and the bare level words.</summary>
    private static void AssertNoLevelNames(string text)
    {
        Assert.DoesNotContain("engine=ast", text);
        Assert.DoesNotContain("engine=register", text);
        Assert.DoesNotMatch(new Regex(@"\b(ast|register)\b", RegexOptions.IgnoreCase), text);
    }

    [Fact]
    public void SealIsAPermutationToLabelsWhoseCommitmentVerifies()
    {
        var seal = BlindSeal.Create("k", ["a=1", "a=2", "a=3"]);
        Assert.Equal(["X", "Y", "Z"], seal.Mapping.Select(m => m.Label));
        Assert.Equal(["a=1", "a=2", "a=3"], seal.Mapping.Select(m => m.Configuration).Order());
        Assert.Equal(BlindSeal.SaltBytes, seal.Salt.Length);
        Assert.Matches("^[0-9a-f]{64}$", seal.Commitment);
        Assert.True(seal.Verifies());
        // The commitment binds the mapping and the salt: either changed, it no longer verifies.
        Assert.False((seal with { Mapping = [seal.Mapping[1] with { Label = "X" }, seal.Mapping[0] with { Label = "Y" }, seal.Mapping[2]] }).Verifies());
        var salt = (byte[])seal.Salt.Clone();
        salt[0] ^= 1;
        Assert.False((seal with { Salt = salt }).Verifies());
        Assert.Equal(seal.Mapping, BlindSeal.ParseMapping(BlindSeal.CanonicalJson(seal.Mapping)));
        Assert.Equal(["X", "Y", "Z", "W", "V"], Enumerable.Range(0, 5).Select(BlindSeal.LabelName));
    }

    [Fact]
    public void BaselineIsNotAlwaysX()
    {
        int baselineFirst = 0;
        for (int i = 0; i < 200; i++)
            if (BlindSeal.Create("k", Configurations).Mapping[0].Configuration == "engine=ast") baselineFirst++;
        // A fair coin 200 times: outside 60..140 has probability below 1e-8.
        Assert.InRange(baselineFirst, 60, 140);
    }

    [Fact]
    public void UnblindIsRefusedBeforeADecisionAndDecidingTwiceIsRefused()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var (key, _) = Fill(store);
        var at = new DateTime(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

        var early = Assert.Throws<BlindingException>(() => Blinding.Unblind(store, key, at));
        Assert.Contains("no recorded decision", early.Message);
        Assert.Null(store.GetBlindSeal(key)!.UnblindedAt);

        Assert.Throws<BlindingException>(() => Blinding.Decide(store, key, "maybe", "alice", null, at));
        var decided = Blinding.Decide(store, "blindsynth", "supported", "alice", "X looks slower", at);
        Assert.Equal(("alice", "supported", "X looks slower", (DateTime?)at), (decided.DecidedBy, decided.Verdict, decided.Note, decided.DecidedAt));
        var twice = Assert.Throws<BlindingException>(() => Blinding.Decide(store, key, "refuted", "bob", null, at.AddHours(1)));
        Assert.Contains("already decided", twice.Message);
        Assert.Equal("supported", store.GetBlindSeal(key)!.Verdict);

        var revealed = Blinding.Unblind(store, key, at.AddHours(2));
        Assert.Equal(at.AddHours(2), revealed.UnblindedAt);
        Assert.Equal(Configurations, revealed.Mapping.Select(m => m.Configuration).Order());
        Assert.Equal("unblinded", store.Summaries().Single().Blind);
    }

    [Fact]
    public void TamperedMappingIsDetectedAtUnblinding()
    {
        string db = Path.Combine(dir, "lab.duckdb");
        string key;
        BlindSeal seal;
        using (var store = new ResultStore(db))
        {
            (key, seal) = Fill(store);
            Blinding.Decide(store, key, "refuted", "alice", null, DateTime.UtcNow);
        }
        // Someone swaps the labels in the stored mapping after seeing the data.
        var swapped = new List<BlindLabel> { new("X", seal.Mapping[1].Configuration), new("Y", seal.Mapping[0].Configuration) };
        using (var connection = new DuckDBConnection($"Data Source={db}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE blind_seals SET sealed_mapping = $1 WHERE experiment_key = $2";
            cmd.Parameters.Add(new DuckDBParameter(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(BlindSeal.CanonicalJson(swapped)))));
            cmd.Parameters.Add(new DuckDBParameter(key));
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        using (var store = new ResultStore(db))
        {
            var e = Assert.Throws<BlindingException>(() => Blinding.Unblind(store, key, DateTime.UtcNow));
            Assert.Contains("does not match its commitment", e.Message);
            Assert.Null(store.GetBlindSeal(key)!.UnblindedAt);
        }
    }

    [Fact]
    public void NonBlindExecutionHasNothingToDecideOrUnblind()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        store.AddExperiment(new ExperimentRecord("open@1", "open", "t", "/x/open.yaml", "id: open", 7, true, null, DateTime.UtcNow));
        Assert.Contains("is not blind", Assert.Throws<BlindingException>(() => Blinding.Decide(store, "open", "supported", "alice", null, DateTime.UtcNow)).Message);
        Assert.Contains("is not blind", Assert.Throws<BlindingException>(() => Blinding.Unblind(store, "open", DateTime.UtcNow)).Message);
        Assert.Null(store.Summaries().Single().Blind);
    }

    [Fact]
    public void ReportShowsLabelsOnlyUntilUnblindedThenNamesVerdictAndDecision()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var (key, seal) = Fill(store);
        string baselineLabel = seal.LabelOf("engine=ast"), registerLabel = seal.LabelOf("engine=register");

        var blind = A3Report.Write(store, key, Path.Combine(dir, "blind"));
        string md = File.ReadAllText(blind.Markdown);
        AssertNoLevelNames(md);
        AssertNoLevelNames(File.ReadAllText(blind.Html));
        Assert.Contains("verdict withheld until unblinded", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("**supported**", md);
        Assert.Contains($"| micro/fibonacci | Y |", md);
        Assert.Contains("`X` (reference)", md);
        Assert.Contains(seal.Commitment, md);
        var shown = A3Report.DisplayedComparisons(store, key, out bool withheld);
        Assert.True(withheld);
        Assert.All(shown, c => Assert.Equal(("X", "Y"), (c.Baseline, c.Treatment)));
        Assert.All(shown, c => Assert.Equal(HypothesisVerdict.NotApplicable, c.Hypothesis));
        // X is the reference: the ratio is the register arm's over the AST arm's, or the inverse.
        Assert.All(shown, c => Assert.InRange(baselineLabel == "X" ? c.Ratio : 1 / c.Ratio, 0.45, 0.55));

        // Exports while blind: labels, and the environment's engine and switches sealed.
        var export = store.Export(key, "csv", Path.Combine(dir, "csv"));
        string runsCsv = File.ReadAllText(export[1]);
        AssertNoLevelNames(runsCsv);
        Assert.Contains($",{registerLabel},", runsCsv);
        Assert.Contains("sealed", runsCsv);
        Assert.Contains("engine=register", store.GetRuns(key).Select(r => r.Configuration));

        Blinding.Decide(store, key, "supported", "alice", null, new DateTime(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc));
        AssertNoLevelNames(File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "decided")).Markdown));
        Blinding.Unblind(store, key, new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc));

        string after = File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "after")).Markdown);
        Assert.Contains("| micro/fibonacci | engine=register |", after);
        Assert.Contains("**Supported** on every workload", after);
        Assert.Contains("**Blind decision**: **supported**, by alice at 2026-11-26 09:00:00 UTC", after);
        Assert.Contains("**agrees** with the statistical verdict (supported)", after);
        Assert.Contains($"{baselineLabel} = `engine=ast`", after);
        Assert.Contains("engine=register", File.ReadAllText(store.Export(key, "csv", Path.Combine(dir, "csv2"))[1]));
        // The data checksum is over the stored data, the same blind or not.
        Assert.Equal(Regex.Match(md, "checksum[^`]*`([0-9a-f]{64})`").Groups[1].Value, Regex.Match(after, "checksum[^`]*`([0-9a-f]{64})`").Groups[1].Value);
    }

    [Fact]
    public void CliDecideAndUnblindRefuseClearlyAndRevealTheMapping()
    {
        string db = Path.Combine(dir, "lab.duckdb");
        string key;
        BlindSeal seal;
        using (var store = new ResultStore(db))
        {
            (key, seal) = Fill(store);
            store.AddExperiment(new ExperimentRecord("open@1", "open", "t", "/x/open.yaml", "id: open", 7, true, null, DateTime.UtcNow));
        }

        var early = Ruchy("experiment", "unblind", key, "--store", db);
        Assert.Equal(1, early.Exit);
        Assert.Contains("no recorded decision", early.Stderr);
        Assert.DoesNotContain("engine=", early.Stdout + early.Stderr);

        var list = Ruchy("experiment", "list", "--store", db);
        Assert.Contains("sealed", list.Stdout);

        // A/A calibration would measure the baseline alone and so tell which label it is.
        string yaml = Path.Combine(dir, "blindsynth.yaml");
        File.WriteAllText(yaml, Definition.Replace("datasets/micro/fibonacci.ruchy", ExperimentFileTests.Fibonacci).Replace("  - path: datasets/awfy/sieve.ruchy\n    size: quick\n", ""));
        var calibrate = Ruchy("experiment", "calibrate", yaml, "--runs", "4", "--splits", "1", "--quick", "--store", db);
        Assert.Equal(1, calibrate.Exit);
        Assert.Contains("still blind", calibrate.Stderr);
        Assert.DoesNotContain("[1/", calibrate.Stdout);

        var decide = Ruchy("experiment", "decide", key, "--verdict", "refuted", "--by", "carol", "--note", "no gain", "--store", db);
        Assert.True(decide.Exit == 0, decide.Stderr);
        Assert.Contains("decided refuted by carol", decide.Stdout);
        var again = Ruchy("experiment", "decide", key, "--verdict", "supported", "--store", db);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already decided", again.Stderr);

        var open = Ruchy("experiment", "decide", "open", "--verdict", "supported", "--store", db);
        Assert.Equal(1, open.Exit);
        Assert.Contains("not blind", open.Stderr);

        var unblind = Ruchy("experiment", "unblind", key, "--store", db);
        Assert.True(unblind.Exit == 0, unblind.Stderr);
        Assert.Contains($"commitment {seal.Commitment} verified", unblind.Stdout);
        Assert.Contains($"{seal.LabelOf("engine=ast")} = engine=ast (baseline)", unblind.Stdout);
        Assert.Contains($"{seal.LabelOf("engine=register")} = engine=register", unblind.Stdout);
    }

    private (int Exit, string Stdout, string Stderr) Ruchy(params string[] args)
    {
        var r = TestSupport.RuchyProcess.Run(dir, args);
        return (r.ExitCode, r.Stdout, r.Stderr);
    }
}
