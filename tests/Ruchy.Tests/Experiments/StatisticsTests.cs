using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

public sealed class StatisticsTests
{
    /// <summary>Synthetic process runs: values around <paramref name="center"/> with a deterministic spread of ±5%.</summary>
    private static double[][] Runs(double center, int runs, int iterations, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, runs).Select(_ => Enumerable.Range(0, iterations).Select(_ => center * (0.95 + 0.1 * random.NextDouble())).ToArray()).ToArray();
    }

    [Fact]
    public void HalvedTimesAreDetectedAsATwofoldSpeedup()
    {
        var c = Statistics.Compare("w", "a", "b", "wall_time", Runs(100, 5, 10, 1), Runs(50, 5, 10, 2), expectedSpeedup: 1.5, seed: 3);
        Assert.InRange(c.Ratio, 0.45, 0.55);
        Assert.True(c.CiLow <= c.Ratio && c.Ratio <= c.CiHigh);
        Assert.True(c.CiHigh < 1);
        Assert.True(c.PValue < 0.001);
        Assert.Equal(Verdict.Faster, c.Verdict);
        Assert.Equal(HypothesisVerdict.Supported, c.Hypothesis);
        Assert.InRange(c.Shift, -55, -45);
    }

    [Fact]
    public void SlowerTreatmentIsDetectedAndRefutesASpeedupHypothesis()
    {
        var c = Statistics.Compare("w", "a", "b", "wall_time", Runs(100, 4, 8, 1), Runs(130, 4, 8, 2), expectedSpeedup: 2, seed: 3);
        Assert.Equal(Verdict.Slower, c.Verdict);
        Assert.Equal(HypothesisVerdict.Refuted, c.Hypothesis);
    }

    [Fact]
    public void IdenticalSamplesShowNoDifference()
    {
        var runs = Runs(100, 4, 8, 5);
        var c = Statistics.Compare("w", "a", "b", "wall_time", runs, runs, expectedSpeedup: 2, seed: 3);
        Assert.Equal(1.0, c.Ratio, 3);
        Assert.True(c.CiLow < 1 && c.CiHigh > 1 || c.CiLow == 1 && c.CiHigh == 1);
        Assert.True(c.PValue > 0.5);
        Assert.Equal(Verdict.NoDetectableDifference, c.Verdict);
        Assert.Equal(HypothesisVerdict.Refuted, c.Hypothesis);
    }

    [Fact]
    public void SameDistributionShowsNoDifference()
    {
        var c = Statistics.Compare("w", "a", "b", "wall_time", Runs(100, 4, 8, 11), Runs(100, 4, 8, 12), expectedSpeedup: null, seed: 3);
        Assert.Equal(Verdict.NoDetectableDifference, c.Verdict);
        Assert.Equal(HypothesisVerdict.NotApplicable, c.Hypothesis);
    }

    [Fact]
    public void HypothesisIsInconclusiveWhenTheIntervalStraddlesTheTarget()
    {
        Assert.Equal(HypothesisVerdict.Inconclusive, Statistics.Judge(2, 0.4, 0.6));
        Assert.Equal(HypothesisVerdict.Supported, Statistics.Judge(2, 0.3, 0.5));
        Assert.Equal(HypothesisVerdict.Refuted, Statistics.Judge(2, 0.51, 0.9));
    }

    private static Comparison WithP(string workload, double p, double low = 0.5, double high = 0.9) =>
        new(workload, "a", "b", "wall_time", 10, 10, 100, 70, -30, 0.7, low, high, 0.95, p, Verdict.Faster, HypothesisVerdict.NotApplicable);

    [Fact]
    public void HolmAdjustsStepDownAndKeepsOrder()
    {
        // Sorted p: 0.01 (×3), 0.02 (×2), 0.04 (×1); monotone: 0.03, 0.04, 0.04.
        var adjusted = Statistics.AdjustForMultipleComparisons([WithP("x", 0.04), WithP("y", 0.01), WithP("z", 0.02)]);
        Assert.Equal(["x", "y", "z"], adjusted.Select(c => c.Workload));
        Assert.Equal(0.04, adjusted[0].AdjustedPValue, 12);
        Assert.Equal(0.03, adjusted[1].AdjustedPValue, 12);
        Assert.Equal(0.04, adjusted[2].AdjustedPValue, 12);
        Assert.All(adjusted, c => Assert.Equal(Verdict.Faster, c.Verdict));
    }

    [Fact]
    public void HolmRemovesADifferenceThatOnlyPassedUncorrected()
    {
        // 0.03 alone is significant; as the smaller of two with the other at 0.5 it becomes 0.06.
        var adjusted = Statistics.AdjustForMultipleComparisons([WithP("x", 0.03), WithP("y", 0.5)]);
        Assert.Equal(0.06, adjusted[0].AdjustedPValue, 12);
        Assert.Equal(Verdict.NoDetectableDifference, adjusted[0].Verdict);
        Assert.Equal(0.5, adjusted[1].AdjustedPValue, 12);
        Assert.Equal(0.03, adjusted[0].PValue);
    }

    [Fact]
    public void GeometricMeanCombinesRatiosWithAnIntervalAroundIt()
    {
        var fast = Statistics.Compare("w1", "a", "b", "wall_time", Runs(100, 4, 8, 1), Runs(25, 4, 8, 2), null, seed: 5);
        var slow = Statistics.Compare("w2", "a", "b", "wall_time", Runs(100, 4, 8, 3), Runs(100, 4, 8, 4), null, seed: 6);
        var g = Statistics.GeometricMean([fast, slow])!;
        Assert.Equal(Math.Sqrt(fast.Ratio * slow.Ratio), g.Ratio, 12);
        Assert.InRange(g.Ratio, 0.45, 0.55);
        Assert.True(g.CiLow < g.Ratio && g.Ratio < g.CiHigh, $"{g.CiLow} < {g.Ratio} < {g.CiHigh}");
        Assert.True(g.CiHigh < 1);
        Assert.Equal(2, g.Count);
        Assert.Null(Statistics.GeometricMean([]));
    }

    [Fact]
    public void UnderflowedPValuesAreShownAsABoundNotZero()
    {
        Assert.Equal("<1E-15", (WithP("x", 0) with { AdjustedPValue = 0 }).AdjustedPText);
        Assert.Equal("0.0123", (WithP("x", 0.0123) with { AdjustedPValue = 0.0123 }).AdjustedPText);
    }

    [Fact]
    public void CliffsDeltaOnKnownInputs()
    {
        Assert.Equal(-1.0, Statistics.CliffsDelta([1, 2, 3], [4, 5, 6]));
        Assert.Equal(1.0, Statistics.CliffsDelta([7, 8], [1, 2, 3]));
        Assert.Equal(0.0, Statistics.CliffsDelta([1, 2, 3], [1, 2, 3]));
        // 3 vs {1, 2, 4}: +2 −1; 4: +2 (a tie counts neither way); 5: +3 → (7 − 1) / 9.
        Assert.Equal(6.0 / 9, Statistics.CliffsDelta([3, 4, 5], [1, 2, 4]), 12);
        Assert.True(double.IsNaN(Statistics.CliffsDelta([], [1])));
    }

    [Fact]
    public void CliffsDeltaMatchesThePairwiseDefinitionWithTies()
    {
        var random = new Random(17);
        var x = Enumerable.Range(0, 57).Select(_ => (double)random.Next(20)).ToArray();
        var y = Enumerable.Range(0, 43).Select(_ => (double)random.Next(25)).ToArray();
        long dominance = 0;
        foreach (var a in x)
            foreach (var b in y) dominance += Math.Sign(a - b);
        Assert.Equal((double)dominance / (x.Length * y.Length), Statistics.CliffsDelta(x, y), 12);
    }

    [Theory]
    [InlineData(0.0, EffectMagnitude.Negligible)]
    [InlineData(-0.146, EffectMagnitude.Negligible)]
    [InlineData(0.147, EffectMagnitude.Small)]
    [InlineData(-0.329, EffectMagnitude.Small)]
    [InlineData(0.33, EffectMagnitude.Medium)]
    [InlineData(0.473, EffectMagnitude.Medium)]
    [InlineData(-0.474, EffectMagnitude.Large)]
    [InlineData(1.0, EffectMagnitude.Large)]
    public void MagnitudeFollowsRomanoThresholds(double delta, EffectMagnitude expected) =>
        Assert.Equal(expected, Statistics.Magnitude(delta));

    [Fact]
    public void ComparisonCarriesCliffsDeltaOfItsPooledIterations()
    {
        var c = Statistics.Compare("w", "a", "b", "wall_time", Runs(100, 4, 8, 1), Runs(50, 4, 8, 2), expectedSpeedup: null, seed: 3);
        Assert.Equal(-1.0, c.CliffsDelta);
        var same = Runs(100, 4, 8, 5);
        Assert.Equal(0.0, Statistics.Compare("w", "a", "b", "wall_time", same, same, null, 3).CliffsDelta);
    }

    [Fact]
    public void OverallVerdictNeedsEveryComparison()
    {
        var supported = Statistics.Compare("w", "a", "b", "wall_time", Runs(100, 5, 10, 1), Runs(50, 5, 10, 2), expectedSpeedup: 1.5, seed: 3);
        var refuted = Statistics.Compare("v", "a", "b", "wall_time", Runs(100, 4, 8, 1), Runs(130, 4, 8, 2), expectedSpeedup: 2, seed: 3);
        Assert.Equal(HypothesisVerdict.Supported, Statistics.OverallVerdict([supported, supported]));
        Assert.Equal(HypothesisVerdict.Refuted, Statistics.OverallVerdict([refuted]));
        Assert.Equal(HypothesisVerdict.Inconclusive, Statistics.OverallVerdict([supported, refuted]));
        Assert.Equal(HypothesisVerdict.NotApplicable, Statistics.OverallVerdict([]));
    }
}
