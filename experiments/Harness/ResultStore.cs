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
/// <summary>One line of <c>ruchy experiment list</c>: an execution with its run counts; <see cref="Blind"/> is null, "sealed", "decided" or "unblinded".</summary>
public sealed record ExperimentSummary(string Key, string ExperimentId, DateTime StartedAt, bool Quick, int Runs, int FailedRuns, string? GitCommit, string? Blind = null);

/// <summary>How an execution's stopping rule ended: the rule, whether every workload reached the target interval, the most process runs per configuration, the widest relative half-width left.</summary>
public sealed record StoppingOutcome(string Rule, bool Adaptive, bool TargetReached, int ProcessRuns, double MaxHalfWidth, int AddedRounds)
{
    /// <summary>One sentence for the report and the console.</summary>
    public string Describe() => !Adaptive
        ? $"fixed: {ProcessRuns} process runs per configuration, as planned"
        : TargetReached
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "target reached: every workload's ratio interval within the target after {0} added round(s) (at most {1} process runs per configuration; widest ±{2:0.##}%)", AddedRounds, ProcessRuns, MaxHalfWidth * 100)
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, "max_process_runs reached: stopped at {0} process runs per configuration after {1} added round(s) with the widest interval still ±{2:0.##}%", ProcessRuns, AddedRounds, MaxHalfWidth * 100);
}

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
        CREATE TABLE IF NOT EXISTS environment (
            experiment_key VARCHAR NOT NULL, seq INTEGER NOT NULL, dotnet VARCHAR, os VARCHAR, architecture VARCHAR,
            cpu VARCHAR, processor_count INTEGER, tiered_compilation VARCHAR, tiered_pgo VARCHAR, ready_to_run VARCHAR,
            server_gc BOOLEAN, gc_latency VARCHAR,
            PRIMARY KEY (experiment_key, seq));
        CREATE TABLE IF NOT EXISTS blind_seals (
            experiment_key VARCHAR PRIMARY KEY, commitment VARCHAR NOT NULL, sealed_mapping VARCHAR NOT NULL, salt VARCHAR NOT NULL,
            decided_by VARCHAR, verdict VARCHAR, note VARCHAR, decided_at TIMESTAMP, unblinded_at TIMESTAMP);
        CREATE TABLE IF NOT EXISTS stopping (
            experiment_key VARCHAR PRIMARY KEY, rule VARCHAR, adaptive BOOLEAN, target_reached BOOLEAN,
            process_runs INTEGER, max_half_width DOUBLE, added_rounds INTEGER);
        """;

    public string Path { get; }

    public ResultStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connection = new DuckDBConnection($"Data Source={Path}");
        try
        {
            connection.Open();
            Execute(Schema);
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw Damaged(e);
        }
    }

    public void AddExperiment(ExperimentRecord e) => Guard(() =>
        Execute("INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            e.Key, e.ExperimentId, e.Title, e.File, e.Definition, e.Seed, e.Quick, e.GitCommit, e.StartedAt));

    public void AddRun(RunRecord r)
    {
        Guard(() =>
        {
            using var tx = connection.BeginTransaction();
            Execute("INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                r.ExperimentKey, r.Sequence, r.Workload, r.Size, r.Configuration, r.ProcessRun, r.Environment, r.GitCommit,
                r.LoadBefore, r.LoadAfter, r.ExitCode, r.Error);
            foreach (var s in r.Samples)
                Execute("INSERT INTO samples VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    r.ExperimentKey, r.Sequence, s.Iteration, s.Warmup, s.WallNs, s.CpuNs, s.AllocatedBytes, s.Gen0, s.Gen1, s.Gen2, s.GcPauseNs);
            if (ParseEnvironment(r.Environment) is { } e)
                Execute("INSERT INTO environment VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    r.ExperimentKey, r.Sequence, e.Dotnet, e.Os, e.Architecture, e.Cpu, e.ProcessorCount, e.TieredCompilation, e.TieredPgo,
                    e.ReadyToRun, e.ServerGc, e.GcLatency);
            tx.Commit();
        });
    }

    /// <summary>
    /// The machine and host-JIT settings of a run's environment line, for the environment table (its
    /// engine and switches are the run's configuration, kept in runs); null for runs that never reported one.
    /// </summary>
    private static MeasureEnvironment? ParseEnvironment(string line)
    {
        if (MeasureProtocol.KindOf(line ?? "") != "environment") return null;
        try
        {
            return MeasureProtocol.Read<MeasureEnvironment>(line!);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Seals a blind execution. The mapping is stored base64-encoded so that a casual <c>SELECT *</c> does
    /// not show it; that is no protection against a determined reader, which the commitment is for.
    /// </summary>
    public void AddBlindSeal(BlindSeal seal) => Guard(() =>
        Execute("INSERT INTO blind_seals VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            seal.ExperimentKey, seal.Commitment, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(BlindSeal.CanonicalJson(seal.Mapping))),
            Convert.ToHexStringLower(seal.Salt), seal.DecidedBy, seal.Verdict, seal.Note, seal.DecidedAt, seal.UnblindedAt));

    /// <summary>The seal of execution <paramref name="experimentKey"/>; null when it is not blind.</summary>
    public BlindSeal? GetBlindSeal(string experimentKey)
    {
        return Guard<BlindSeal?>(() =>
        {
            using var cmd = Command("SELECT commitment, sealed_mapping, salt, decided_by, verdict, note, decided_at, unblinded_at FROM blind_seals WHERE experiment_key = $1", experimentKey);
            using var reader = cmd.ExecuteReader();
            if (!reader.Read()) return null;
            string json;
            try { json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(reader.GetString(1))); }
            catch (FormatException) { json = "[]"; } // a damaged mapping then fails the commitment check
            IReadOnlyList<BlindLabel> mapping;
            try { mapping = BlindSeal.ParseMapping(json); }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or InvalidOperationException) { mapping = []; }
            return new BlindSeal(experimentKey, mapping, Convert.FromHexString(reader.GetString(2)), reader.GetString(0),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetDateTime(6), reader.IsDBNull(7) ? null : reader.GetDateTime(7));
        });
    }

    /// <summary>Records the blind decision unless one is already recorded; false when it was.</summary>
    public bool RecordBlindDecision(string experimentKey, string decidedBy, string verdict, string? note, DateTime at)
    {
        return Guard<bool>(() =>
        {
            using var cmd = Command("UPDATE blind_seals SET decided_by = $2, verdict = $3, note = $4, decided_at = $5 WHERE experiment_key = $1 AND decided_at IS NULL",
                experimentKey, decidedBy, verdict, note, at);
            return cmd.ExecuteNonQuery() > 0;
        });
    }

    public void RecordUnblinding(string experimentKey, DateTime at) => Guard(() =>
        Execute("UPDATE blind_seals SET unblinded_at = $2 WHERE experiment_key = $1 AND unblinded_at IS NULL", experimentKey, at));

    /// <summary>Records (or, after a resume, replaces) how the stopping rule of an execution ended.</summary>
    public void SetStopping(string experimentKey, StoppingOutcome o)
    {
        Guard(() =>
        {
            using var tx = connection.BeginTransaction();
            Execute("DELETE FROM stopping WHERE experiment_key = $1", experimentKey);
            Execute("INSERT INTO stopping VALUES ($1, $2, $3, $4, $5, $6, $7)", experimentKey, o.Rule, o.Adaptive, o.TargetReached, o.ProcessRuns, o.MaxHalfWidth, o.AddedRounds);
            tx.Commit();
        });
    }

    public StoppingOutcome? GetStopping(string experimentKey)
    {
        return Guard<StoppingOutcome?>(() =>
        {
            using var cmd = Command("SELECT rule, adaptive, target_reached, process_runs, max_half_width, added_rounds FROM stopping WHERE experiment_key = $1", experimentKey);
            using var reader = cmd.ExecuteReader();
            if (!reader.Read()) return null;
            return new StoppingOutcome(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetInt32(3), reader.GetDouble(4), reader.GetInt32(5));
        });
    }

    public ExperimentRecord? GetExperiment(string key)
    {
        return Guard<ExperimentRecord?>(() =>
        {
            using var cmd = Command("SELECT key, experiment_id, title, file, definition, seed, quick, git_commit, started_at FROM experiments WHERE key = $1", key);
            using var reader = cmd.ExecuteReader();
            if (!reader.Read()) return null;
            return new ExperimentRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetBoolean(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetDateTime(8));
        });
    }

    /// <summary>
    /// An execution by its key (<c>id@timestamp</c>), or, given an experiment id alone, its latest
    /// stored execution; null when neither exists.
    /// </summary>
    public ExperimentRecord? FindExperiment(string keyOrId)
    {
        return Guard<ExperimentRecord?>(() =>
        {
            if (GetExperiment(keyOrId) is { } exact) return exact;
            using var cmd = Command("SELECT key FROM experiments WHERE experiment_id = $1 ORDER BY started_at DESC, key DESC LIMIT 1", keyOrId);
            return cmd.ExecuteScalar() is string key ? GetExperiment(key) : null;
        });
    }

    /// <summary>The latest stored execution of experiment <paramref name="experimentId"/>, of the given profile when <paramref name="quick"/> is set; null when none.</summary>
    public ExperimentRecord? LatestExecution(string experimentId, bool? quick = null)
    {
        return Guard<ExperimentRecord?>(() =>
        {
            using var cmd = quick is bool q
                ? Command("SELECT key FROM experiments WHERE experiment_id = $1 AND quick = $2 ORDER BY started_at DESC, key DESC LIMIT 1", experimentId, q)
                : Command("SELECT key FROM experiments WHERE experiment_id = $1 ORDER BY started_at DESC, key DESC LIMIT 1", experimentId);
            return cmd.ExecuteScalar() is string key ? GetExperiment(key) : null;
        });
    }

    /// <summary>The sequence numbers of the stored successful runs (exit code 0, no error) of execution <paramref name="experimentKey"/>, ascending.</summary>
    public IReadOnlyList<int> CompletedSequences(string experimentKey)
    {
        return Guard<IReadOnlyList<int>>(() =>
        {
            var list = new List<int>();
            using var cmd = Command("SELECT seq FROM runs WHERE experiment_key = $1 AND exit_code = 0 AND error IS NULL ORDER BY seq", experimentKey);
            using var reader = cmd.ExecuteReader();
            while (reader.Read()) list.Add(reader.GetInt32(0));
            return list;
        });
    }

    /// <summary>Deletes run <paramref name="seq"/> of execution <paramref name="experimentKey"/> and its samples in one transaction; false when no such run was stored.</summary>
    public bool DeleteRun(string experimentKey, int seq)
    {
        return Guard<bool>(() =>
        {
            using var tx = connection.BeginTransaction();
            Execute("DELETE FROM samples WHERE experiment_key = $1 AND seq = $2", experimentKey, seq);
            Execute("DELETE FROM environment WHERE experiment_key = $1 AND seq = $2", experimentKey, seq);
            int deleted;
            using (var cmd = Command("DELETE FROM runs WHERE experiment_key = $1 AND seq = $2", experimentKey, seq))
                deleted = cmd.ExecuteNonQuery();
            tx.Commit();
            return deleted > 0;
        });
    }

    /// <summary>Every stored execution, newest first.</summary>
    public IReadOnlyList<ExperimentRecord> ListExperiments()
    {
        return Guard<IReadOnlyList<ExperimentRecord>>(() =>
        {
            var keys = new List<string>();
            using (var cmd = Command("SELECT key FROM experiments ORDER BY started_at DESC, key DESC"))
            using (var reader = cmd.ExecuteReader())
                while (reader.Read()) keys.Add(reader.GetString(0));
            return keys.Select(k => GetExperiment(k)!).ToList();
        });
    }

    /// <summary>The runs of one experiment execution in run order, each with its samples in iteration order.</summary>
    public IReadOnlyList<RunRecord> GetRuns(string experimentKey)
    {
        return Guard<IReadOnlyList<RunRecord>>(() =>
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
        });
    }

    /// <summary>Every stored execution with its run and failed-run counts, newest first.</summary>
    public IReadOnlyList<ExperimentSummary> Summaries()
    {
        return Guard<IReadOnlyList<ExperimentSummary>>(() =>
        {
            // LEFT JOIN so an execution interrupted before its first run still shows (with 0 runs).
            const string sql = """
                SELECT e.key, e.experiment_id, e.started_at, e.quick, e.git_commit,
                       count(r.seq), count(r.seq) FILTER (WHERE r.exit_code <> 0 OR r.error IS NOT NULL),
                       CASE WHEN any_value(b.experiment_key) IS NULL THEN NULL
                            WHEN any_value(b.unblinded_at) IS NOT NULL THEN 'unblinded'
                            WHEN any_value(b.decided_at) IS NOT NULL THEN 'decided' ELSE 'sealed' END
                FROM experiments e LEFT JOIN runs r ON r.experiment_key = e.key LEFT JOIN blind_seals b ON b.experiment_key = e.key
                GROUP BY ALL ORDER BY e.started_at DESC, e.key DESC
                """;
            var list = new List<ExperimentSummary>();
            using var cmd = Command(sql);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                list.Add(new ExperimentSummary(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2), reader.GetBoolean(3),
                    Convert.ToInt32(reader.GetValue(5)), Convert.ToInt32(reader.GetValue(6)), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            return list;
        });
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
    /// experiments|runs|samples|environment.&lt;format&gt; in <paramref name="directory"/> with DuckDB's COPY; returns the paths.
    /// While the execution is blind (sealed, not unblinded), the runs rows carry the labels instead of the
    /// configurations and their environment's engine and switches read "sealed"; the seal itself is never exported.
    /// </summary>
    public IReadOnlyList<string> Export(string key, string format, string directory)
    {
        return Guard<IReadOnlyList<string>>(() =>
        {
            if (!ExportFormats.Contains(format)) throw new ArgumentException($"unknown export format '{format}' (csv or parquet)", nameof(format));
            if (GetExperiment(key) == null) throw new ArgumentException($"no stored run '{key}' in {Path}", nameof(key));
            Directory.CreateDirectory(directory);
            // COPY takes no parameters for its target or inside its query, so both are inlined as quoted literals.
            string keyLiteral = Quote(key);
            string options = format == "csv" ? "FORMAT csv, HEADER" : "FORMAT parquet";
            var written = new List<string>();
            bool blind = GetBlindSeal(key) is { Unblinded: false };
            if (blind) CopyBlindRuns(key);
            foreach (var (table, column, order) in new[] { ("experiments", "key", "key"), ("runs", "experiment_key", "seq"), ("samples", "experiment_key", "seq, iteration"), ("environment", "experiment_key", "seq") })
            {
                string file = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, $"{table}.{format}"));
                string source = blind && table == "runs" ? BlindRunsTable : table;
                Execute($"COPY (SELECT * FROM {source} WHERE {column} = {keyLiteral} ORDER BY {order}) TO {Quote(file)} ({options})");
                written.Add(file);
            }
            if (blind) Execute($"DROP TABLE IF EXISTS {BlindRunsTable}");
            return written;
        });
    }

    private const string BlindRunsTable = "blind_runs_export";

    /// <summary>A temporary copy of the execution's runs with configurations replaced by labels and the environment masked.</summary>
    private void CopyBlindRuns(string key)
    {
        var seal = GetBlindSeal(key)!;
        Execute($"CREATE OR REPLACE TEMP TABLE {BlindRunsTable} AS SELECT * FROM runs WHERE experiment_key = $1", key);
        var rows = new List<(int Seq, string Configuration, string Environment)>();
        using (var cmd = Command($"SELECT seq, configuration, environment FROM {BlindRunsTable}"))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
        foreach (var (seq, configuration, environment) in rows)
            Execute($"UPDATE {BlindRunsTable} SET configuration = $1, environment = $2 WHERE seq = $3", seal.LabelOf(configuration), BlindSeal.MaskEnvironment(environment), seq);
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

    // A damaged file (truncated, bit-flipped, not a database) fails in DuckDB when a block is read, at open or
    // at any later query: every public operation turns that into one message naming the file and the way out.
    private T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (DuckDBException e)
        {
            throw Damaged(e);
        }
    }

    private void Guard(Action operation) => Guard(() =>
    {
        operation();
        return true;
    });

    private ResultStoreException Damaged(DuckDBException e)
    {
        string reason = e.Message.Split('\n', 2)[0].Trim();
        return new ResultStoreException(
            $"results database {Path} cannot be read ({reason}): it is damaged or not a DuckDB file. Move it aside (or restore a backup) and run again to start a new one.", e);
    }

    public void Dispose() => connection.Dispose();
}

/// <summary>The results database cannot be used (damaged, not a database): a message for the user, with the path and what to do.</summary>
public sealed class ResultStoreException(string message, Exception inner) : IOException(message, inner);
