using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Ruchy.Experiments.Harness;

public enum Verdict { Faster, Slower, NoDetectableDifference }

public enum HypothesisVerdict { NotApplicable, Supported, Refuted, Inconclusive }

/// <summary>
/// Treatment vs baseline on one workload and metric. <see cref="Ratio"/> is the Hodges–Lehmann ratio
/// estimate (median of pairwise treatment/baseline ratios), below 1 when the treatment is smaller/faster.
/// </summary>
public sealed record Comparison(
    string Workload, string Baseline, string Treatment, string Metric,
    int BaselineCount, int TreatmentCount,
    double BaselineMedian, double TreatmentMedian,
    double Shift, double Ratio, double CiLow, double CiHigh, double Confidence,
    double PValue, Verdict Verdict, HypothesisVerdict Hypothesis)
{
    /// <summary>Baseline / treatment: 2.0 means the treatment takes half the time.</summary>
    public double Speedup => 1 / Ratio;

    /// <summary>The p-value after the family-wise correction (Holm) over all comparisons of a run; equal to <see cref="PValue"/> for a lone comparison.</summary>
    public double AdjustedPValue { get; init; } = PValue;

    /// <summary>The adjusted p-value for tables: the normal approximation underflows to 0 for large samples, which is not a probability anyone measured.</summary>
    public string AdjustedPText => AdjustedPValue < 1e-15 ? "<1E-15" : AdjustedPValue.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bootstrap ratio estimates in draw order (kept for the interval on the geometric mean).</summary>
    public double[] BootstrapRatios { get; init; } = [];

    /// <summary>Cliff's delta of treatment against baseline on the pooled iterations: P(T &gt; B) − P(T &lt; B), from −1 (every treatment value smaller) to 1.</summary>
    public double CliffsDelta { get; init; } = double.NaN;

    /// <summary>Relative half-width of the ratio's interval: (high − low) / 2 / ratio (0.05 is ±5%).</summary>
    public double RelativeHalfWidth => (CiHigh - CiLow) / 2 / Ratio;
}

/// <summary>Romano et al. (2006) magnitude classes of |Cliff's delta|.</summary>
public enum EffectMagnitude { Negligible, Small, Medium, Large }

/// <summary>The geometric mean of the ratios of several comparisons with a bootstrap interval (workloads fixed, samples resampled).</summary>
public sealed record GeometricMeanRatio(int Count, double Ratio, double CiLow, double CiHigh, double Confidence)
{
    public double Speedup => 1 / Ratio;
}

/// <summary>
/// The statistics glue: estimators from Pragmastat (Hodges–Lehmann shift and ratio, median), the
/// Mann–Whitney test from Perfolizer; only the bootstrap that turns the ratio into an interval is ours
/// (Pragmastat 3.2.4 has no bounds for it).
/// </summary>
public static class Statistics
{
    public const double DefaultAlpha = 0.05;
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// Compares two arms given as one array of (post-warmup) iteration values per process run. The
    /// interval comes from a hierarchical bootstrap (resample process runs, then iterations inside
    /// each), so that between-process variance widens it; the p-value treats pooled iterations as
    /// independent, which is optimistic, so the verdict also requires the interval to exclude 1.
    /// </summary>
    public static Comparison Compare(
        string workload, string baseline, string treatment, string metric,
        IReadOnlyList<double[]> baselineRuns, IReadOnlyList<double[]> treatmentRuns,
        double? expectedSpeedup, int seed,
        double alpha = DefaultAlpha, double confidence = DefaultConfidence, int resamples = 1000)
    {
        var x = Pool(treatmentRuns);
        var y = Pool(baselineRuns);
        if (x.Length < 2 || y.Length < 2) throw new ArgumentException($"{workload}: need at least two samples per arm (have {y.Length} baseline, {x.Length} treatment)");
        var treatmentSample = new Sample(x);
        var baselineSample = new Sample(y);
        double ratio = Toolkit.Ratio(treatmentSample, baselineSample);
        double shift = Toolkit.Shift(treatmentSample, baselineSample);

        var random = new Random(seed);
        var draws = new double[resamples];
        for (int b = 0; b < resamples; b++)
            draws[b] = Toolkit.Ratio(new Sample(Resample(treatmentRuns, random)), new Sample(Resample(baselineRuns, random)));
        var estimates = (double[])draws.Clone();
        Array.Sort(estimates);
        double tail = (1 - confidence) / 2;
        double low = Quantile(estimates, tail), high = Quantile(estimates, 1 - tail);

        double p = MannWhitneyTest.Instance.Perform(treatmentSample, baselineSample, AlternativeHypothesis.TwoSides, Threshold.Zero).PValue;
        return new Comparison(workload, baseline, treatment, metric, y.Length, x.Length,
            Median(y), Median(x), shift, ratio, low, high, confidence, p, Decide(p, low, high, alpha), Judge(expectedSpeedup, low, high))
        { BootstrapRatios = draws, CliffsDelta = CliffsDelta(x, y) };
    }

    /// <summary>
    /// Cliff's delta, (#(t &gt; b) − #(t &lt; b)) / (n·m) over all pairs: the effect size that goes with the
    /// Mann–Whitney test (neither Perfolizer 0.6.1 nor Pragmastat 3.2.4 has it; Pragmastat's Disparity is
    /// scaled by spread and has no agreed magnitude classes). O((n + m) log m) by binary search in the sorted baseline.
    /// </summary>
    public static double CliffsDelta(IReadOnlyList<double> treatment, IReadOnlyList<double> baseline)
    {
        if (treatment.Count == 0 || baseline.Count == 0) return double.NaN;
        var sorted = new double[baseline.Count];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = baseline[i];
        Array.Sort(sorted);
        long dominance = 0;
        for (int i = 0; i < treatment.Count; i++)
        {
            double t = treatment[i];
            long below = LowerBound(sorted, t);                // baseline values < t
            long above = sorted.Length - UpperBound(sorted, t); // baseline values > t
            dominance += below - above;
        }
        return (double)dominance / ((long)treatment.Count * baseline.Count);
    }

