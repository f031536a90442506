using System.Data.Common;
using DuckDB.NET.Data;

namespace Ruchy.Experiments.Harness;

/// <summary>An execution of an experiment file: <see cref="Key"/> is unique (id + start time), <see cref="ExperimentId"/> is the file's id.</summary>
public sealed record ExperimentRecord(string Key, string ExperimentId, string Title, string File, string Definition, int Seed, bool Quick, string? GitCommit, DateTime StartedAt);

/// <summary>One process run with its samples (warmup iterations included and flagged).</summary>
public sealed record RunRecord(
    string ExperimentKey, int Sequence, string Workload, long Size, string Configuration, int ProcessRun,
    string Environment, string? GitCommit, double[] LoadBefore, double[] LoadAfter, int ExitCode, string? Error,
    IReadOnlyList<StoredSample> Samples);

/// <summary>One line of <c>ruchy experiment list</c>: an execution with its run counts.</summary>
public sealed record ExperimentSummary(string Key, string ExperimentId, DateTime StartedAt, bool Quick, int Runs, int FailedRuns, string? GitCommit);

public sealed record StoredSample(int Iteration, bool Warmup, long WallNs, long CpuNs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long GcPauseNs);

/// <summary>
/// The results database: an embedded DuckDB file (results/ruchy-lab.duckdb by default) with one
/// table per entity. Each run is written in its own transaction as soon as it ends, so an
/// interrupted experiment keeps every finished run.
/// </summary>
public sealed class ResultStore : IDisposable
{
    private readonly DuckDBConnection connection;

    public const string Schema = """
        CREATE TABLE IF NOT EXISTS experiments (
            key VARCHAR PRIMARY KEY, experiment_id VARCHAR NOT NULL, title VARCHAR, file VARCHAR,
            definition VARCHAR, seed INTEGER, quick BOOLEAN, git_commit VARCHAR, started_at TIMESTAMP);
        CREATE TABLE IF NOT EXISTS runs (
            experiment_key VARCHAR NOT NULL, seq INTEGER NOT NULL, workload VARCHAR, size BIGINT,
            configuration VARCHAR, process_run INTEGER, environment VARCHAR, git_commit VARCHAR,
            load_before DOUBLE[], load_after DOUBLE[], exit_code INTEGER, error VARCHAR,
            PRIMARY KEY (experiment_key, seq));
        CREATE TABLE IF NOT EXISTS samples (
            experiment_key VARCHAR NOT NULL, seq INTEGER NOT NULL, iteration INTEGER NOT NULL, warmup BOOLEAN,
            wall_ns BIGINT, cpu_ns BIGINT, allocated_bytes BIGINT, gen0 INTEGER, gen1 INTEGER, gen2 INTEGER, gc_pause_ns BIGINT,
            PRIMARY KEY (experiment_key, seq, iteration));
        """;

    public string Path { get; }

