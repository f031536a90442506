using DuckDB.NET.Data;
using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

/// <summary><c>ruchy experiment list|export</c>: store summaries and CSV/Parquet exports from synthetic records.</summary>
public sealed class StoreExportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-export-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>One execution with <paramref name="runs"/> runs of <paramref name="samplesPerRun"/> samples; the last <paramref name="failed"/> runs failed.</summary>
    private static string Fill(ResultStore store, string id, DateTime started, bool quick, int runs, int samplesPerRun, int failed)
    {
        string key = $"{id}@{started:yyyyMMdd'T'HHmmss.fff'Z'}";
        store.AddExperiment(new ExperimentRecord(key, id, $"title of {id}", $"/x/{id}.yaml", $"id: {id}", 7, quick, "0123456789abcdef", started));
        for (int seq = 0; seq < runs; seq++)
        {
            bool fails = seq >= runs - failed;
            var samples = Enumerable.Range(0, samplesPerRun).Select(i => new StoredSample(i, i == 0, 1_000_000 + i, 900, 4096, 1, 0, 0, 10)).ToList();
            string environment = MeasureProtocol.Write(MeasureEnvironment.Current() with { Engine = seq % 2 == 0 ? "ast" : "register" });
            store.AddRun(new RunRecord(key, seq, "micro/fibonacci", 20, seq % 2 == 0 ? "engine=ast" : "engine=register", seq / 2, environment, "0123456789abcdef",
                [0.5], [0.6], fails ? 1 : 0, fails ? "crashed" : null, samples));
        }
        return key;
    }

    private static long Count(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public void SummariesAreNewestFirstWithRunAndFailureCounts()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        Assert.Empty(store.Summaries());
        string older = Fill(store, "alpha", new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), quick: true, runs: 2, samplesPerRun: 3, failed: 1);
        string newer = Fill(store, "beta", new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), quick: false, runs: 4, samplesPerRun: 2, failed: 0);
        string empty = Fill(store, "gamma", new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc), quick: true, runs: 0, samplesPerRun: 0, failed: 0);

        var list = store.Summaries();
        Assert.Equal([newer, older, empty], list.Select(s => s.Key));
        Assert.Equal((4, 0, false), (list[0].Runs, list[0].FailedRuns, list[0].Quick));
        Assert.Equal((2, 1, true), (list[1].Runs, list[1].FailedRuns, list[1].Quick));
        Assert.Equal((0, 0), (list[2].Runs, list[2].FailedRuns));
        Assert.Equal("alpha", list[1].ExperimentId);
        Assert.Equal(new DateTime(2026, 11, 24, 1, 0, 0), list[1].StartedAt);
        Assert.Equal("0123456789abcdef", list[1].GitCommit);
    }

    [Fact]
    public void CsvExportHasOneFilePerTableWithTheRunsRowsOnly()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, "alpha", new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), true, runs: 2, samplesPerRun: 3, failed: 1);
        Fill(store, "beta", new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), false, runs: 4, samplesPerRun: 5, failed: 0);

        string outDir = Path.Combine(dir, "csv");
        var files = store.Export(key, "csv", outDir);
        Assert.Equal(["experiments.csv", "runs.csv", "samples.csv", "environment.csv"], files.Select(Path.GetFileName));
        // One environment row per run with the host JIT settings as columns.
        var environment = File.ReadAllLines(files[3]);
        Assert.Equal(1 + 2, environment.Length);
        Assert.StartsWith("experiment_key,seq,dotnet,os,architecture,cpu,processor_count,tiered_compilation,tiered_pgo", environment[0]);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, environment[1]);

        var samples = File.ReadAllLines(files[2]);
        Assert.Contains("wall_ns", samples[0]);
        Assert.Equal(1 + 2 * 3, samples.Length);
        Assert.All(samples.Skip(1), line => Assert.StartsWith(key + ",", line));
        Assert.Equal(1 + 2, File.ReadAllLines(files[1]).Length);
        var experiments = File.ReadAllLines(files[0]);
        Assert.Equal(2, experiments.Length);
        Assert.StartsWith("key,experiment_id", experiments[0]);
        Assert.Equal(6, Count($"SELECT count(*) FROM read_csv('{files[2]}', header = true) WHERE experiment_key = '{key}'"));
    }

    [Fact]
    public void ParquetExportReadsBackWithTheSameRowCounts()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        Fill(store, "alpha", new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), true, runs: 2, samplesPerRun: 3, failed: 0);
        string key = Fill(store, "beta", new DateTime(2026, 11, 25, 1, 0, 0, DateTimeKind.Utc), false, runs: 4, samplesPerRun: 5, failed: 0);

        // By experiment id: its latest (here only) run, into the default folder beside the database.
        var found = store.FindExperiment("beta")!;
        string outDir = ResultStore.DefaultExportDirectory(store, found.Key);
        Assert.Equal(Path.Combine(dir, "exports"), Path.GetDirectoryName(outDir));
        var files = store.Export(found.Key, "parquet", outDir);

        Assert.Equal(1, Count($"SELECT count(*) FROM read_parquet('{files[0]}')"));
        Assert.Equal(4, Count($"SELECT count(*) FROM read_parquet('{files[1]}')"));
        Assert.Equal(20, Count($"SELECT count(*) FROM read_parquet('{files[2]}')"));
        Assert.Equal(0, Count($"SELECT count(*) FROM read_parquet('{files[2]}') WHERE experiment_key <> '{key}'"));
        Assert.Equal(20L * 1_000_000 + 4 * (0 + 1 + 2 + 3 + 4), Count($"SELECT sum(wall_ns)::BIGINT FROM read_parquet('{files[2]}')"));
    }

    [Fact]
    public void UnknownRunAndFormatAreRejected()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, "alpha", new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), true, runs: 1, samplesPerRun: 1, failed: 0);
        Assert.Throws<ArgumentException>(() => store.Export("nope@1", "csv", Path.Combine(dir, "x")));
        Assert.Throws<ArgumentException>(() => store.Export(key, "xml", Path.Combine(dir, "y")));
        Assert.False(Directory.Exists(Path.Combine(dir, "x")));

        var root = Ruchy.Kernel.Cli.CommandLine.Build();
        Assert.NotEmpty(root.Parse(["experiment", "export", "alpha", "--format", "xml"]).Errors);
        Assert.NotEmpty(root.Parse(["experiment", "export", "alpha"]).Errors);
        Assert.Empty(root.Parse(["experiment", "export", "alpha", "--format", "parquet"]).Errors);
        Assert.Empty(root.Parse(["experiment", "list", "--store", "a.duckdb"]).Errors);
    }
}
