using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

public sealed class CalibrationTests
{
    /// <summary>Process runs from one distribution: a per-process offset (spread ±<paramref name="processSpread"/>) times iteration noise (±2%).</summary>
    private static double[][] SameConfiguration(int runs, int iterations, double processSpread, int seed)
    {
        var random = new Random(seed);
        var result = new double[runs][];
        for (int r = 0; r < runs; r++)
        {
            double offset = 1 + processSpread * (2 * random.NextDouble() - 1);
            result[r] = new double[iterations];
            for (int i = 0; i < iterations; i++) result[r][i] = 100 * offset * (0.98 + 0.04 * random.NextDouble());
        }
        return result;
    }

    [Fact]
    public void IndependentNoiseKeepsTheFalsePositiveRateNearAlpha()
    {
        var result = Calibration.Analyze("w", "engine=ast", SameConfiguration(12, 8, 0, 1), splits: 100, seed: 2);
        Assert.Equal(100, result.Splits);
        Assert.InRange(result.Rate, 0, 0.12);
        Assert.True(result.RateInterval.Low <= result.Rate && result.Rate <= result.RateInterval.High);
    }

    [Fact]
    public void BetweenProcessVarianceFoolsThePooledPValueButNotTheHierarchicalInterval()
    {
        // Each process settles at its own level: iterations within a process are not independent
        // evidence, so a p-value over pooled iterations calls many A/A splits different.
        var result = Calibration.Analyze("w", "engine=ast", SameConfiguration(12, 10, 0.2, 3), splits: 100, seed: 4);
        Assert.True(result.PValueOnlyRate > 0.3, $"p-only rate {result.PValueOnlyRate}");
        Assert.True(result.Rate < result.PValueOnlyRate / 2, $"rate {result.Rate} vs p-only {result.PValueOnlyRate}");
    }

    [Fact]
    public void TooFewProcessRunsIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Calibration.Analyze("w", "a", SameConfiguration(3, 5, 0, 1), 10, 1));
        Assert.Contains("at least 4 process runs", e.Message);
    }
}
