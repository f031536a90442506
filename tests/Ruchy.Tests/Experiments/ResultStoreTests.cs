using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

public sealed class ResultStoreTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-store-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ExperimentsRunsAndSamplesRoundTrip()
    {
        var path = Path.Combine(dir, "results", "lab.duckdb");
        var started = new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc);
        var experiment = new ExperimentRecord("tiny@1", "tiny", "Tiny", "/x/tiny.yaml", "id: tiny\n", 7, true, null, started);
        var run = new RunRecord("tiny@1", 0, "micro/fibonacci", 20, "engine=register", 1, "{\"kind\":\"environment\"}", "abc123",
            [0.5, 0.25, 0.125], [1.5, 0.75, 0.5], 0, null,
            [new StoredSample(0, true, 1000, 900, 4096, 1, 0, 0, 50), new StoredSample(1, false, 800, 700, 4000, 0, 0, 0, 0)]);
        var failed = run with { Sequence = 1, ExitCode = 1, Error = "Error: boom", Samples = [], LoadBefore = [], LoadAfter = [] };
        using (var store = new ResultStore(path))
        {
            store.AddExperiment(experiment);
            store.AddRun(run);
            store.AddRun(failed);
        }
        using (var store = new ResultStore(path))
        {
            Assert.Equal(experiment, store.GetExperiment("tiny@1"));
            var runs = store.GetRuns("tiny@1");
            Assert.Equal(2, runs.Count);
            Assert.Equal(run.Samples, runs[0].Samples);
            Assert.Equal(run.LoadBefore, runs[0].LoadBefore);
            Assert.Equal(run with { Samples = runs[0].Samples, LoadBefore = runs[0].LoadBefore, LoadAfter = runs[0].LoadAfter }, runs[0]);
            Assert.Equal(run.LoadAfter, runs[0].LoadAfter);
            Assert.Equal("Error: boom", runs[1].Error);
            Assert.Empty(runs[1].Samples);
            Assert.Null(store.GetExperiment("other"));
        }
    }
}
