using Ruchy.Switches;
using System.Text;
using BenchmarkDotNet.Attributes;
using Ruchy.Text;

namespace Ruchy.Benchmarks;

/// <summary>
/// The issue-3 programs (benchmarks/vm/*.ruchy) on each tier, in process, next to the same algorithm
/// in plain C#: fib(35), a 10M-iteration loop, a sieve to 2M, a 100x100 matrix multiply, string
/// building. Compilation happens in setup; each operation is one full run. Lua 5.4 is compared by
/// benchmarks/vm/compare.sh (whole processes), since it cannot run inside BenchmarkDotNet.
/// </summary>
[MemoryDiagnoser]
public class TierBenchmarks
{
    [Params("fib", "loop", "sieve", "matrix", "strings")]
    public string Program = "";

    [Params("ast", "register", "stack", "jit")]
    public string Engine = "";

    private SourceText _source = null!;
    private RunOptions _options = RunOptions.Default;

    [GlobalSetup]
    public void Setup()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Ruchy.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("Ruchy.sln not found");
        _source = SourceText.From(File.ReadAllText(Path.Combine(dir, "benchmarks", "vm", Program + ".ruchy")), Program + ".ruchy");
        _options = RunOptions.Default.WithTier(Engine);
    }

    [Benchmark]
    public int Ruchy()
    {
        var result = RuchyEngine.Run(_source, TextWriter.Null, TextWriter.Null, _options);
        if (result.ExitCode != 0) throw new InvalidOperationException("program failed");
        return result.ExitCode;
    }
}

/// <summary>The same five programs written directly in C# (the native baseline).</summary>
[MemoryDiagnoser]
public class NativeBaselines
{
    [Benchmark]
    public long Fib() => FibOf(35);

    private static long FibOf(long n) => n < 2 ? n : FibOf(n - 1) + FibOf(n - 2);

    [Benchmark]
    public long Loop()
    {
        long sum = 0;
        for (long i = 0; i < 10_000_000; i++) sum = checked(sum + i % 7);
        return sum;
    }

    [Benchmark]
    public int Sieve()
    {
        int n = 2_000_000;
        var flags = new bool[n + 1];
        Array.Fill(flags, true);
        flags[0] = flags[1] = false;
        for (long i = 2; i * i <= n; i++)
            if (flags[i])
                for (long j = i * i; j <= n; j += i) flags[j] = false;
        int count = 0;
        foreach (var f in flags) if (f) count++;
        return count;
    }

    [Benchmark]
    public double Matrix()
    {
        const int n = 100;
        double[][] Make(int seed)
        {
            var m = new double[n][];
            for (int i = 0; i < n; i++)
            {
                m[i] = new double[n];
                for (int j = 0; j < n; j++) m[i][j] = ((i * 31 + j * 17 + seed) % 100) / 10.0;
            }
            return m;
        }
        var a = Make(1);
        var b = Make(2);
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            var row = new double[n];
            for (int k = 0; k < n; k++)
            {
                double aik = a[i][k];
                var bk = b[k];
                for (int j = 0; j < n; j++) row[j] += aik * bk[j];
            }
            trace += row[i];
        }
        return trace;
    }

    [Benchmark]
    public int Strings()
    {
        var parts = new List<string>();
        for (int i = 0; i < 200_000; i++) parts.Add($"item{i % 100},");
        return Encoding.UTF8.GetByteCount(string.Concat(parts));
    }
}
