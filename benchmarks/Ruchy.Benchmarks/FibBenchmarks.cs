using BenchmarkDotNet.Attributes;
using Ruchy.Interpreter;
using Ruchy.Semantics;
using Ruchy.Text;

namespace Ruchy.Benchmarks;

/// <summary>
/// Recursive fib on the AST tier next to the same function in plain C#, in one run, so the ratio is
/// measured side by side. The program is parsed and resolved once; each operation is one full run.
/// </summary>
[MemoryDiagnoser]
public class FibBenchmarks
{
    [Params(30, 35)]
    public int N;

    private BoundProgram _program = null!;
    private SourceText _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = SourceText.From($$"""
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fib({{N}})
            """, "fib.ruchy");
        var compiled = RuchyEngine.Compile(_source);
        if (compiled.HasErrors) throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
        _program = compiled.Program!;
    }

    [Benchmark(Description = "AST tier")]
    public long AstTier() => new TreeWalker(_source, TextWriter.Null).Run(_program).AsInt;

    [Benchmark(Baseline = true, Description = "native C#")]
    public long Native() => NativeFib(N);

    private static long NativeFib(long n) => n < 2 ? n : NativeFib(n - 1) + NativeFib(n - 2);
}
