using Ruchy.Bytecode;
using Ruchy.Jit;
using Ruchy.Switches;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Ruchy.Vm;
using Xunit;

namespace Ruchy.Tests.Jit;

/// <summary>The JIT tier compiles what it says it compiles, and compiled code behaves as the interpreter (the parity test runs every program on it).</summary>
public class JitTierTests
{
    private const string Program = """
        fun fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
        fun sum(n: i64) -> i64 {
            let mut s = 0
            for i in 0..n { s += i * 2 }
            s
        }
        fun lines(n: i64) { for i in 0..n { println("{}", i) } }
        fun main() { println(fib(10)); println(sum(100)); lines(2) }
        """;

    private static RegisterProto Proto(JitTier.JitExecutable exe, string name) =>
        exe.Program.Functions.Select(f => f.Item2).Single(p => p.Name == name);

    [Fact]
    public void HotFunctionsAreCompiledAtTheirThreshold()
    {
        // fib(10) makes 177 calls: over the threshold 100, under 1000.
        // A prepared program runs once per call of Run: run it directly to look at its protos afterwards.
        var compiled = RuchyEngine.Compile(SourceText.From(Program, "t.ruchy"));
        foreach (var (threshold, fibCompiled, linesCompiled) in new[] { ("0", true, true), ("100", true, false), ("1000", false, false) })
        {
            // Inlining off: lines is a leaf that main would otherwise absorb.
            var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, threshold).With(SwitchRegistry.PassInline, false);
            var exe = (JitTier.JitExecutable)options.Tier.Prepare(compiled.Program!, options);
            var output = new StringWriter();
            var context = new Execution.RunContext(compiled.Source, output, new StringWriter(), Execution.RunHooks.None);
            RuchyEngine.OnLargeStack(() =>
            {
                exe.Run(context, new Values.Value[compiled.Program!.GlobalNames.Length]);
                return new RunResult(0);
            });
            Assert.Equal("55\n9900\n0\n1\n", output.ToString());
            Assert.Equal(fibCompiled, Proto(exe, "fib").Jit != null);
            Assert.Equal(linesCompiled, Proto(exe, "lines").Jit != null);
            // main is never compiled (its first call is recorded by the VM); nor is a function it does not support.
            Assert.Null(Proto(exe, "main").Jit);
        }
    }

    [Fact]
    public void AnErrorInCompiledCodeHasTheInterpretersPositionAndTrace()
    {
        const string source = """
            fun inc(x: i64) -> i64 { x * 4611686018427387904 }
            fun f(n: i64) -> i64 { if n > 0 { f(n - 1) } else { inc(n + 3) } }
            fun main() { println(f(3)) }
            """;
        var compiled = RuchyEngine.Compile(SourceText.From(source, "t.ruchy"));
        string Err(RunOptions o)
        {
            var err = new StringWriter();
            RuchyEngine.Run(compiled, new StringWriter(), err, o);
            return err.ToString();
        }
        string expected = Err(RunOptions.Default);
        Assert.Contains("Integer overflow in multiplication", expected);
        Assert.Contains("in f, called from", expected);
        foreach (var inline in new[] { true, false })
            Assert.Equal(expected, Err(RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.PassInline, inline)));
    }

    [Fact]
    public void CompiledRecursionStopsAtTheSameDepthWithTheSameError()
    {
        const string source = """
            fun down(n: i64) -> i64 { if n == 0 { 0 } else { 1 + down(n - 1) } }
            fun boom(n: i64) -> i64 { 1 + boom(n + 1) }
            fun main() { println(down(50000)); println(boom(1)) }
            """;
        var compiled = RuchyEngine.Compile(SourceText.From(source, "t.ruchy"));
        (string, string) Both(RunOptions o)
        {
            var (output, err) = (new StringWriter(), new StringWriter());
            RuchyEngine.Run(compiled, output, err, o);
            return (output.ToString(), err.ToString());
        }
        var expected = Both(RunOptions.Default);
        Assert.Contains("stack overflow", expected.Item2);
        Assert.Equal(expected, Both(RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0")));
    }

    [Fact]
    public void UnsupportedInstructionsKeepAFunctionInterpreted()
    {
        var compiled = RuchyEngine.Compile(SourceText.From("fun f(x: i64) -> i64 { let g = |y| y + x; g(1) }\nfun main() { println(f(2)) }", "t.ruchy"));
        var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0");
        var exe = (JitTier.JitExecutable)options.Tier.Prepare(compiled.Program!, options);
        Assert.Null(Proto(exe, "f").JitCandidate);
        var output = new StringWriter();
        RuchyEngine.Run(compiled, output, new StringWriter(), options);
        Assert.Equal("3\n", output.ToString());
    }

    private static (string Stdout, string Stderr, string Trace) RunTraced(string source, RunOptions options)
    {
        var compiled = RuchyEngine.Compile(SourceText.From(source, "t.ruchy"));
        var (output, err, trace) = (new StringWriter(), new StringWriter(), new StringWriter());
        RuchyEngine.Run(compiled, output, err, options, new Execution.RunHooks { JitTrace = trace });
        return (output.ToString(), err.ToString(), trace.ToString());
    }

    private static RunOptions Jit(string threshold = "0", bool stress = false) =>
        RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, threshold).With(SwitchRegistry.JitStressDeopt, stress);

    // g is compiled speculating that n and the results of its calls of itself are ints; then the global g is made
    // to hold another function, so the old code (still reachable through h) calls it and gets a string.
    private const string Redefined = """
        fun g(n) { if n < 2 { n } else { g(n - 1) + g(n - 2) } }
        fun s(n) { "s" }
        fun main() {
            let h = g
            println(g(10))
            g = s
            println(h(4))
        }
        """;

    [Fact]
    public void ACallResultOfAnotherKindDeoptimizesAndTheInterpreterFinishesTheFunction()
    {
        var expected = RunTraced(Redefined, RunOptions.Default);
        Assert.Equal("55\nss\n", expected.Stdout);
        var jit = RunTraced(Redefined, Jit());
        Assert.Equal((expected.Stdout, expected.Stderr), (jit.Stdout, jit.Stderr));
        Assert.Contains("jit: compiled g after 1 calls", jit.Trace);
        Assert.Contains("n: int, 2 call result(s): int, 2 direct call(s)", jit.Trace);
        Assert.Contains("jit: g: deoptimized after v", jit.Trace);
    }

    [Fact]
    public void AnErrorAfterADeoptimizationHasTheInterpretersPositionAndTrace()
    {
        var source = Redefined.Replace("g(n - 1) + g(n - 2)", "g(n - 1) + g(n - 2) - 1");
        var expected = RunTraced(source, RunOptions.Default);
        Assert.Contains("in g, called from", expected.Stderr);
        var jit = RunTraced(source, Jit());
        Assert.Equal((expected.Stdout, expected.Stderr), (jit.Stdout, jit.Stderr));
        Assert.Contains("deoptimized", jit.Trace);
    }

    [Fact]
    public void ArgumentsOfAnotherKindFailTheEntryGuardAndRunTheUnspeculatedCode()
    {
        const string source = """
            fun sq(x) { x * x }
            fun main() {
                let mut t = 0
                for i in 0..200 { t += sq(i) }
                println(t)
                for i in 0..20 { println(sq(1.5 + i)) }
                println(sq(-3))
            }
            """;
        var expected = RunTraced(source, RunOptions.Default);
        // (Inlining off: main would absorb the leaf sq.)
        var jit = RunTraced(source, Jit("10").With(SwitchRegistry.PassInline, false));
        Assert.Equal((expected.Stdout, expected.Stderr), (jit.Stdout, jit.Stderr));
        Assert.Contains("jit: compiled sq after 11 calls", jit.Trace);
        Assert.Contains("x: int", jit.Trace);
        Assert.Contains("jit: sq: entry guard failed, compiled without speculation", jit.Trace);
    }

    [Fact]
    public void InStressModeGuardsFailOnPurposeAndTheOutputStaysTheSame()
    {
        const string source = """
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fun main() { println(fib(20)) }
            """;
        var jit = RunTraced(source, Jit(stress: true));
        Assert.Equal("6765\n", jit.Stdout);
        Assert.Equal("", jit.Stderr);
        // Every fifth guard check fails: thousands of deoptimizations, and the speculation is kept throughout.
        int deopts = jit.Trace.Split('\n').Count(l => l.Contains("deoptimized"));
        Assert.True(deopts > 1000, $"{deopts} deoptimizations");
        Assert.DoesNotContain("recompiled without speculation", jit.Trace);
        // Without stress the same program never deoptimizes.
        Assert.DoesNotContain("deoptimized", RunTraced(source, Jit()).Trace);
    }

    [Fact]
    public void HotLoopsInMainAndTheTopLevelContinueInCompiledCode()
    {
        // The loops run in activations that are never called again: only on-stack replacement compiles them.
        const string source = """
            let mut total = 0
            for i in 0..5000 { total += i % 7 }
            println(total)
            fun main() {
                let mut c = 0
                for k in 0..3 {
                    let mut j = 0
                    while j < 2000 { j += 1 }
                    c += j
                }
                println(c)
            }
            """;
        var expected = RunTraced(source, RunOptions.Default);
        Assert.Equal("14995\n6000\n", expected.Stdout);
        foreach (var threshold in new[] { "0", "100", "1000" })
        {
            var jit = RunTraced(source, Jit().With(SwitchRegistry.JitLoopThreshold, threshold));
            Assert.Equal((expected.Stdout, expected.Stderr), (jit.Stdout, jit.Stderr));
            Assert.Contains("jit: on-stack replacement of <script> at its loop", jit.Trace);
            Assert.Contains("jit: on-stack replacement of main at its loop", jit.Trace);
        }
        // Above the loops' length, nothing is replaced.
        Assert.DoesNotContain("on-stack replacement", RunTraced(source, Jit().With(SwitchRegistry.JitLoopThreshold, "10000")).Trace);
    }

    [Fact]
    public void AnErrorInALoopEnteredByOnStackReplacementHasTheInterpretersTrace()
    {
        const string source = """
            fun f(n) {
                let mut s = 0
                let mut i = 0
                while i < n { s += i; i += 1 }
                s * 4611686018427387904
            }
            fun main() { println(f(3000)) }
            """;
        var expected = RunTraced(source, RunOptions.Default);
        Assert.Contains("Integer overflow in multiplication", expected.Stderr);
        foreach (var inline in new[] { true, false })
        {
            var jit = RunTraced(source, Jit("1000").With(SwitchRegistry.JitLoopThreshold, "100").With(SwitchRegistry.PassInline, inline));
            Assert.Equal((expected.Stdout, expected.Stderr), (jit.Stdout, jit.Stderr));
            Assert.Contains("on-stack replacement of " + (inline ? "main" : "f"), jit.Trace);
        }
    }

    [Fact]
    public void JitOffCompilesNothingAndBaselineDoesNotSpeculate()
    {
        const string source = """
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fun main() {
                let mut s = 0
                for i in 0..3000 { s += i }
                println(fib(15) + s)
            }
            """;
        var expected = RunTraced(source, RunOptions.Default);
        var off = RunTraced(source, Jit().With(SwitchRegistry.JitMode, "off"));
        Assert.Equal((expected.Stdout, expected.Stderr, ""), (off.Stdout, off.Stderr, off.Trace));
        var baseline = RunTraced(source, Jit().With(SwitchRegistry.JitMode, "baseline"));
        Assert.Equal((expected.Stdout, expected.Stderr), (baseline.Stdout, baseline.Stderr));
        Assert.Contains("jit: compiled fib after 1 calls", baseline.Trace);
        Assert.Contains("on-stack replacement of main", baseline.Trace);
        Assert.DoesNotContain("int", baseline.Trace);
        Assert.DoesNotContain("direct call", baseline.Trace);
        Assert.Contains("n: int, 2 call result(s): int, 2 direct call(s)", RunTraced(source, Jit()).Trace);
    }

    [Fact]
    public void BaselineCodeCountsCallsAndTiersUpToOptimizedCode()
    {
        const string source = """
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fun main() { println(fib(12)); println(fib(3.5)) }
            """;
        var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.JitOptThreshold, "10")
            .With(SwitchRegistry.PassInline, false);
        var trace = new StringWriter();
        var stdout = new StringWriter();
        var result = RuchyEngine.Run(SourceText.From(source, "t.ruchy"), stdout, new StringWriter(), options, new Execution.RunHooks { JitTrace = trace });
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("144\n3.5\n", stdout.ToString());
        var lines = trace.ToString().Split('\n');
        // Baseline at the first call; optimized (speculating on the ints its calls passed) on the 11th.
        Assert.Contains(lines, l => l.StartsWith("jit: compiled fib after 1 calls", StringComparison.Ordinal) && l.EndsWith("(baseline, counting calls)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("jit: optimized fib after 11 calls", StringComparison.Ordinal) && l.Contains("n: int"));
        // The float call fails the optimized code's entry guard.
        Assert.Contains("jit: fib: entry guard failed", trace.ToString());
    }

    [Fact]
    public void BaselineCodeSeesEveryKindItsCallsPass()
    {
        // Floats reach fib only through baseline code: the optimized code must not speculate on an int n.
        const string source = """
            fun half(n) { if n < 1 { n } else { half(n / 2) } }
            fun main() { let mut s = 0.0; for i in 0..30 { s = s + half(i) + half(0.5 + i) }; println(s) }
            """;
        var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.JitOptThreshold, "10")
            .With(SwitchRegistry.PassInline, false);
        var trace = new StringWriter();
        var stdout = new StringWriter();
        RuchyEngine.Run(SourceText.From(source, "t.ruchy"), stdout, new StringWriter(), options, new Execution.RunHooks { JitTrace = trace });
        Assert.Equal(RuchyRunner.Output(source), stdout.ToString());
        Assert.Contains("jit: optimized half", trace.ToString());
        Assert.DoesNotContain("n: int", trace.ToString());
        Assert.DoesNotContain("entry guard failed", trace.ToString());
    }

    [Fact]
    public void MethodCallsRunInCompiledCodeWithTheInterpretersSemantics()
    {
        // Built-in mutating methods on local arrays and strings, a &mut self method on a local struct (its
        // write-back), &self and self methods, and an error inside a method call from compiled code.
        const string source = """
            struct Counter { n: i64 }
            impl Counter {
                fun bump(&mut self, k: i64) { self.n = self.n + k }
                fun get(&self) -> i64 { self.n }
                fun twice(self) -> i64 { self.n * 2 }
            }
            fun fill(n) {
                let mut v = []
                for i in 0..n { v.push(i * 2) }
                let w = v
                v.push(99)
                v.len() + v[n - 1] + w.len()
            }
            fun words(s) {
                let mut t = s
                t.push_str("!")
                t.to_uppercase().len() + t.len() + s.len()
            }
            fun count(k) {
                let mut c = Counter { n: 0 }
                for i in 0..k { c.bump(i) }
                c.get() + c.twice()
            }
            fun bad(v) { v.nope() }
            fun main() {
                println(fill(10), words("ab"), count(5))
                println(bad([1]))
            }
            """;
        var (stdout, stderr, trace) = RunTraced(source, Jit().With(SwitchRegistry.PassInline, false));
        var reference = RuchyRunner.Run(source, "t.ruchy");
        Assert.Equal(reference.Stdout, stdout);
        Assert.Equal(reference.Stderr, stderr);
        Assert.Contains("in bad, called from t.ruchy:", stderr);
        foreach (var name in new[] { "fill", "words", "count", "bad" })
            Assert.Contains($"jit: compiled {name} after 1 calls", trace);
    }

    [Fact]
    public void ForLoopsOverCollectionsRunInCompiledCode()
    {
        // Arrays, strings, maps and tuples of pairs, a break out of the loop, and an error for what cannot be iterated.
        const string source = """
            fun total(xs) { let mut s = 0; for x in xs { s = s + x }; s }
            fun letters(t) { let mut n = 0; for c in t { if c == "a" { n = n + 1 } }; n }
            fun keys(m) { let mut ks = []; for (k, v) in m { ks.push(f"{k}={v}") }; ks }
            fun first_big(xs) { let mut found = -1; for x in xs { if x > 10 { found = x; break } }; found }
            fun bad(n) { let mut s = 0; for x in n { s = s + x }; s }
            fun main() {
                println(total([1, 2, 3]), letters("banana"), keys({"a": 1, "b": 2}), first_big([3, 12, 40]))
                println(bad(5))
            }
            """;
        var (stdout, stderr, trace) = RunTraced(source, Jit().With(SwitchRegistry.PassInline, false));
        var reference = RuchyRunner.Run(source, "t.ruchy");
        Assert.Equal(reference.Stdout, stdout);
        Assert.Equal(reference.Stderr, stderr);
        Assert.Contains("in bad, called from t.ruchy:", stderr);
        foreach (var name in new[] { "total", "letters", "keys", "first_big", "bad" })
            Assert.Contains($"jit: compiled {name} after 1 calls", trace);
    }
}
