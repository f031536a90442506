namespace Ruchy.Experiments.Measurement;

/// <summary>
/// One sample of <see cref="TimingLoop"/>: <see cref="Loops"/> runs timed together (1 for the harness, many for
/// timeit). The counters are process-wide deltas over the sample; times in nanoseconds.
/// </summary>
public readonly record struct IterationSample(
    int Index, int Loops, long WallNs, long CpuNs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long GcPauseNs)
{
    /// <summary>Wall time of one run: the sample's time divided by its loops.</summary>
    public double WallNsPerLoop => (double)WallNs / Loops;

    public double WallSeconds => WallNs / 1e9;
}
