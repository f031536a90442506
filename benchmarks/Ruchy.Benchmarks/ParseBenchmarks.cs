using BenchmarkDotNet.Attributes;
using Ruchy.Experiments.Workloads;
using Ruchy.Syntax;
using Ruchy.Text;

namespace Ruchy.Benchmarks;

/// <summary>Front-end throughput on a generated 10,000-line program (`ruchy gen --lines 10000 --seed 1`): lex + parse, and lex + parse + resolve.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private SourceText _source = null!;

    [GlobalSetup]
    public void Setup() => _source = SourceText.From(ProgramGenerator.Generate(10_000, seed: 1), "generated.ruchy");

    [Benchmark(Description = "lex + parse 10K lines")]
    public int Parse()
    {
        var diagnostics = new DiagnosticBag(_source);
        var program = Parser.Parse(_source, diagnostics);
        if (diagnostics.HasErrors) throw new InvalidOperationException(diagnostics.Items[0].ToString());
        return program.Statements.Count;
    }

    [Benchmark(Description = "lex + parse + resolve 10K lines")]
    public int ParseAndResolve()
    {
        var compiled = RuchyEngine.Compile(_source);
        if (compiled.HasErrors) throw new InvalidOperationException(compiled.Diagnostics[0].ToString());
        return compiled.Program!.GlobalNames.Length;
    }
}
