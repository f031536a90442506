using System.Text;
using BenchmarkDotNet.Attributes;
using Ruchy.Semantics;
using Ruchy.Syntax;
using Ruchy.Text;

namespace Ruchy.Benchmarks;

/// <summary>Front-end throughput on a generated 10,000-line program: lex + parse, and lex + parse + resolve.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private SourceText _source = null!;

    public static string GenerateProgram(int lines)
    {
        // Realistic mix: functions with loops, conditionals, structs, closures and calls.
        var sb = new StringBuilder();
        sb.Append("struct Point { x: i64, y: i64 }\n");
        int written = 1;
        int f = 0;
        while (written < lines)
        {
            sb.Append($"fun work{f}(n: i64, xs: Vec<i64>) -> i64 {{\n");
            sb.Append("    let mut total = 0\n");
            sb.Append("    let p = Point { x: n, y: n * 2 }\n");
            sb.Append("    for i in 0..n {\n");
            sb.Append("        if i % 3 == 0 && i > 2 {\n");
            sb.Append("            total += xs[i % xs.len()] * p.x - p.y\n");
            sb.Append("        } else {\n");
            sb.Append($"            total = total + helper{f % 7}(i, |v| v + {f})\n");
            sb.Append("        }\n");
            sb.Append("    }\n");
            sb.Append("    let label = f\"result {total:.2}\"\n");
            sb.Append("    match total { 0 => 1, n if n < 0 => -n, _ => total }\n");
            sb.Append("}\n");
            written += 13;
            f++;
        }
        for (int h = 0; h < 7; h++) sb.Append($"fun helper{h}(a, g) {{ g(a) + {h} }}\n");
        return sb.ToString();
    }

    [GlobalSetup]
    public void Setup() => _source = SourceText.From(GenerateProgram(10_000), "generated.ruchy");

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
