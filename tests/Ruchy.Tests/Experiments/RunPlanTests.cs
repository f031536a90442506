using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

public sealed class RunPlanTests
{
    [Fact]
    public void OrderIsDeterministicPerSeed()
    {
        var a = RunPlan.Order(3, 2, 5, seed: 42, randomize: true);
        var b = RunPlan.Order(3, 2, 5, seed: 42, randomize: true);
        var c = RunPlan.Order(3, 2, 5, seed: 43, randomize: true);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(r => (r.Workload, r.Configuration)), c.Select(r => (r.Workload, r.Configuration)));
    }

    [Fact]
    public void EveryBlockHoldsEachCombinationOnce()
    {
        var order = RunPlan.Order(3, 2, 4, seed: 1, randomize: true);
        Assert.Equal(24, order.Count);
        Assert.Equal(Enumerable.Range(0, 24), order.Select(r => r.Sequence));
        foreach (var block in order.Chunk(6))
        {
            Assert.All(block, r => Assert.Equal(block[0].ProcessRun, r.ProcessRun));
            Assert.Equal(6, block.Select(r => (r.Workload, r.Configuration)).Distinct().Count());
        }
        // Shuffled: not every block is in the canonical order.
        Assert.Contains(order.Chunk(6), block => !block.Select(r => r.Workload * 2 + r.Configuration).SequenceEqual(Enumerable.Range(0, 6)));
    }

    [Fact]
    public void WithoutRandomizationTheOrderIsCanonical()
    {
        var order = RunPlan.Order(2, 2, 2, seed: 9, randomize: false);
        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 1), (0, 0), (0, 1), (1, 0), (1, 1)], order.Select(r => (r.Workload, r.Configuration)));
    }

    [Fact]
    public void ConfigurationsAreTheFactorialDesignBaselineFirst()
    {
        var configs = RunPlan.Configurations(new Dictionary<string, FactorSpec>
        {
            ["engine"] = new() { Levels = ["register", "ast"], Baseline = "ast" },
            ["superinstructions"] = new() { Levels = ["on", "off"], Baseline = "on" },
        });
        Assert.Equal(["engine=ast,superinstructions=on", "engine=ast,superinstructions=off", "engine=register,superinstructions=on", "engine=register,superinstructions=off"],
            configs.Select(c => c.Label));
        Assert.True(Assert.Single(configs, c => c.IsBaseline) == configs[0]);
    }
}
