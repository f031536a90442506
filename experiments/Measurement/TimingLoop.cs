using System.Diagnostics;

namespace Ruchy.Experiments.Measurement;

/// <summary>
/// The one timed loop of Ruchy Lab: <c>ruchy measure</c> (the harness's process runs), <c>ruchy bench</c>,
/// <c>%timeit</c> and <c>%%compare</c> all take their samples here, so they measure the same way.
/// </summary>
public static class TimingLoop
{
    /// <summary>
    /// Takes <paramref name="samples"/> samples of <paramref name="loopsPerSample"/> runs each and hands each one to
    /// <paramref name="onSample"/> as it is taken (outside the timed region). Stops at the first failed run.
    /// </summary>
    public static TimingResult Run<TRun>(TRun run, int samples, int loopsPerSample = 1, Action<IterationSample>? onSample = null)
        where TRun : ITimedRun
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(loopsPerSample, 1);
        // Allocated before the first sample: nothing is allocated between a sample's counter reads.
        var taken = new IterationSample[samples];
        for (int i = 0; i < samples; i++)
        {
            // Counters are read outside the timed region; all are process-wide because the runs may be on another thread.
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var pause = GC.GetTotalPauseDuration();
            var cpu = Environment.CpuUsage.TotalTime;
            bool ok = true;
            long start = Stopwatch.GetTimestamp();
            for (int loop = 0; loop < loopsPerSample; loop++)
            {
                if (!run.Run())
                {
                    ok = false;
                    break;
                }
            }
            long wallTicks = Stopwatch.GetTimestamp() - start;
            var cpuAfter = Environment.CpuUsage.TotalTime;
            if (!ok) return new TimingResult(taken[..i], Failed: true);
            taken[i] = new IterationSample(
                Index: i,
                Loops: loopsPerSample,
                WallNs: (long)(wallTicks * (1e9 / Stopwatch.Frequency)),
                CpuNs: (cpuAfter - cpu).Ticks * 100,
                AllocatedBytes: GC.GetTotalAllocatedBytes(precise: true) - allocated,
                Gen0: GC.CollectionCount(0) - gen0,
                Gen1: GC.CollectionCount(1) - gen1,
                Gen2: GC.CollectionCount(2) - gen2,
                GcPauseNs: (GC.GetTotalPauseDuration() - pause).Ticks * 100);
            onSample?.Invoke(taken[i]);
        }
        return new TimingResult(taken, Failed: false);
    }
}
