using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

/// <summary>A tiny experiment through real <c>ruchy measure</c> processes (the kernel's ruchy.dll is copied beside the tests).</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-e2e-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void TinyExperimentRunsOutOfProcessAndIsStored()
    {
        var yaml = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(yaml, ExperimentFileTests.Valid());
        var experiment = ExperimentFile.Load(yaml);
        var progress = new StringWriter();
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var result = new ExperimentRunner(experiment, new RunnerOptions { Quick = true, Store = store, Progress = progress }).Run();

        Assert.Null(result.Failure);
        Assert.Equal(4, result.Runs.Count);
        Assert.All(result.Runs, r =>
        {
            Assert.Equal(0, r.ExitCode);
            Assert.Equal(4, r.Samples.Count);
            Assert.Single(r.Samples, s => s.Warmup);
            Assert.All(r.Samples, s => Assert.True(s.WallNs > 0 && s.AllocatedBytes > 0));
            Assert.Contains("\"tiered_pgo\"", r.Environment);
        });
        Assert.Equal(2, result.Runs.Count(r => r.Configuration == "engine=register"));
        Assert.Contains(result.Runs, r => r.Environment.Contains("\"engine\":\"register\""));
        var comparison = Assert.Single(result.Comparisons);
        Assert.Equal("engine=register", comparison.Treatment);
        Assert.Equal(6, comparison.TreatmentCount);
        Assert.Contains("[4/4]", progress.ToString());
        Assert.Equal(4, store.GetRuns(result.Experiment.Key).Count);
    }

    [Fact]
    public void FailingProgramIsReportedAsAFailedRun()
    {
        var program = Path.Combine(dir, "boom.ruchy");
        File.WriteAllText(program, "let ITERATIONS = 1\nfun main() { let x = [1]; println(x[5]) }\n");
        var yaml = Path.Combine(dir, "boom.yaml");
        File.WriteAllText(yaml, ExperimentFileTests.Valid(program).Replace("size: quick", "size: 1"));
        var result = new ExperimentRunner(ExperimentFile.Load(yaml), new RunnerOptions { Quick = true }).Run();
        Assert.NotNull(result.Failure);
        var run = Assert.Single(result.Runs);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Error", run.Error);
        Assert.Empty(result.Comparisons);
    }
}
