using System.Diagnostics;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Benchmarks;

/// <summary>
/// `-- ir-phases [--lines N] [--rounds R]`: the ir=on compile of the generated program split into phases
/// (construction, each O2 pass, emission with liveness and allocation inside), in this process after warm-up
/// rounds; prints each phase's median (and minimum) wall time over the rounds, then the whole compile
/// (IrCompiler.Compile) and the direct compiler, also as the thread's CPU time where the OS gives it (Linux):
/// other processes on a shared machine change that less than wall time.
/// </summary>
public static class IrCompileProfile
{
    public static void Run(string[] args)
    {
        int lines = 10_000, rounds = 30;
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--lines") lines = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            if (args[i] == "--rounds") rounds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        var program = IrCompileSubject.Resolve(lines, seed: 1);
        var functions = IrCompiler.Functions(program).ToArray();
        var options = RunOptions.Default.WithTier("register").With(SwitchRegistry.Ir, true).With(SwitchRegistry.Opt, "O2");
        var pipeline = PassPipeline.For(options);
        var phases = new List<string> { "construction" };
        foreach (var p in pipeline.Passes) phases.Add(p.Name);
        phases.Add("emission (liveness, allocation, code)");
        phases.Add("total");
        var samples = new double[phases.Count][];
        for (int i = 0; i < samples.Length; i++) samples[i] = new double[rounds];

        var ticks = new long[phases.Count];
        var bytes = new long[phases.Count]; // allocated by the phase in a round (the same every round)
        static long Allocated() => GC.GetAllocatedBytesForCurrentThread();
        // Phases by Stopwatch (reading the thread CPU clock is a system call, too slow to do per function and pass).
        double toMs = 1000.0 / Stopwatch.Frequency;
        Func<long> clock = Stopwatch.GetTimestamp;
        for (int round = -5; round < rounds; round++)
        {
            Array.Clear(ticks);
            Array.Clear(bytes);
            long start = clock(), startBytes = Allocated();
            foreach (var fn in functions)
            {
                long t0 = clock(), b0 = Allocated();
                var f = IrLowering.Lower(fn, options);
                long last = clock(), lastBytes = Allocated();
                ticks[0] += last - t0;
                bytes[0] += lastBytes - b0;
                pipeline.Run(f, (pass, _) =>
                {
                    long now = clock(), nowBytes = Allocated();
                    int i = 1 + IndexOf(pipeline.Passes, pass);
                    ticks[i] += now - last;
                    bytes[i] += nowBytes - lastBytes;
                    (last, lastBytes) = (now, nowBytes);
                });
                long t1 = clock(), b1 = Allocated();
                RegisterEmitter.Emit(f, options, isMain: false);
                ticks[phases.Count - 2] += clock() - t1;
                bytes[phases.Count - 2] += Allocated() - b1;
            }
            ticks[phases.Count - 1] = clock() - start;
            bytes[phases.Count - 1] = Allocated() - startBytes;
            if (round < 0) continue;
            for (int i = 0; i < phases.Count; i++) samples[i][round] = ticks[i] * toMs;
        }

        // The shape that decides the cost of the per-function analyses: how large the largest functions are.
        int totalInstrs = 0, maxInstrs = 0, maxBlocks = 0;
        string largest = "";
        foreach (var fn in functions)
        {
            var f = IrCompiler.Build(fn, options, pipeline);
            totalInstrs += f.InstrCount;
            if (f.InstrCount > maxInstrs) (maxInstrs, maxBlocks, largest) = (f.InstrCount, f.Blocks.Count, f.Name);
        }
        Console.WriteLine($"ir=on O2 compile of a generated {lines}-line program ({functions.Length} functions, {totalInstrs} IR values; largest {largest}: {maxInstrs} values, {maxBlocks} blocks), median of {rounds} rounds after 5 warm-up:");
        Console.WriteLine("  phase (wall time)");
        for (int i = 0; i < phases.Count; i++)
        {
            Array.Sort(samples[i]);
            Console.WriteLine($"  {phases[i],-40} {samples[i][rounds / 2],8:F2} ms  (min {samples[i][0]:F2}), {bytes[i] / 1048576.0,6:F2} MB allocated");
        }

        // The whole compiles as the benchmarks run them, without the per-phase clock reads.
        var off = options.With(SwitchRegistry.Ir, false);
        if (ThreadCpu.Available) (toMs, clock) = (1e-6, ThreadCpu.Now);
        Console.WriteLine($"  whole compile ({(ThreadCpu.Available ? "thread CPU time" : "wall time")}; wall time)");
        Whole("IrCompiler.Compile (ir=on, O2)", () => IrCompiler.Compile(program, options), rounds, toMs, clock);
        Whole("RegisterCompiler.Compile (ir=off)", () => Compiler.RegisterCompiler.Compile(program, off), rounds, toMs, clock);
    }

    private static void Whole(string name, Action compile, int rounds, double toMs, Func<long> clock)
    {
        var cpu = new double[rounds];
        var wall = new double[rounds];
        for (int round = -5; round < rounds; round++)
        {
            long w0 = Stopwatch.GetTimestamp(), c0 = clock();
            compile();
            long c1 = clock(), w1 = Stopwatch.GetTimestamp();
            if (round < 0) continue;
            cpu[round] = (c1 - c0) * toMs;
            wall[round] = (w1 - w0) * 1000.0 / Stopwatch.Frequency;
        }
        Array.Sort(cpu);
        Array.Sort(wall);
        Console.WriteLine($"  {name,-40} {cpu[rounds / 2],8:F2} ms  (min {cpu[0]:F2}); wall {wall[rounds / 2]:F2} ms (min {wall[0]:F2})");
    }

    private static int IndexOf(IReadOnlyList<IrPass> passes, IrPass pass)
    {
        for (int i = 0; i < passes.Count; i++)
            if (ReferenceEquals(passes[i], pass)) return i;
        return -1;
    }
}

/// <summary>The calling thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID) on Linux).</summary>
internal static class ThreadCpu
{
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static readonly bool Available = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(3, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    public static long Now()
    {
        ClockGetTime(3, out var t); // 3: CLOCK_THREAD_CPUTIME_ID
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