    public ResultStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connection = new DuckDBConnection($"Data Source={Path}");
        connection.Open();
        Execute(Schema);
    }

    public void AddExperiment(ExperimentRecord e) =>
        Execute("INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            e.Key, e.ExperimentId, e.Title, e.File, e.Definition, e.Seed, e.Quick, e.GitCommit, e.StartedAt);

    public void AddRun(RunRecord r)
    {
        using var tx = connection.BeginTransaction();
        Execute("INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            r.ExperimentKey, r.Sequence, r.Workload, r.Size, r.Configuration, r.ProcessRun, r.Environment, r.GitCommit,
            r.LoadBefore, r.LoadAfter, r.ExitCode, r.Error);
        foreach (var s in r.Samples)
            Execute("INSERT INTO samples VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                r.ExperimentKey, r.Sequence, s.Iteration, s.Warmup, s.WallNs, s.CpuNs, s.AllocatedBytes, s.Gen0, s.Gen1, s.Gen2, s.GcPauseNs);
        tx.Commit();
    }

    public ExperimentRecord? GetExperiment(string key)
    {
        using var cmd = Command("SELECT key, experiment_id, title, file, definition, seed, quick, git_commit, started_at FROM experiments WHERE key = $1", key);
        using var reader = cmd.ExecuteReader();
        if (!reader.Read()) return null;
        return new ExperimentRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.GetInt32(5), reader.GetBoolean(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetDateTime(8));
    }

    /// <summary>
    /// An execution by its key (<c>id@timestamp</c>), or, given an experiment id alone, its latest
    /// stored execution; null when neither exists.
    /// </summary>
    public ExperimentRecord? FindExperiment(string keyOrId)
    {
        if (GetExperiment(keyOrId) is { } exact) return exact;
        using var cmd = Command("SELECT key FROM experiments WHERE experiment_id = $1 ORDER BY started_at DESC, key DESC LIMIT 1", keyOrId);
        return cmd.ExecuteScalar() is string key ? GetExperiment(key) : null;
    }

    /// <summary>The latest stored execution of experiment <paramref name="experimentId"/>, of the given profile when <paramref name="quick"/> is set; null when none.</summary>
    public ExperimentRecord? LatestExecution(string experimentId, bool? quick = null)
    {
        using var cmd = quick is bool q
            ? Command("SELECT key FROM experiments WHERE experiment_id = $1 AND quick = $2 ORDER BY started_at DESC, key DESC LIMIT 1", experimentId, q)
            : Command("SELECT key FROM experiments WHERE experiment_id = $1 ORDER BY started_at DESC, key DESC LIMIT 1", experimentId);
        return cmd.ExecuteScalar() is string key ? GetExperiment(key) : null;
    }

    /// <summary>The sequence numbers of the stored successful runs (exit code 0, no error) of execution <paramref name="experimentKey"/>, ascending.</summary>
    public IReadOnlyList<int> CompletedSequences(string experimentKey)
    {
        var list = new List<int>();
        using var cmd = Command("SELECT seq FROM runs WHERE experiment_key = $1 AND exit_code = 0 AND error IS NULL ORDER BY seq", experimentKey);
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) list.Add(reader.GetInt32(0));
        return list;
    }

    /// <summary>Deletes run <paramref name="seq"/> of execution <paramref name="experimentKey"/> and its samples in one transaction; false when no such run was stored.</summary>
    public bool DeleteRun(string experimentKey, int seq)
    {
        using var tx = connection.BeginTransaction();
        Execute("DELETE FROM samples WHERE experiment_key = $1 AND seq = $2", experimentKey, seq);
        int deleted;
        using (var cmd = Command("DELETE FROM runs WHERE experiment_key = $1 AND seq = $2", experimentKey, seq))
            deleted = cmd.ExecuteNonQuery();
        tx.Commit();
        return deleted > 0;
    }

    /// <summary>Every stored execution, newest first.</summary>
    public IReadOnlyList<ExperimentRecord> ListExperiments()
    {
        var keys = new List<string>();
        using (var cmd = Command("SELECT key FROM experiments ORDER BY started_at DESC, key DESC"))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) keys.Add(reader.GetString(0));
        return keys.Select(k => GetExperiment(k)!).ToList();
    }

    /// <summary>The runs of one experiment execution in run order, each with its samples in iteration order.</summary>
    public IReadOnlyList<RunRecord> GetRuns(string experimentKey)
    {
        var samples = new Dictionary<int, List<StoredSample>>();
        using (var cmd = Command("SELECT seq, iteration, warmup, wall_ns, cpu_ns, allocated_bytes, gen0, gen1, gen2, gc_pause_ns FROM samples WHERE experiment_key = $1 ORDER BY seq, iteration", experimentKey))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                int seq = reader.GetInt32(0);
                if (!samples.TryGetValue(seq, out var list)) samples[seq] = list = [];
                list.Add(new StoredSample(reader.GetInt32(1), reader.GetBoolean(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                    reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt64(9)));
            }
        }
        var runs = new List<RunRecord>();
        using (var cmd = Command("SELECT seq, workload, size, configuration, process_run, environment, git_commit, load_before, load_after, exit_code, error FROM runs WHERE experiment_key = $1 ORDER BY seq", experimentKey))
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                int seq = reader.GetInt32(0);
                runs.Add(new RunRecord(experimentKey, seq, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), Doubles(reader, 7), Doubles(reader, 8),
                    reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10), samples.GetValueOrDefault(seq) ?? []));
            }
        }
        return runs;
    }

    /// <summary>Every stored execution with its run and failed-run counts, newest first.</summary>
    public IReadOnlyList<ExperimentSummary> Summaries()
    {
        // LEFT JOIN so an execution interrupted before its first run still shows (with 0 runs).
        const string sql = """
            SELECT e.key, e.experiment_id, e.started_at, e.quick, e.git_commit,
                   count(r.seq), count(r.seq) FILTER (WHERE r.exit_code <> 0 OR r.error IS NOT NULL)
            FROM experiments e LEFT JOIN runs r ON r.experiment_key = e.key
            GROUP BY ALL ORDER BY e.started_at DESC, e.key DESC
            """;
        var list = new List<ExperimentSummary>();
        using var cmd = Command(sql);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            list.Add(new ExperimentSummary(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetBoolean(3),
                Convert.ToInt32(reader.GetValue(5)), Convert.ToInt32(reader.GetValue(6)), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return list;
    }

    /// <summary>The default store: results/ruchy-lab.duckdb of the repository holding <paramref name="fileOrDirectory"/> (the folder with Ruchy.sln), else under the current directory.</summary>
    public static string DefaultPathFor(string fileOrDirectory)
    {
        string start = Directory.Exists(fileOrDirectory) ? fileOrDirectory : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(fileOrDirectory))!;
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Ruchy.sln"))) return System.IO.Path.Combine(dir.FullName, "results", "ruchy-lab.duckdb");
        return System.IO.Path.Combine("results", "ruchy-lab.duckdb");
    }

    public static readonly string[] ExportFormats = ["csv", "parquet"];

    /// <summary>exports/&lt;key&gt; beside the database, the key made safe as a folder name.</summary>
    public static string DefaultExportDirectory(ResultStore store, string key)
    {
        var safe = new string(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_').ToArray());
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(store.Path)!, "exports", safe);
    }

    /// <summary>
    /// Writes the experiments, runs and samples rows of execution <paramref name="key"/> to
    /// experiments|runs|samples.&lt;format&gt; in <paramref name="directory"/> with DuckDB's COPY; returns the paths.
    /// </summary>
    public IReadOnlyList<string> Export(string key, string format, string directory)
    {
        if (!ExportFormats.Contains(format)) throw new ArgumentException($"unknown export format '{format}' (csv or parquet)", nameof(format));
        if (GetExperiment(key) == null) throw new ArgumentException($"no stored run '{key}' in {Path}", nameof(key));
        Directory.CreateDirectory(directory);
        // COPY takes no parameters for its target or inside its query, so both are inlined as quoted literals.
        string keyLiteral = Quote(key);
        string options = format == "csv" ? "FORMAT csv, HEADER" : "FORMAT parquet";
        var written = new List<string>();
        foreach (var (table, column, order) in new[] { ("experiments", "key", "key"), ("runs", "experiment_key", "seq"), ("samples", "experiment_key", "seq, iteration") })
        {
            string file = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, $"{table}.{format}"));
            Execute($"COPY (SELECT * FROM {table} WHERE {column} = {keyLiteral} ORDER BY {order}) TO {Quote(file)} ({options})");
            written.Add(file);
        }
        return written;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    private static double[] Doubles(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? [] : reader.GetFieldValue<List<double>>(column).ToArray();

    private DuckDBCommand Command(string sql, params object?[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters) cmd.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return cmd;
    }

    private void Execute(string sql, params object?[] parameters)
    {
        using var cmd = Command(sql, parameters);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
