using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;

namespace Ruchy.Tests.Experiments;

/// <summary><c>design.stopping: {ci_half_width, max_process_runs}</c>: rounds are added while an interval is too wide, and a resume replays the same decisions.</summary>
public sealed class AdaptiveStoppingTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-adaptive-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ExperimentFile Load(string rule)
    {
        var yaml = Path.Combine(dir, "adaptive.yaml");
        File.WriteAllText(yaml, ExperimentFileTests.Valid().Replace("  seed: 7", "  seed: 7\n  stopping: " + rule));
        return ExperimentFile.Load(yaml);
    }

    private static Comparison Synthetic(string workload, double low, double high) =>
        new(workload, "a", "b", "wall_time", 10, 10, 1, 1, 0, 1.0, low, high, 0.95, 0.5, Verdict.NoDetectableDifference, HypothesisVerdict.NotApplicable);

    [Fact]
    public void WorkloadsAboveTheTargetAreTheOnesWithAWideInterval()
    {
        // Relative half-widths: w1 ±2%, w2 ±10%, w3 ±5% and ±20% (the widest comparison of a workload counts).
        var comparisons = new[] { Synthetic("w1", 0.98, 1.02), Synthetic("w2", 0.9, 1.1), Synthetic("w3", 0.95, 1.05), Synthetic("w3", 0.8, 1.2) };
        Assert.Equal([1, 2], ExperimentRunner.WorkloadsAboveTarget(comparisons, ["w1", "w2", "w3"], 0.05));
        Assert.Equal([2], ExperimentRunner.WorkloadsAboveTarget(comparisons, ["w1", "w2", "w3"], 0.15));
        Assert.Empty(ExperimentRunner.WorkloadsAboveTarget(comparisons, ["w1", "w2", "w3"], 0.2));
        Assert.Equal(0.2, ExperimentRunner.WidestHalfWidth(comparisons, "w3"), 12);
    }

    [Fact]
    public void RoundIsEveryConfigurationOfThePendingWorkloadsInASeededOrder()
    {
        var round = RunPlan.Round([0, 2], 2, processRun: 5, firstSequence: 12, seed: 7, randomize: true);
        Assert.Equal([12, 13, 14, 15], round.Select(s => s.Sequence));
        Assert.All(round, s => Assert.Equal(5, s.ProcessRun));
        Assert.Equal([(0, 0), (0, 1), (2, 0), (2, 1)], round.Select(s => (s.Workload, s.Configuration)).Order());
        Assert.Equal(round, RunPlan.Round([0, 2], 2, 5, 12, 7, true));
    }

    [Fact]
    public void UnreachableTargetAddsRoundsUpToMaxProcessRunsAndResumeReplaysThem()
    {
        var file = Load("{ci_half_width: 0.000001, max_process_runs: 4}");
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var progress = new StringWriter();
        var result = new ExperimentRunner(file, new RunnerOptions { Quick = true, Store = store, Progress = progress }).Run();

        Assert.Null(result.Failure);
        // 2 planned process runs per configuration, then rounds 3 and 4 (one run per configuration each).
        Assert.Equal(8, result.Runs.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], result.Runs.Select(r => r.Sequence));
        Assert.Equal([0, 0, 1, 1, 2, 2, 3, 3], result.Runs.Select(r => r.ProcessRun).Order());
        Assert.Equal(new StoppingOutcome(result.Stopping!.Rule, true, false, 4, result.Stopping.MaxHalfWidth, 2), result.Stopping);
        Assert.Equal(result.Stopping, store.GetStopping(result.Experiment.Key));
        Assert.Contains("adding round 3", progress.ToString());
        Assert.Contains("adding round 4", progress.ToString());
        Assert.Contains("max_process_runs reached", progress.ToString());
        Assert.Equal(4 * 3, Assert.Single(result.Comparisons).TreatmentCount); // 4 process runs × 3 measured iterations

        string md = File.ReadAllText(A3Report.Write(store, result.Experiment.Key, Path.Combine(dir, "report")).Markdown);
        Assert.Contains("Stopping rule: max_process_runs reached: stopped at 4 process runs per configuration", md);
        Assert.Contains("raise max_process_runs", md);

        // Interrupted in the last added round: resume replays the decisions from the stored runs and measures only run 8.
        string key = result.Experiment.Key;
        Assert.True(store.DeleteRun(key, 7));
        var again = new StringWriter();
        var resumed = new ExperimentRunner(file, new RunnerOptions { Quick = true, Store = store, Progress = again }).Resume(store.GetExperiment(key)!, store.GetRuns(key));
        Assert.Null(resumed.Failure);
        Assert.Equal(result.Runs.Select(r => (r.Sequence, r.Workload, r.Configuration, r.ProcessRun)), resumed.Runs.Select(r => (r.Sequence, r.Workload, r.Configuration, r.ProcessRun)));
        Assert.Equal(result.Runs.Take(7).Select(r => r.Samples.Select(s => s.WallNs).ToArray()), resumed.Runs.Take(7).Select(r => r.Samples.Select(s => s.WallNs).ToArray()));
        Assert.Single(again.ToString().Split('\n'), l => l.StartsWith('['));
        Assert.Contains("[8/8]", again.ToString());
        Assert.Equal((false, 4, 2), (resumed.Stopping!.TargetReached, resumed.Stopping.ProcessRuns, resumed.Stopping.AddedRounds));
    }

    /// <summary>
    /// A stand-in for <c>ruchy measure</c> with known numbers: the baseline (engine=ast) takes 10 ms an iteration,
    /// the treatment 5 ms; the second baseline process run takes <paramref name="secondRunFactor"/> times as long,
    /// every other run is exact. Between-process spread therefore only comes from that one run, so more rounds
    /// narrow the interval deterministically (the data and the bootstrap seeds are fixed).
    /// </summary>
    private IReadOnlyList<string> FakeMeasure(double secondRunFactor)
    {
        string script = Path.Combine(dir, "fake-measure.sh");
        File.WriteAllText(script, $$"""
            n=0; sw=""
            while [ $# -gt 0 ]; do case "$1" in --iterations) n=$2; shift;; --switch) sw=$2; shift;; esac; shift; done
            counter="{{dir}}/count-${sw//=/-}"
            k=$(cat "$counter" 2>/dev/null || echo 0); echo $((k+1)) > "$counter"
            base=10000000; [ "$sw" = "engine=register" ] && base=5000000
            if [ "$sw" = "engine=ast" ] && [ "$k" -eq 1 ]; then base={{(long)(10_000_000 * secondRunFactor)}}; fi
            echo '{"kind":"environment","engine":"fake"}'
            for ((i=0;i<n;i++)); do echo "{\"kind\":\"sample\",\"iteration\":$i,\"wall_ns\":$((base+i*1000)),\"cpu_ns\":1,\"allocated_bytes\":1,\"gen0\":0,\"gen1\":0,\"gen2\":0,\"gc_pause_ns\":0}"; done

            """.Replace("\r\n", "\n"));
        return ["bash", script];
    }

    [Fact]
    public void RoundsAreAddedUntilEveryIntervalReachesTheTarget()
    {
        var file = Load("{ci_half_width: 0.1, max_process_runs: 30}");
        var progress = new StringWriter();
        var result = new ExperimentRunner(file, new RunnerOptions { Progress = progress, Ruchy = FakeMeasure(1.4) }).Run();

        Assert.Null(result.Failure);
        var stopping = result.Stopping!;
        Assert.True(stopping.TargetReached, progress.ToString());
        Assert.True(stopping.AddedRounds >= 1, progress.ToString());
        Assert.True(stopping.ProcessRuns < 30);
        Assert.Equal(2 + stopping.AddedRounds, stopping.ProcessRuns);
        Assert.Equal(2 * stopping.ProcessRuns, result.Runs.Count);
        var comparison = Assert.Single(result.Comparisons);
        Assert.True(comparison.RelativeHalfWidth <= 0.1, $"±{comparison.RelativeHalfWidth:P1}");
        Assert.Equal(stopping.MaxHalfWidth, comparison.RelativeHalfWidth, 12);
        // The rule stopped at the first round that reached the target: one run per arm fewer was still too wide.
        var earlier = result.Runs.Where(r => r.ProcessRun < stopping.ProcessRuns - 1).ToList();
        var before = new ExperimentRunner(file, new RunnerOptions()).Analyze(earlier, file.Workloads!, RunPlan.Configurations(file.Factors!), file.Design!.Seed!.Value);
        Assert.True(Assert.Single(before).RelativeHalfWidth > 0.1);
        Assert.Contains($"adding round {stopping.ProcessRuns}", progress.ToString());
        Assert.Contains("target reached", progress.ToString());
    }

    [Fact]
    public void ReachedTargetAddsNoRound()
    {
        var file = Load("{ci_half_width: 0.05, max_process_runs: 5}");
        var progress = new StringWriter();
        var result = new ExperimentRunner(file, new RunnerOptions { Progress = progress, Ruchy = FakeMeasure(1.0) }).Run();
        Assert.Null(result.Failure);
        Assert.Equal(4, result.Runs.Count);
        Assert.True(result.Stopping!.TargetReached);
        Assert.Equal((2, 0), (result.Stopping.ProcessRuns, result.Stopping.AddedRounds));
        Assert.DoesNotContain("adding round", progress.ToString());
        Assert.Contains("target reached", progress.ToString());
    }
}
