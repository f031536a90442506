using BenchmarkDotNet.Attributes;
using Ruchy.Compiler;
using Ruchy.Experiments.Workloads;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Benchmarks;

/// <summary>
/// Compile cost of the register tier on a generated 10,000-line program (`ruchy gen --lines 10000 --seed 1`),
/// parsed and resolved once in setup (issue 16: the full ir=on compile should take at most 50 ms warm):
/// the direct compiler (ir=off), IR construction alone (O0), construction + the O2 passes, and the full
/// ir=on compile (construction + O2 + liveness, register allocation and emission).
/// </summary>
[MemoryDiagnoser]
public class IrCompileBenchmarks
{
    private BoundProgram _program = null!;
    private BoundFunction[] _functions = [];
    private RunOptions _off = RunOptions.Default;
    private RunOptions _o0 = RunOptions.Default;
    private RunOptions _o2 = RunOptions.Default;
    private PassPipeline _o0Pipeline = null!;
    private PassPipeline _o2Pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _program = IrCompileSubject.Resolve(10_000, seed: 1);
        _functions = [.. IrCompiler.Functions(_program)];
        _off = RunOptions.Default.WithTier("register").With(SwitchRegistry.Ir, false);
        var on = RunOptions.Default.WithTier("register").With(SwitchRegistry.Ir, true);
        _o0 = on.With(SwitchRegistry.Opt, "O0");
        _o2 = on.With(SwitchRegistry.Opt, "O2");
        _o0Pipeline = PassPipeline.For(_o0);
        _o2Pipeline = PassPipeline.For(_o2);
    }

    [Benchmark(Baseline = true, Description = "direct register compile (ir=off)")]
    public int Direct() => RegisterCompiler.Compile(_program, _off).Functions.Length;

    [Benchmark(Description = "IR build (O0)")]
    public int BuildO0()
    {
        int n = 0;
        foreach (var fn in _functions) n += IrCompiler.Build(fn, _o0, _o0Pipeline).InstrCount;
        return n;
    }

    [Benchmark(Description = "IR build + O2 passes")]
    public int BuildO2()
    {
        int n = 0;
        foreach (var fn in _functions) n += IrCompiler.Build(fn, _o2, _o2Pipeline).InstrCount;
        return n;
    }

    [Benchmark(Description = "IR build + O2 + regalloc + emit (ir=on)")]
    public int FullIr() => IrCompiler.Compile(_program, _o2).Functions.Length;
}

/// <summary>The program the compile benchmarks and the phase profile compile.</summary>
public static class IrCompileSubject
{
    internal static BoundProgram Resolve(int lines, int seed)
    {
        var source = SourceText.From(ProgramGenerator.Generate(lines, seed), "generated.ruchy");
        var compiled = RuchyEngine.Compile(source);
        if (compiled.HasErrors) throw new InvalidOperationException(compiled.Diagnostics[0].ToString());
        return compiled.Program!;
    }
}
