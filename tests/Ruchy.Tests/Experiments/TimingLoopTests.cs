using Ruchy.Experiments.Measurement;
using Ruchy.Text;

namespace Ruchy.Tests.Experiments;

/// <summary>The one timed loop behind measure, bench, timeit and %%compare.</summary>
public sealed class TimingLoopTests
{
    /// <summary>Counts its runs; fails (returns false) on run <see cref="FailOn"/>, throws on run <see cref="ThrowOn"/> (1-based).</summary>
    private sealed class Counting : ITimedRun
    {
        public int Calls;
        public int FailOn = int.MaxValue;
        public int ThrowOn = int.MaxValue;
        public int AllocatePerRun;
        public TimeSpan BusyPerRun;
        public object? Kept;

        public bool Run()
        {
            Calls++;
            if (Calls == ThrowOn) throw new InvalidOperationException("boom at " + Calls);
            if (AllocatePerRun > 0) Kept = new byte[AllocatePerRun];
            if (BusyPerRun > TimeSpan.Zero)
            {
                long until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(BusyPerRun.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until) { }
            }
            return Calls != FailOn;
        }
    }

    private readonly struct Nothing : ITimedRun
    {
        public bool Run() => true;
    }

    [Fact]
    public void TakesOneSamplePerBatchOfLoopsAndHandsEachOnInOrder()
    {
        var run = new Counting();
        var seen = new List<IterationSample>();
        var result = TimingLoop.Run(run, samples: 4, loopsPerSample: 25, onSample: seen.Add);
        Assert.False(result.Failed);
        Assert.Equal(100, run.Calls);
        Assert.Equal(4, result.Samples.Length);
        Assert.Equal([0, 1, 2, 3], result.Samples.Select(s => s.Index));
        Assert.All(result.Samples, s => Assert.Equal(25, s.Loops));
        Assert.Equal(result.Samples, seen);
    }

    [Fact]
    public void WallTimeCoversEveryLoopOfTheBatchAndCountersAreNonNegative()
    {
        var run = new Counting { BusyPerRun = TimeSpan.FromMilliseconds(2), AllocatePerRun = 50_000 };
        var result = TimingLoop.Run(run, samples: 3, loopsPerSample: 4);
        Assert.All(result.Samples, s =>
        {
            Assert.True(s.WallNs >= 8_000_000, $"4 loops of 2 ms took {s.WallNs} ns");
            Assert.Equal(s.WallNs / 4.0, s.WallNsPerLoop);
            Assert.True(s.CpuNs >= 0 && s.GcPauseNs >= 0, s.ToString());
            Assert.True(s.Gen0 >= 0 && s.Gen1 >= 0 && s.Gen2 >= 0, s.ToString());
            Assert.True(s.AllocatedBytes >= 4 * 50_000, $"4 loops of 50 kB allocated {s.AllocatedBytes} bytes");
        });
    }

    [Fact]
    public void TheLoopItselfAllocatesNothingInsideASample()
    {
        // The counters are process-wide, so another thread may allocate during a sample; the loop's own
        // allocations (a closure, a boxed run) would show in every one.
        var result = TimingLoop.Run(new Nothing(), samples: 50, loopsPerSample: 1000);
        Assert.Contains(result.Samples, s => s.AllocatedBytes == 0);
    }

    [Fact]
    public void AFailedRunStopsTheLoopAtOnceWithoutItsSample()
    {
        var run = new Counting { FailOn = 6 };
        var seen = new List<IterationSample>();
        var result = TimingLoop.Run(run, samples: 5, loopsPerSample: 4, onSample: seen.Add);
        Assert.True(result.Failed);
        Assert.Equal(6, run.Calls);
        Assert.Single(result.Samples);
        Assert.Single(seen);

        var single = TimingLoop.Run(new Counting { FailOn = 3 }, samples: 10);
        Assert.True(single.Failed);
        Assert.Equal(2, single.Samples.Length);
    }

    [Fact]
    public void AnExceptionOfARunPropagatesAfterTheSamplesBeforeIt()
    {
        var run = new Counting { ThrowOn = 3 };
        var seen = new List<IterationSample>();
        var e = Assert.Throws<InvalidOperationException>(() => TimingLoop.Run(run, samples: 5, onSample: seen.Add));
        Assert.Equal("boom at 3", e.Message);
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void CountsBelowOneAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TimingLoop.Run(new Nothing(), samples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimingLoop.Run(new Nothing(), samples: 1, loopsPerSample: 0));
    }

    [Fact]
    public void ASessionCellIsPreparedOnceAndRunAsOftenAsTheLoopAsks()
    {
        using var session = new ReplSession();
        var errors = new StringWriter();
        Assert.Equal(0, session.Run(SourceText.From("let mut n = 0;", "<1>"), TextWriter.Null, TextWriter.Null, RunOptions.Default.WithTier("register")).ExitCode);
        var prepared = session.Prepare(SourceText.From("n += 1; n", "<2>"), TextWriter.Null, TextWriter.Null, RunOptions.Default.WithTier("register"), null, errors, out var program);
        Assert.True(prepared.ExitCode == 0, errors.ToString());

        // A later cell grows the session's slots; the prepared cell must still see (and change) the session's n.
        var grow = string.Concat(Enumerable.Range(0, 40).Select(i => $"let v{i} = {i};\n"));
        Assert.Equal(0, session.Run(SourceText.From(grow, "<3>"), TextWriter.Null, TextWriter.Null, RunOptions.Default).ExitCode);

        TimingResult? timing = null;
        var result = session.RunPrepared(program!, p => timing = TimingLoop.Run(new PreparedProgramRun(p), samples: 3, loopsPerSample: 5), errors);
        Assert.True(result.ExitCode == 0, errors.ToString());
        Assert.Equal(3, timing!.Samples.Length);
        Assert.True(session.TryGetVariable("n", out var n));
        Assert.Equal("15", n.ToString());
    }

    [Fact]
    public void AFailingPreparedRunEndsTheLoopWithItsError()
    {
        using var session = new ReplSession();
        var errors = new StringWriter();
        session.Prepare(SourceText.From("let xs = [1]; xs[5]", "<t>"), TextWriter.Null, TextWriter.Null, RunOptions.Default, null, errors, out var program);
        Assert.NotNull(program);
        int samples = 0;
        var result = session.RunPrepared(program, p => TimingLoop.Run(new PreparedProgramRun(p), samples: 3, onSample: _ => samples++), errors);
        Assert.Equal(1, result.ExitCode);
        Assert.NotNull(result.Error);
        Assert.StartsWith("Error:", errors.ToString());
        Assert.Equal(0, samples);

        var broken = session.Prepare(SourceText.From("let = ;", "<bad>"), TextWriter.Null, TextWriter.Null, RunOptions.Default, null, new StringWriter(), out var none);
        Assert.Equal(1, broken.ExitCode);
        Assert.Null(none);
    }
}