    /// <summary>Romano et al. (2006): |δ| &lt; 0.147 negligible, &lt; 0.33 small, &lt; 0.474 medium, else large.</summary>
    public static EffectMagnitude Magnitude(double cliffsDelta)
    {
        double d = Math.Abs(cliffsDelta);
        return d < 0.147 ? EffectMagnitude.Negligible : d < 0.33 ? EffectMagnitude.Small : d < 0.474 ? EffectMagnitude.Medium : EffectMagnitude.Large;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// The hypothesis over all comparisons, as one word: supported when every comparison supports it,
    /// refuted when every one refutes it, inconclusive otherwise (mixed included); not applicable without
    /// a predicted effect or comparisons.
    /// </summary>
    public static HypothesisVerdict OverallVerdict(IReadOnlyList<Comparison> comparisons)
    {
        if (comparisons.Count == 0) return HypothesisVerdict.NotApplicable;
        int supported = 0, refuted = 0;
        foreach (var c in comparisons)
        {
            if (c.Hypothesis == HypothesisVerdict.NotApplicable) return HypothesisVerdict.NotApplicable;
            if (c.Hypothesis == HypothesisVerdict.Supported) supported++;
            else if (c.Hypothesis == HypothesisVerdict.Refuted) refuted++;
        }
        return supported == comparisons.Count ? HypothesisVerdict.Supported
            : refuted == comparisons.Count ? HypothesisVerdict.Refuted
            : HypothesisVerdict.Inconclusive;
    }

    private static Verdict Decide(double p, double low, double high, double alpha) =>
        p < alpha && high < 1 ? Verdict.Faster
        : p < alpha && low > 1 ? Verdict.Slower
        : Verdict.NoDetectableDifference;

    /// <summary>
    /// Holm's step-down correction over the comparisons of one run: testing many workloads at alpha each
    /// would find a difference somewhere by chance. Verdicts are recomputed from the adjusted p-values;
    /// the intervals stay per-comparison.
    /// </summary>
    public static IReadOnlyList<Comparison> AdjustForMultipleComparisons(IReadOnlyList<Comparison> comparisons, double alpha = DefaultAlpha)
    {
        int m = comparisons.Count;
        var order = new int[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Array.Sort(order, (a, b) => comparisons[a].PValue.CompareTo(comparisons[b].PValue) is var c && c != 0 ? c : a.CompareTo(b));
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * comparisons[i].PValue));
            adjusted[i] = running;
        }
        var result = new Comparison[m];
        for (int i = 0; i < m; i++)
        {
            var c = comparisons[i];
            result[i] = c with { AdjustedPValue = adjusted[i], Verdict = Decide(adjusted[i], c.CiLow, c.CiHigh, alpha) };
        }
        return result;
    }

    /// <summary>
    /// The geometric mean ratio over comparisons, with a percentile interval from the b-th bootstrap
    /// draw of every comparison combined (the draws are independent across workloads). Null when there
    /// is nothing to combine.
    /// </summary>
    public static GeometricMeanRatio? GeometricMean(IReadOnlyList<Comparison> comparisons, double confidence = DefaultConfidence)
    {
        if (comparisons.Count == 0) return null;
        double logSum = 0;
        int draws = int.MaxValue;
        foreach (var c in comparisons)
        {
            logSum += Math.Log(c.Ratio);
            draws = Math.Min(draws, c.BootstrapRatios.Length);
        }
        double ratio = Math.Exp(logSum / comparisons.Count);
        if (draws == 0) return new GeometricMeanRatio(comparisons.Count, ratio, double.NaN, double.NaN, confidence);
        var combined = new double[draws];
        for (int b = 0; b < draws; b++)
        {
            double sum = 0;
            foreach (var c in comparisons) sum += Math.Log(c.BootstrapRatios[b]);
            combined[b] = Math.Exp(sum / comparisons.Count);
        }
        Array.Sort(combined);
        double tail = (1 - confidence) / 2;
        return new GeometricMeanRatio(comparisons.Count, ratio, Quantile(combined, tail), Quantile(combined, 1 - tail), confidence);
    }

    /// <summary>
    /// The hypothesis predicts ratio ≤ 1/speedup (a speedup ≥ 1) or ratio ≥ 1/speedup (a predicted slowdown):
    /// supported when the whole interval is on the predicted side, refuted when it is wholly on the other.
    /// </summary>
    public static HypothesisVerdict Judge(double? expectedSpeedup, double low, double high)
    {
        if (expectedSpeedup is not double s) return HypothesisVerdict.NotApplicable;
        double target = 1 / s;
        if (s >= 1) return high <= target ? HypothesisVerdict.Supported : low > target ? HypothesisVerdict.Refuted : HypothesisVerdict.Inconclusive;
        return low >= target ? HypothesisVerdict.Supported : high < target ? HypothesisVerdict.Refuted : HypothesisVerdict.Inconclusive;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double[] Pool(IReadOnlyList<double[]> runs) => runs.SelectMany(r => r).ToArray();

    private static double[] Resample(IReadOnlyList<double[]> runs, Random random)
    {
        var result = new List<double>();
        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[random.Next(runs.Count)];
            for (int j = 0; j < run.Length; j++) result.Add(run[random.Next(run.Length)]);
        }
        return result.ToArray();
    }

    /// <summary>Type-7 quantile of sorted values (linear interpolation).</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
