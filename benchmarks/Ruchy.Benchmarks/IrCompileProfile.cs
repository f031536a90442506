using System.Diagnostics;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Benchmarks;

/// <summary>
/// `-- ir-phases [--lines N] [--rounds R]`: the ir=on compile of the generated program split into phases by
/// Stopwatch (construction, each O2 pass, emission with liveness and allocation inside), in this process
/// after warm-up rounds; prints each phase's median (and minimum) over the rounds. Finer than BenchmarkDotNet, coarser
/// than a sampling profiler; the phases sum to about the full compile.
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
        for (int round = -5; round < rounds; round++)
        {
            Array.Clear(ticks);
            long start = Stopwatch.GetTimestamp();
            foreach (var fn in functions)
            {
                long t0 = Stopwatch.GetTimestamp();
                var f = IrLowering.Lower(fn, options);
                long last = Stopwatch.GetTimestamp();
                ticks[0] += last - t0;
                pipeline.Run(f, (pass, _) =>
                {
                    long now = Stopwatch.GetTimestamp();
                    ticks[1 + IndexOf(pipeline.Passes, pass)] += now - last;
                    last = now;
                });
                long t1 = Stopwatch.GetTimestamp();
                RegisterEmitter.Emit(f, options, isMain: false);
                ticks[phases.Count - 2] += Stopwatch.GetTimestamp() - t1;
            }
            ticks[phases.Count - 1] = Stopwatch.GetTimestamp() - start;
            if (round < 0) continue;
            for (int i = 0; i < phases.Count; i++) samples[i][round] = ticks[i] * 1000.0 / Stopwatch.Frequency;
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
        for (int i = 0; i < phases.Count; i++)
        {
            Array.Sort(samples[i]);
            Console.WriteLine($"  {phases[i],-40} {samples[i][rounds / 2],8:F2} ms  (min {samples[i][0]:F2})");
        }
    }

    private static int IndexOf(IReadOnlyList<IrPass> passes, IrPass pass)
    {
        for (int i = 0; i < passes.Count; i++)
            if (ReferenceEquals(passes[i], pass)) return i;
        return -1;
    }
}
