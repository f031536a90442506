using Perfolizer.Mathematics.Cpd;

namespace Ruchy.Experiments.Harness;

/// <summary>The warmup class of one process run's iteration time series (Barrett et al., OOPSLA 2017).</summary>
public enum SteadyStateClass
{
    /// <summary>Fewer than <see cref="SteadyState.MinIterations"/> iterations: not classified.</summary>
    TooShort,
    /// <summary>No change point separates segments of different means: the whole series is one steady state.</summary>
    Flat,
    /// <summary>A steady state is reached and no earlier segment is faster than it.</summary>
    Warmup,
    /// <summary>A steady state is reached but some earlier segment was faster than it.</summary>
    Slowdown,
    /// <summary>The series still changes near its end: the final segment is too short to be a steady state.</summary>
    NoSteadyState,
}

/// <summary>
/// The classification of one series.
/// <paramref name="ChangePoints"/> are the indices of the first iteration of each new segment found by the
/// change-point detector (before equivalent segments are merged); <paramref name="SteadyStart"/> is the index
/// of the first iteration of the steady state and <paramref name="SteadyMean"/> its mean (in the series' unit),
/// both null when there is no steady state or the series is too short.
/// </summary>
public sealed record SteadyStateResult(SteadyStateClass Class, IReadOnlyList<int> ChangePoints, int? SteadyStart, double? SteadyMean);

/// <summary>
/// Warmup / steady-state classification of a per-process iteration time series, after Barrett, Bolz-Tereick,
/// Killick, Mount and Tratt, "Virtual Machine Warmup Blows Hot and Cold" (OOPSLA 2017):
/// <list type="number">
/// <item>The series is split into segments at the change points found by ED-PELT (Perfolizer's
/// <see cref="EdPeltChangePointDetector"/>, a nonparametric PELT; Barrett used PELT with a mean/variance cost).
/// Segments have at least <see cref="MinSegment"/> iterations so a single outlier (a GC pause, say) is not a segment.</item>
/// <item>An earlier segment is <em>equivalent</em> to the final one when their means differ by at most
/// max(<see cref="RelativeTolerance"/> × the larger mean, the larger of the two segments' standard deviations).
/// Barrett uses max(1 ms, the segment variance interval); iteration times here can be microseconds, so the absolute
/// floor is replaced by a 1% relative one.</item>
/// <item>The steady state is the final segment extended backwards over the contiguous run of segments equivalent to
/// it. It must cover at least max(<see cref="MinSteadyIterations"/>, <see cref="SteadyFraction"/> × n) iterations,
/// otherwise the series has <see cref="SteadyStateClass.NoSteadyState"/>. Barrett requires the steady state to
/// include the last 500 of 2000 iterations (25%); the 5-iteration floor stops a short series from calling its
/// last couple of iterations "steady".</item>
/// <item>Flat: every segment is equivalent to the steady state. Slowdown: some non-equivalent earlier segment is
/// faster than the steady state. Warmup: otherwise (every non-equivalent earlier segment is slower).</item>
/// </list>
/// All iterations are classified, including those the protocol flags as warmup.
/// </summary>
public static class SteadyState
{
    /// <summary>Series shorter than this are <see cref="SteadyStateClass.TooShort"/>: too few points for change-point detection.</summary>
    public const int MinIterations = 10;
    /// <summary>ED-PELT's minimum distance between change points, i.e. the shortest segment.</summary>
    public const int MinSegment = 2;
    /// <summary>Relative difference of means under which two segments are equivalent.</summary>
    public const double RelativeTolerance = 0.01;
    /// <summary>The steady state must cover at least this fraction of the series (Barrett: the last 25%).</summary>
    public const double SteadyFraction = 0.25;
    /// <summary>…and at least this many iterations.</summary>
    public const int MinSteadyIterations = 5;

    public static SteadyStateResult Classify(double[] iterationTimesNs)
    {
        ArgumentNullException.ThrowIfNull(iterationTimesNs);
        int n = iterationTimesNs.Length;
        if (n < MinIterations) return new SteadyStateResult(SteadyStateClass.TooShort, [], null, null);

        // Perfolizer returns the last index of each segment but the final one; turn them into segment starts.
        var starts = EdPeltChangePointDetector.Instance.GetChangePointIndexes(iterationTimesNs, MinSegment)
            .Select(i => i + 1).Where(i => i > 0 && i < n).Distinct().Order().ToList();
        var bounds = new List<int> { 0 };
        bounds.AddRange(starts);
        bounds.Add(n);
        var segments = Enumerable.Range(0, bounds.Count - 1)
            .Select(k => Segment.Of(iterationTimesNs, bounds[k], bounds[k + 1])).ToList();

        var last = segments[^1];
        int first = segments.Count - 1;
        while (first > 0 && Equivalent(segments[first - 1], last)) first--;
        int steadyStart = segments[first].Start;
        int steadyLength = n - steadyStart;
        if (steadyLength < Math.Max(MinSteadyIterations, (int)Math.Ceiling(SteadyFraction * n)))
            return new SteadyStateResult(SteadyStateClass.NoSteadyState, starts, null, null);

        double steadyMean = Mean(iterationTimesNs, steadyStart, n);
        var steady = Segment.Of(iterationTimesNs, steadyStart, n);
        var different = segments.Take(first).Where(s => !Equivalent(s, steady)).ToList();
        var cls = different.Count == 0 ? SteadyStateClass.Flat
            : different.Any(s => s.Mean < steady.Mean) ? SteadyStateClass.Slowdown
            : SteadyStateClass.Warmup;
        // A flat series has one steady state from the first iteration.
        if (cls == SteadyStateClass.Flat) { steadyStart = 0; steadyMean = Mean(iterationTimesNs, 0, n); }
        return new SteadyStateResult(cls, starts, steadyStart, steadyMean);
    }

    /// <summary>
    /// Barrett's per-benchmark summary across process runs: "consistent &lt;class&gt;" when every classified run
    /// agrees, "inconsistent" otherwise (too-short runs are left out; null when no run could be classified).
    /// </summary>
    public static string? Summary(IEnumerable<SteadyStateClass> classes)
    {
        var classified = classes.Where(c => c != SteadyStateClass.TooShort).Distinct().ToList();
        return classified.Count switch
        {
            0 => null,
            1 => "consistent " + Name(classified[0]),
            _ => "inconsistent",
        };
    }

    /// <summary>Lower-case name as used in reports ("no steady state", "too short").</summary>
    public static string Name(SteadyStateClass c) => c switch
    {
        SteadyStateClass.TooShort => "too short",
        SteadyStateClass.NoSteadyState => "no steady state",
        _ => c.ToString().ToLowerInvariant(),
    };

    private static bool Equivalent(Segment a, Segment b) =>
        Math.Abs(a.Mean - b.Mean) <= Math.Max(RelativeTolerance * Math.Max(Math.Abs(a.Mean), Math.Abs(b.Mean)), Math.Max(a.Sd, b.Sd));

    private static double Mean(double[] x, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) sum += x[i];
        return sum / (to - from);
    }

    private readonly record struct Segment(int Start, int End, double Mean, double Sd)
    {
        public static Segment Of(double[] x, int from, int to)
        {
            double mean = SteadyState.Mean(x, from, to);
            double ss = 0;
            for (int i = from; i < to; i++) ss += (x[i] - mean) * (x[i] - mean);
            return new Segment(from, to, mean, to - from > 1 ? Math.Sqrt(ss / (to - from - 1)) : 0);
        }
    }
}
