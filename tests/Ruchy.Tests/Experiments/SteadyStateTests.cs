using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

/// <summary>Barrett-style warmup classification of synthetic iteration time series (seeded noise).</summary>
public sealed class SteadyStateTests
{
    /// <summary>A series of <paramref name="levels"/> (ns) with up to ±1% uniform noise.</summary>
    private static double[] Series(int seed, params double[] levels)
    {
        var random = new Random(seed);
        return levels.Select(x => x * (1 + 0.02 * (random.NextDouble() - 0.5))).ToArray();
    }

    private static double[] Repeat(double value, int count) => Enumerable.Repeat(value, count).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ConstantSeriesWithSmallNoiseIsFlat(int seed)
    {
        var r = SteadyState.Classify(Series(seed, Repeat(1e6, 30)));
        Assert.Equal(SteadyStateClass.Flat, r.Class);
        Assert.Equal(0, r.SteadyStart);
        Assert.InRange(r.SteadyMean!.Value, 0.99e6, 1.01e6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SlowThenFastIsWarmupWithTheSteadyStateAfterTheSlowIterations(int seed)
    {
        var r = SteadyState.Classify(Series(seed, [.. Repeat(3e6, 5), .. Repeat(1e6, 25)]));
        Assert.Equal(SteadyStateClass.Warmup, r.Class);
        Assert.InRange(r.SteadyStart!.Value, 4, 6);
        Assert.Contains(5, r.ChangePoints);
        Assert.InRange(r.SteadyMean!.Value, 0.99e6, 1.01e6);
    }

    [Fact]
    public void TwoWarmupPhasesStillReachTheFastSteadyState()
    {
        var r = SteadyState.Classify(Series(7, [.. Repeat(5e6, 4), .. Repeat(2e6, 6), .. Repeat(1e6, 30)]));
        Assert.Equal(SteadyStateClass.Warmup, r.Class);
        Assert.Equal(10, r.SteadyStart);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FastThenSlowIsSlowdown(int seed)
    {
        var r = SteadyState.Classify(Series(seed, [.. Repeat(1e6, 10), .. Repeat(2e6, 20)]));
        Assert.Equal(SteadyStateClass.Slowdown, r.Class);
        Assert.InRange(r.SteadyStart!.Value, 9, 11);
        Assert.InRange(r.SteadyMean!.Value, 1.98e6, 2.02e6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SteadyRampNeverSettles(int seed)
    {
        var r = SteadyState.Classify(Series(seed, Enumerable.Range(0, 30).Select(i => 1e6 * (1 + 0.1 * i)).ToArray()));
        Assert.Equal(SteadyStateClass.NoSteadyState, r.Class);
        Assert.Null(r.SteadyStart);
        Assert.Null(r.SteadyMean);
        Assert.NotEmpty(r.ChangePoints);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ShiftInTheLastIterationsIsNoSteadyState(int seed)
    {
        var r = SteadyState.Classify(Series(seed, [.. Repeat(1e6, 26), .. Repeat(3e6, 4)]));
        Assert.Equal(SteadyStateClass.NoSteadyState, r.Class);
        Assert.Null(r.SteadyStart);
    }

    [Fact]
    public void FiveIterationsAreTooShort()
    {
        var r = SteadyState.Classify(Series(1, [3e6, 1e6, 1e6, 1e6, 1e6]));
        Assert.Equal(SteadyStateClass.TooShort, r.Class);
        Assert.Empty(r.ChangePoints);
        Assert.Null(r.SteadyStart);
    }

    [Fact]
    public void SummaryIsConsistentOnlyWhenClassifiedRunsAgree()
    {
        Assert.Equal("consistent warmup", SteadyState.Summary([SteadyStateClass.Warmup, SteadyStateClass.Warmup, SteadyStateClass.TooShort]));
        Assert.Equal("inconsistent", SteadyState.Summary([SteadyStateClass.Warmup, SteadyStateClass.Flat]));
        Assert.Null(SteadyState.Summary([SteadyStateClass.TooShort]));
        Assert.Equal("no steady state", SteadyState.Name(SteadyStateClass.NoSteadyState));
    }
}
