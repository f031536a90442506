using Ruchy.Experiments.Harness;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Experiments;

/// <summary>
/// Issue 22: a damaged results database (truncated, bit-flipped, not a database) is one clear message with the
/// path and what to do (<see cref="ResultStoreException"/>; the CLI prints one line), not DuckDB's exception.
/// </summary>
public sealed class DamagedStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ruchy-damaged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string GoodStore()
    {
        string path = Path.Combine(_dir, "lab.duckdb");
        var started = new DateTime(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);
        using var store = new ResultStore(path);
        store.AddExperiment(new ExperimentRecord("tiny@1", "tiny", "Tiny", "/x/tiny.yaml", "id: tiny\n", 7, true, null, started));
        for (int seq = 0; seq < 20; seq++)
        {
            var samples = Enumerable.Range(0, 200).Select(i => new StoredSample(i, i < 5, 1000 + i, 900 + i, 4096, 1, 0, 0, 50)).ToList();
            store.AddRun(new RunRecord("tiny@1", seq, "micro/fibonacci", 20, "engine=register", 1, "{}", "abc", [0.5], [0.5], 0, null, samples));
        }
        return path;
    }

    /// <summary>Opens the store and reads everything in it; the exception, if any.</summary>
    private static Exception? ReadAll(string path) => Record.Exception(() =>
    {
        using var store = new ResultStore(path);
        foreach (var e in store.ListExperiments()) store.GetRuns(e.Key);
        store.Summaries();
    });

    private static void AssertClear(Exception? e, string path)
    {
        var damaged = Assert.IsType<ResultStoreException>(e);
        Assert.Contains(Path.GetFullPath(path), damaged.Message);
        Assert.Contains("Move it aside", damaged.Message);
        Assert.DoesNotContain('\n', damaged.Message);
    }

    [Fact]
    public void Truncated_IsAClearError()
    {
        string path = GoodStore();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        AssertClear(ReadAll(path), path);
    }

    [Fact]
    public void NotADatabase_IsAClearError()
    {
        string path = Path.Combine(_dir, "notes.duckdb");
        File.WriteAllText(path, "these are my notes, not a database\n");
        AssertClear(ReadAll(path), path);
    }

    [Fact]
    public void BitFlipped_IsAClearError()
    {
        string path = GoodStore();
        var bytes = File.ReadAllBytes(path);
        // Past the file headers, damage a stretch of every 256 KiB block: whatever DuckDB reads fails its checksum.
        for (int block = 12288; block < bytes.Length; block += 262144)
            for (int i = block + 8; i < Math.Min(block + 4096, bytes.Length); i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        AssertClear(ReadAll(path), path);
    }

    [Fact]
    public void Cli_List_OnADamagedStore_PrintsOneLine()
    {
        string path = Path.Combine(_dir, "broken.duckdb");
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)0xAB, 5000)]);
        var r = RuchyProcess.Run(_dir, "experiment", "list", "--store", path);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ruchy: results database {Path.GetFullPath(path)} cannot be read (", line);
    }

    [Fact]
    public void Notebook_Report_OnADamagedStore_IsAMagicErrorWithThePath()
    {
        string path = Path.Combine(_dir, "broken.duckdb");
        File.WriteAllText(path, "not a database");
        using var session = new Ruchy.Notebook.NotebookSession();
        var r = session.Execute($"%report tiny --store {path}", new Ruchy.Notebook.RecordingOutput());
        Assert.Equal(Ruchy.Notebook.CellStatus.Error, r.Status);
        Assert.Equal("MagicError", r.Error!.Name);
        Assert.Contains(path, r.Error.Message);
    }
}
