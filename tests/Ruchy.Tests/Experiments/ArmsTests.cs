using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;

namespace Ruchy.Tests.Experiments;

/// <summary>Named arms (<c>arms:</c> with <c>baseline:</c>) instead of factors: parsing, positioned errors, the plan, a real run and its report.</summary>
public sealed class ArmsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-arms-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // Line numbers matter: the error tests below name them (arms starts on line 6, its third item on line 11).
    internal static string Valid(string arms = """
          - name: direct
            switches: [ir=off]
          - name: O2
            switches: [ir=on, opt=O2]
          - name: O2-no-gvn
            switches: [ir=on, opt=o2, pass.gvn=off]
        """, string baseline = "direct", string extra = "") => $"""
        id: tinyarms
        title: Tiny arms experiment
        hypothesis:
          text: the IR makes the register VM faster
          expected_speedup: 1.1
        arms:
        {arms}
        baseline: {baseline}
        switches: [engine=register]
        workloads:
          - path: {ExperimentFileTests.Fibonacci}
            size: quick
        metrics: [wall_time]
        design:
          process_runs: 2
          iterations: 3
          warmup_iterations: 1
          seed: 7
        {extra}
        """;

    private string Write(string text, string name = "exp.yaml")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private ExperimentFileException Invalid(string text) => Assert.Throws<ExperimentFileException>(() => ExperimentFile.Load(Write(text)));

    [Fact]
    public void ArmsLoadAsConfigurationsBaselineFirstWithCanonicalSwitches()
    {
        var e = ExperimentFile.Load(Write(Valid(baseline: "O2")));
        Assert.Null(e.Factors);
        Assert.Equal(["O2", "direct", "O2-no-gvn"], e.Configurations.Select(c => c.Label));
        Assert.Equal([true, false, false], e.Configurations.Select(c => c.IsBaseline));
        // The arm's own switches only (engine=register is held fixed), spelled as the registry does.
        Assert.Equal(["ir=on", "opt=O2", "pass.gvn=off"], e.Configurations[2].Switches);
    }

    [Fact]
    public void PlanRunsEveryArmOnEveryWorkloadInEveryProcessRun()
    {
        var e = ExperimentFile.Load(Write(Valid()));
        var order = new ExperimentRunner(e, new RunnerOptions()).Order();
        Assert.Equal(1 * 3 * 2, order.Count);
        foreach (var block in order.GroupBy(r => r.ProcessRun))
            Assert.Equal([0, 1, 2], block.Select(r => r.Configuration).Order());
    }

    [Fact]
    public void RepositoryArmsExperimentIsValidAndHasALeaveOneOutArmPerO2Pass()
    {
        var e = ExperimentFile.Load(Path.Combine(Ruchy.Tests.TestSupport.RepoPaths.Root, "experiments", "opt-unified-001-passes.yaml"));
        var labels = e.Configurations.Select(c => c.Label).ToList();
        Assert.Equal("direct", labels[0]);
        Assert.Subset(labels.ToHashSet(), new HashSet<string> { "O0", "O1", "O2", "O3" });
        // Every pass of the O2 preset has its leave-one-out arm (a pass added to O2 later needs one too).
        foreach (var pass in Ruchy.Ir.PassPipeline.Preset("O2"))
            Assert.Contains(e.Configurations, c => c.Label == $"O2-no-{pass}" && c.Switches.Contains($"{Ruchy.Switches.SwitchRegistry.PassPrefix}{pass}=off") && c.Switches.Contains("opt=O2"));
    }

    [Theory]
    [InlineData("[ir=on, turbo=on]", "exp.yaml:12: arms[2].switches[1]: unknown switch 'turbo'")]
    [InlineData("[ir=on, opt=O7]", "exp.yaml:12: arms[2].switches[1]: switch 'opt' takes O0|O1|O2|O3, not 'O7'")]
    [InlineData("[opt=O1]", "exp.yaml:12: arms[2].switches[0]: 'opt' acts only with ir=on, which this arm leaves at its default off; add ir=on")]
    [InlineData("[ir=off, pass.gvn=off]", "exp.yaml:12: arms[2].switches[1]: 'pass.gvn' acts only with ir=on, which this arm sets to off")]
    [InlineData("[ir=on, engine=stack]", "exp.yaml:12: arms[2].switches[1]: 'engine' is also held fixed in switches")]
    [InlineData("[ir=on, ir=on]", "exp.yaml:12: arms[2].switches[1]: 'ir' is set twice in this arm")]
    [InlineData("[ir=on]", "exp.yaml:12: arms[2].switches: sets the same switches as arms[1] ('O2')")]
    [InlineData("ir=on", "exp.yaml:12:")]
    public void BadArmSwitchIsNamedWithItsLine(string switches, string expected)
    {
        var ex = Invalid(Valid(arms: $"""
              - name: direct
                switches: [ir=off]
              - name: O2
                switches: [ir=on, opt=O2]
              - name: odd
                switches: {switches}
            """));
        var error = Assert.Single(ex.Errors);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void DuplicateNameMissingSwitchesAndUnknownBaselineAreAllReported()
    {
        var ex = Invalid(Valid(arms: """
              - name: direct
                switches: [ir=off]
              - name: Direct
                switches: [ir=on]
              - name: bad name
            """, baseline: "O9"));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml:9: arms[1].name: 'Direct' is already the name of arms[0]"));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml:11: arms[2].name: 'bad name' must start with a letter or digit"));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml:11: arms[2].switches: missing key"));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml:12: baseline: 'O9' is not the name of an arm (direct, Direct, bad name)"));
        Assert.Equal(4, ex.Errors.Count);
    }

    [Fact]
    public void ExactlyOneOfFactorsAndArms()
    {
        var both = Invalid(Valid(extra: "factors:\n  range_loops:\n    levels: [off, on]\n    baseline: off\n"));
        Assert.Contains(both.Errors, e => e.Contains("exp.yaml:6: arms: give either factors or arms, not both"));
        var neither = Invalid(ExperimentFileTests.Valid().Replace("factors:\n  engine:\n    levels: [ast, register]\n    baseline: ast\n", ""));
        Assert.Contains(neither.Errors, e => e.Contains("exp.yaml: factors: missing key (factors: switches with their levels, or arms: named configurations)"));
        var stray = Invalid(ExperimentFileTests.Valid() + "\nbaseline: ast\n");
        Assert.Contains(stray.Errors, e => e.Contains("baseline: belongs to arms"));
        var missing = Invalid(Valid().Replace("baseline: direct\n", ""));
        Assert.Contains(missing.Errors, e => e.Contains("exp.yaml: baseline: missing key (the name of the arm the others are compared with)"));
    }

    [Fact]
    public void FixedSwitchNeedingAnotherNeedsAnArmThatSetsIt()
    {
        var ex = Invalid(Valid(arms: """
              - name: direct
                switches: [ir=off]
              - name: stack
                switches: [engine=stack]
            """).Replace("switches: [engine=register]", "switches: [opt=O3]"));
        Assert.Contains(ex.Errors, e => e.Contains("exp.yaml:12: switches[0]: 'opt' acts only with ir=on, which no arm sets"));
        // A factor acting under another needs that one held at the value it requires.
        var factor = Invalid(ExperimentFileTests.Valid().Replace("  engine:\n    levels: [ast, register]\n    baseline: ast", "  opt:\n    levels: [O1, O2]\n    baseline: O1"));
        Assert.Contains(factor.Errors, e => e.Contains("exp.yaml:7: factors.opt: 'opt' acts only with ir=on; add ir=on to switches"));
    }

    /// <summary>Two arms through real <c>ruchy measure</c> processes: the store keeps arm names, the report names them with their switches, resume finds nothing to do.</summary>
    [Fact]
    public void TinyArmsRunIsStoredReportedAndResumable()
    {
        var path = Write(Valid(arms: """
              - name: direct
                switches: [ir=off]
              - name: ir-O1
                switches: [ir=on, opt=O1]
            """), "arms.yaml");
        var experiment = ExperimentFile.Load(path);
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var progress = new StringWriter();
        var result = new ExperimentRunner(experiment, new RunnerOptions { Quick = true, Store = store, Progress = progress }).Run();

        Assert.Null(result.Failure);
        Assert.Equal(4, result.Runs.Count);
        Assert.Equal(["direct", "direct", "ir-O1", "ir-O1"], store.GetRuns(result.Experiment.Key).Select(r => r.Configuration).Order(StringComparer.Ordinal));
        // The measured process got the arm's switches (and the fixed one).
        Assert.Contains(result.Runs, r => r.Configuration == "ir-O1" && r.Environment.Contains("ir=on") && r.Environment.Contains("opt=O1") && r.Environment.Contains("\"engine\":\"register\""));
        var comparison = Assert.Single(result.Comparisons);
        Assert.Equal(("direct", "ir-O1"), (comparison.Baseline, comparison.Treatment));
        Assert.Contains("micro/fibonacci ir-O1 run", progress.ToString());

        var report = A3Report.Write(store, result.Experiment.Key, Path.Combine(dir, "report"));
        string md = File.ReadAllText(report.Markdown);
        Assert.Contains("`direct` (baseline)", md);
        Assert.Contains("| `ir-O1` | `ir=on` `opt=O1` |", md);
        Assert.Contains("| micro/fibonacci | ir-O1 |", md);
        Assert.True(new FileInfo(report.SpeedupPlot).Length > 0);
        Assert.Equal("direct", A3Report.BaselineConfiguration(result.Experiment));

        var resumed = new StringWriter();
        var again = new ExperimentRunner(experiment, new RunnerOptions { Quick = true, Store = store, Progress = resumed })
            .Resume(result.Experiment, store.GetRuns(result.Experiment.Key));
        Assert.Equal(4, again.Runs.Count);
        Assert.DoesNotContain("[1/4]", resumed.ToString());
    }

    [Fact]
    public void BlindArmsRunShowsLabelsUntilUnblinded()
    {
        var path = Write(Valid(arms: """
              - name: direct
                switches: [ir=off]
              - name: viaIR
                switches: [ir=on]
            """, extra: "blind: true"), "blind.yaml");
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var result = new ExperimentRunner(ExperimentFile.Load(path), new RunnerOptions { Quick = true, Store = store }).Run();
        Assert.Null(result.Failure);
        string key = result.Experiment.Key;
        string md = File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "blind")).Markdown);
        Assert.DoesNotContain("viaIR", md);
        Assert.Contains("2 named arms", md);
        Blinding.Decide(store, key, "inconclusive", "alice", null, DateTime.UtcNow);
        Blinding.Unblind(store, key, DateTime.UtcNow);
        string after = File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "after")).Markdown);
        Assert.Contains("| `viaIR` | `ir=on` |", after);
    }
}
