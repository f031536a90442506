using System.Diagnostics;
using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

/// <summary><c>ruchy experiment run FILE --resume</c>: an interrupted execution continues with no run lost or duplicated.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-resume-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string WriteYaml(string text)
    {
        var yaml = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(yaml, text);
        return yaml;
    }

    [Fact]
    public void InterruptedExecutionResumesWithEveryRunOnceAndStoredRunsUntouched()
    {
        var yaml = WriteYaml(ExperimentFileTests.Valid());
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var first = new ExperimentRunner(ExperimentFile.Load(yaml), new RunnerOptions { Quick = true, Store = store }).Run();
        Assert.Null(first.Failure);
        string key = first.Experiment.Key;
        var before = store.GetRuns(key);
        Assert.Equal(4, before.Count);

        // Interrupted: the last two runs never finished, and the one before them failed.
        Assert.True(store.DeleteRun(key, 3));
        Assert.True(store.DeleteRun(key, 2));
        Assert.False(store.DeleteRun(key, 3));
        Assert.True(store.DeleteRun(key, 1));
        store.AddRun(before[1] with { ExitCode = 1, Error = "killed", Samples = [] });
        Assert.Equal([0], store.CompletedSequences(key));
        var stored = store.GetRuns(key);
        Assert.Equal(2, stored.Count);

        var progress = new StringWriter();
        var resumed = new ExperimentRunner(ExperimentFile.Load(yaml), new RunnerOptions { Quick = true, Store = store, Progress = progress })
            .Resume(store.GetExperiment(key)!, stored);

        Assert.Null(resumed.Failure);
        Assert.Equal(key, resumed.Experiment.Key);
        Assert.Equal([0, 1, 2, 3], resumed.Runs.Select(r => r.Sequence));
        var after = store.GetRuns(key);
        Assert.Equal([0, 1, 2, 3], after.Select(r => r.Sequence));
        Assert.Equal([0, 1, 2, 3], store.CompletedSequences(key));
        Assert.All(after, r => Assert.Equal(4, r.Samples.Count));
        Assert.Equal(before[0].Samples, after[0].Samples);
        Assert.Equal(before.Select(r => (r.Workload, r.Configuration, r.ProcessRun)), after.Select(r => (r.Workload, r.Configuration, r.ProcessRun)));
        Assert.Single(resumed.Comparisons);
        Assert.Contains("removed failed run 2", progress.ToString());
        Assert.Contains("1 stored, 3 to run", progress.ToString());
        Assert.Contains("[4/4]", progress.ToString());

        // Complete now: resuming again measures nothing (a ruchy that cannot start would fail any run).
        var again = new StringWriter();
        var noop = new ExperimentRunner(ExperimentFile.Load(yaml), new RunnerOptions { Quick = true, Store = store, Progress = again, Ruchy = [Path.Combine(dir, "no-such-ruchy")] })
            .Resume(store.GetExperiment(key)!, store.GetRuns(key));
        Assert.Null(noop.Failure);
        Assert.Contains("0 to run", again.ToString());
        Assert.DoesNotContain("[", again.ToString());
        var final = store.GetRuns(key);
        Assert.Equal(after.Select(r => r.Samples.Select(s => s.WallNs).ToArray()), final.Select(r => r.Samples.Select(s => s.WallNs).ToArray()));
        Assert.Equal(resumed.Comparisons.Select(c => c.Ratio), noop.Comparisons.Select(c => c.Ratio));
    }

    [Fact]
    public void KilledMidRunTheCliResumesWithNoRunLostOrDuplicated()
    {
        var yaml = WriteYaml(ExperimentFileTests.Valid().Replace("process_runs: 2", "process_runs: 4"));
        string db = Path.Combine(dir, "killed.duckdb");

        // Kill the whole process tree while the fourth of eight runs is being measured.
        using (var run = StartRuchy("experiment", "run", yaml, "--store", db))
        {
            var clock = Stopwatch.StartNew();
            string? line;
            while ((line = run.StandardOutput.ReadLine()) != null && !line.StartsWith("[3/8]", StringComparison.Ordinal))
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "no progress from ruchy experiment run");
            Assert.NotNull(line);
            Thread.Sleep(100);
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        int storedBefore;
        string key;
        using (var store = new ResultStore(db))
        {
            key = store.ListExperiments().Single().Key;
            storedBefore = store.GetRuns(key).Count;
        }
        Assert.InRange(storedBefore, 3, 7);

        using (var resume = StartRuchy("experiment", "run", yaml, "--store", db, "--resume"))
        {
            string output = resume.StandardOutput.ReadToEnd();
            Assert.True(resume.WaitForExit(120_000), "resume did not finish");
            Assert.True(resume.ExitCode == 0, output + resume.StandardError.ReadToEnd());
            Assert.Contains($"{storedBefore} stored, {8 - storedBefore} to run", output);
        }
        using (var store = new ResultStore(db))
        {
            Assert.Single(store.ListExperiments());
            var runs = store.GetRuns(key);
            Assert.Equal(Enumerable.Range(0, 8), runs.Select(r => r.Sequence));
            Assert.All(runs, r => Assert.True(ExperimentRunner.IsSuccessful(r) && r.Samples.Count == 4, $"run {r.Sequence}: {r.Error}"));
            Assert.Equal(8, runs.Select(r => (r.Workload, r.Configuration, r.ProcessRun)).Distinct().Count());
        }
    }

    private Process StartRuchy(params string[] args) => TestSupport.RuchyProcess.Start(dir, args);

    private static ExperimentRecord Record(ExperimentFile file, bool quick) =>
        new($"{file.Id}@20260101T000000.000Z", file.Id!, file.Title!, file.SourcePath, file.Text, file.Design!.Seed!.Value, quick, null, DateTime.UtcNow);

    [Fact]
    public void ChangedExperimentIsNotResumed()
    {
        var yaml = WriteYaml(ExperimentFileTests.Valid());
        var record = Record(ExperimentFile.Load(yaml), quick: true);
        File.AppendAllText(yaml, "\n# edited\n");
        var edited = ExperimentFile.Load(yaml);
        var e = Assert.Throws<ResumeRefusedException>(() => new ExperimentRunner(edited, new RunnerOptions { Quick = true }).Resume(record, []));
        Assert.Contains("definition", e.Message);
        Assert.Contains("cannot be resumed", e.Message);
    }

    [Fact]
    public void OtherProfileIsNotResumed()
    {
        var file = ExperimentFile.Load(WriteYaml(ExperimentFileTests.Valid()));
        var e = Assert.Throws<ResumeRefusedException>(() => new ExperimentRunner(file, new RunnerOptions { Quick = false }).Resume(Record(file, quick: true), []));
        Assert.Contains("quick profile", e.Message);
        Assert.DoesNotContain("definition", e.Message);
    }

    [Fact]
    public void LatestExecutionIsFoundPerProfile()
    {
        var file = ExperimentFile.Load(WriteYaml(ExperimentFileTests.Valid()));
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var quick = Record(file, quick: true);
        var full = quick with { Key = file.Id + "@20260102T000000.000Z", Quick = false, StartedAt = quick.StartedAt.AddDays(1) };
        store.AddExperiment(quick);
        store.AddExperiment(full);
        Assert.Equal(full.Key, store.LatestExecution(file.Id!)!.Key);
        Assert.Equal(quick.Key, store.LatestExecution(file.Id!, quick: true)!.Key);
        Assert.Null(store.LatestExecution("other"));
    }
}
