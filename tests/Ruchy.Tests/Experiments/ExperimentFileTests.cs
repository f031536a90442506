using Ruchy.Experiments.Harness;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Experiments;

public sealed class ExperimentFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-exp-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    internal static string Fibonacci => Path.Combine(RepoPaths.Root, "datasets", "micro", "fibonacci.ruchy");

    internal static string Valid(string? workload = null) => $"""
        id: tiny
        title: Tiny experiment
        hypothesis:
          text: the register VM is faster
          expected_speedup: 1.5
        factors:
          engine:
            levels: [ast, register]
            baseline: ast
        workloads:
          - path: {workload ?? Fibonacci}
            size: quick
        metrics: [wall_time]
        design:
          process_runs: 2
          iterations: 3
          warmup_iterations: 1
          seed: 7
        """;

    private string Write(string text)
    {
        var path = Path.Combine(dir, "exp.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private ExperimentFileException Invalid(string text) => Assert.Throws<ExperimentFileException>(() => ExperimentFile.Load(Write(text)));

    [Fact]
    public void ValidFileLoadsWithResolvedWorkloadAndSize()
    {
        var e = ExperimentFile.Load(Write(Valid()));
        Assert.Equal("tiny", e.Id);
        Assert.Equal("micro/fibonacci", e.Workloads![0].Name);
        Assert.True(e.Workloads[0].ResolvedSize > 0);
        Assert.Equal(1.5, e.Hypothesis!.ExpectedSpeedup);
    }

    [Fact]
    public void RepositoryExperimentIsValid() =>
        ExperimentFile.Load(Path.Combine(RepoPaths.Root, "experiments", "register-vs-ast.yaml"));

    [Fact]
    public void UnknownKeyIsNamedWithItsPosition()
    {
        var ex = Invalid(Valid() + "\ncolour: blue\n");
        var error = Assert.Single(ex.Errors);
        Assert.Contains("exp.yaml:", error);
        Assert.Contains("unknown key 'colour' in the top level", error);
    }

    [Fact]
    public void UnknownKeyInSectionNamesTheSection()
    {
        var ex = Invalid(Valid().Replace("  seed: 7", "  seed: 7\n  repeats: 3"));
        Assert.Contains("unknown key 'repeats' in design", ex.Message);
    }

    [Fact]
    public void MissingKeysAreAllReported()
    {
        var ex = Invalid(Valid().Replace("title: Tiny experiment\n", "").Replace("  seed: 7\n", "").Replace("  seed: 7", ""));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml: title: missing key"));
        Assert.Contains(ex.Errors, e => e.Contains("design.seed: missing key"));
    }

    [Fact]
    public void UnknownSwitchIsRejected()
    {
        var ex = Invalid(Valid().Replace("  engine:\n", "  turbo:\n"));
        Assert.Contains("factors.turbo: unknown switch 'turbo'", ex.Message);
    }

    [Fact]
    public void UnknownLevelAndBaselineAreRejected()
    {
        var ex = Invalid(Valid().Replace("[ast, register]", "[ast, turbo]").Replace("baseline: ast", "baseline: tree"));
        Assert.Contains(ex.Errors, e => e.Contains("factors.engine.levels") && e.Contains("'turbo'"));
        Assert.Contains(ex.Errors, e => e.Contains("factors.engine.baseline") && e.Contains("'tree' is not one of the levels"));
    }

    [Fact]
    public void MissingWorkloadFileIsRejected()
    {
        var ex = Invalid(Valid("datasets/micro/no_such_program.ruchy"));
        Assert.Contains("workloads[0].path: no such file 'datasets/micro/no_such_program.ruchy'", ex.Message);
    }

    [Fact]
    public void UnknownMetricIsRejected()
    {
        var ex = Invalid(Valid().Replace("[wall_time]", "[wall_time, happiness]"));
        Assert.Contains("metrics: unknown metric 'happiness'", ex.Message);
    }

    [Fact]
    public void AdaptiveStoppingRuleLoads()
    {
        var e = ExperimentFile.Load(Write(Valid().Replace("  seed: 7", "  seed: 7\n  stopping: {ci_half_width: 0.05, max_process_runs: 20}")));
        Assert.True(e.Design!.Stopping!.IsAdaptive);
        Assert.Equal(0.05, e.Design.Stopping.CiHalfWidth);
        Assert.Equal(20, e.Design.Stopping.MaxProcessRuns);
        var block = ExperimentFile.Load(Write(Valid().Replace("  seed: 7", "  seed: 7\n  stopping:\n    ci_half_width: 0.1\n    max_process_runs: 4")));
        Assert.Equal(4, block.Design!.Stopping!.MaxProcessRuns);
        var fixedRule = ExperimentFile.Load(Write(Valid().Replace("  seed: 7", "  seed: 7\n  stopping: fixed")));
        Assert.False(fixedRule.Design!.Stopping!.IsAdaptive);
        Assert.Null(ExperimentFile.Load(Write(Valid())).Design!.Stopping);
    }

    [Theory]
    [InlineData("sometimes", "design.stopping: 'sometimes' must be fixed or a mapping")]
    [InlineData("{max_process_runs: 20}", "design.stopping.ci_half_width: missing key")]
    [InlineData("{ci_half_width: 0.05}", "design.stopping.max_process_runs: missing key")]
    [InlineData("{ci_half_width: 1.5, max_process_runs: 20}", "design.stopping.ci_half_width: '1.5' must be a number between 0 and 1")]
    [InlineData("{ci_half_width: -0.1, max_process_runs: 20}", "design.stopping.ci_half_width: '-0.1' must be a number between 0 and 1")]
    [InlineData("{ci_half_width: 0.05, max_process_runs: many}", "design.stopping.max_process_runs: 'many' must be a positive whole number")]
    [InlineData("{ci_half_width: 0.05, max_process_runs: 1}", "design.stopping.max_process_runs: 1 is fewer than design.process_runs (2)")]
    [InlineData("{ci_half_width: 0.05, max_process_runs: 20, patience: 3}", "design.stopping: unknown key 'patience'")]
    public void StoppingRuleProblemsNameTheKey(string rule, string expected)
    {
        var ex = Invalid(Valid().Replace("  seed: 7", "  seed: 7\n  stopping: " + rule));
        var error = Assert.Single(ex.Errors);
        Assert.Contains("exp.yaml:19: " + expected, error); // the line of design.stopping
    }
}
