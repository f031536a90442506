using Ruchy.Bytecode;
using Ruchy.Jit;
using Ruchy.Switches;
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

    private static RegisterProto Proto(BytecodeExecutable<RegisterProto> exe, string name) =>
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
            var exe = (BytecodeExecutable<RegisterProto>)options.Tier.Prepare(compiled.Program!, options);
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
        var exe = (BytecodeExecutable<RegisterProto>)options.Tier.Prepare(compiled.Program!, options);
        Assert.Null(Proto(exe, "f").JitCandidate);
        var output = new StringWriter();
        RuchyEngine.Run(compiled, output, new StringWriter(), options);
        Assert.Equal("3\n", output.ToString());
    }
}
