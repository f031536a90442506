using Ruchy.Execution;
using Ruchy.Jit;
using Ruchy.Switches;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Jit;

/// <summary>Stored JIT profiles (<c>--profile-out</c>, <c>--profile-in</c>): what a run learned, and a second run that starts from it.</summary>
public sealed class JitProfileTests
{
    private const string Program = """
        fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
        fun main() {
            let mut t = 0
            for i in 0..3000 { t = t + i % 3 }
            println(t)
            println(fib(15))
        }
        """;

    private static readonly RunOptions Jit = RunOptions.Default.WithTier("jit").With(SwitchRegistry.PassInline, false);

    private static (string Stdout, string Trace, JitProfile? Profile) Run(string source, JitProfile? stored = null, RunOptions? options = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var trace = new StringWriter { NewLine = "\n" };
        JitProfile? learned = null;
        var hooks = new RunHooks { JitTrace = trace, JitProfileIn = stored, JitProfileOut = p => learned = p };
        var result = RuchyEngine.Run(SourceText.From(source, "t.ruchy"), stdout, new StringWriter(), options ?? Jit, hooks);
        Assert.Equal(0, result.ExitCode);
        return (stdout.ToString(), trace.ToString(), learned);
    }

    [Fact]
    public void A_run_records_calls_loops_argument_kinds_and_tiers()
    {
        var (stdout, _, profile) = Run(Program);
        Assert.Equal("3000\n610\n", stdout);
        Assert.NotNull(profile);
        Assert.Equal(JitProfile.Hash(Program), profile.SourceSha256);
        var fib = profile.Functions.Single(f => f.Name == "fib");
        Assert.Equal(101, fib.Calls);
        Assert.Equal("optimized", fib.Tier);
        Assert.Equal(["int"], fib.ParamKinds.Single());
        var main = profile.Functions.Single(f => f.Name == "main");
        Assert.Equal("osr", main.Tier);
        Assert.Equal(1001, main.BackEdges);
        // The file format round-trips.
        var json = profile.ToJson();
        Assert.Contains("\"format\": \"ruchy-jit-profile/1\"", json);
        Assert.Equal(json, JitProfile.Parse(json, "p.json").ToJson());
    }

    [Fact]
    public void A_stored_profile_compiles_hot_code_at_its_first_call_and_loops_at_their_first_back_edge()
    {
        var (_, _, profile) = Run(Program);
        var (stdout, trace, again) = Run(Program, JitProfile.Parse(profile!.ToJson(), "p.json"));
        Assert.Equal("3000\n610\n", stdout);
        Assert.Contains("jit: stored profile: 3 of 3 functions matched", trace);
        Assert.Contains("jit: compiled fib after 1 calls", trace);
        Assert.Contains("n: int", trace);
        Assert.Contains("(from the stored profile)", trace);
        Assert.Contains("jit: compiled main for on-stack replacement at its loops b1 after 1 back edges", trace);
        // What the second run writes counts its own calls, not the seeded ones.
        Assert.Equal(1, again!.Functions.Single(f => f.Name == "fib").Calls);
    }

    [Fact]
    public void A_function_that_went_generic_starts_without_speculation()
    {
        const string source = """
            fun f(x) { x + 1 }
            fun main() { let mut s = 0.0; for i in 0..300 { s = s + f(i) }; for i in 0..300 { s = s + f(0.5) }; println(s) }
            """;
        var options = Jit.With(SwitchRegistry.JitLoopThreshold, "10000");
        var (stdout, trace, profile) = Run(source, options: options);
        Assert.Contains("jit: f: entry guard failed", trace);
        var f = profile!.Functions.Single(p => p.Name == "f");
        Assert.Equal("generic", f.Tier);
        Assert.True(f.Deopts >= JitPolicy.ExitLimit);
        Assert.Equal(["float", "int"], f.ParamKinds.Single().Order(StringComparer.Ordinal));
        var (again, secondTrace, _) = Run(source, profile, options);
        Assert.Equal(stdout, again);
        Assert.Contains("jit: compiled f after 1 calls", secondTrace);
        Assert.DoesNotContain("x: int", secondTrace);
        Assert.DoesNotContain("entry guard failed", secondTrace);
    }

    [Fact]
    public void A_stale_profile_costs_time_but_never_changes_the_output()
    {
        // Recorded with ints only; this version of the program also passes floats: the entry guard catches them.
        const string source = "fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nfun main() { println(fib(2)); println(fib(12.5)) }";
        var stale = JitProfile.Parse("""
            { "format": "ruchy-jit-profile/1", "call_threshold": 100, "loop_threshold": 1000,
              "functions": [ { "name": "fib", "params": 1, "calls": 101, "param_kinds": [["int"]], "tier": "optimized" } ] }
            """, "stale.json");
        var (stdout, trace, _) = Run(source, stale);
        Assert.Equal(RuchyRunner.Output(source), stdout);
        Assert.Contains("jit: fib: entry guard failed", trace);
    }

    [Theory]
    [InlineData("[1, 2]", "p.json: bad JIT profile: not a JSON object")]
    [InlineData("{ \"format\": \"other\" }", "p.json: bad JIT profile: not a Ruchy JIT profile")]
    [InlineData("{ \"format\": \"ruchy-jit-profile/1\", \"functions\": [ { \"name\": \"f\", \"params\": 1, \"param_kinds\": [[\"integer\"]] } ] }",
        "p.json: bad JIT profile: functions[0].param_kinds: unknown kind 'integer'")]
    [InlineData("{ \"format\": \"ruchy-jit-profile/1\", \"functions\": [ { \"params\": 1 } ] }", "p.json: bad JIT profile: functions[0] has no \"name\"")]
    [InlineData("{ \"format\": \"ruchy-jit-profile/1\",\n \"functions\": [ ", "p.json: bad JIT profile: line 2:")]
    public void A_malformed_profile_is_an_error_that_names_the_file_and_the_problem(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => JitProfile.Parse(json, "p.json"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Reuse_profile_starts_each_run_from_the_previous_runs_profile()
    {
        // A source of its own: the previous-run store is per process and keyed by the source.
        string source = Program.Replace("0..3000", "0..3001", StringComparison.Ordinal);
        var options = Jit.With(SwitchRegistry.JitReuseProfile, true);
        var (first, firstTrace, _) = Run(source, options: options);
        Assert.DoesNotContain("stored profile", firstTrace);
        Assert.Contains("jit: compiled fib after 101 calls", firstTrace);
        var (second, secondTrace, _) = Run(source, options: options);
        Assert.Equal(first, second);
        Assert.Contains("jit: stored profile: 3 of 3 functions matched", secondTrace);
        Assert.Contains("jit: compiled fib after 1 calls", secondTrace);
    }

    [Fact]
    public void Adaptive_controller_raises_lowers_and_delays_speculation_from_what_the_run_saw()
    {
        var start = new JitThresholds(100, 1000, 0);
        TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
        // Compiling is 60% of the run after 8 compilations: both thresholds double.
        var up = JitPolicy.Decide(start, speculate: true, Ms(50), Ms(30), compilations: 8, deopts: 0, interpretedCalls: false, out var why);
        Assert.Equal(new JitThresholds(200, 2000, 0), up);
        Assert.StartsWith("compiling took 60", why);
        // The same share after one compilation (a slow first one says little): unchanged.
        Assert.Equal(start, JitPolicy.Decide(start, true, Ms(50), Ms(30), 1, 0, false, out _));
        // Compiling is 1% and candidates keep running interpreted: the call threshold halves, down to 1.
        Assert.Equal(new JitThresholds(50, 1000, 0), JitPolicy.Decide(start, true, Ms(100), Ms(1), 3, 0, interpretedCalls: true, out _));
        Assert.Equal(new JitThresholds(1, 1000, 0), JitPolicy.Decide(new JitThresholds(1, 1000, 0), true, Ms(100), Ms(1), 3, 0, true, out _));
        // Not before 20 ms of run.
        Assert.Equal(start, JitPolicy.Decide(start, true, Ms(10), Ms(0.01), 3, 0, true, out _));
        // Guards failing often: speculation waits for a baseline profile; never without speculation.
        Assert.Equal(new JitThresholds(100, 1000, 100), JitPolicy.Decide(start, true, Ms(100), Ms(10), 4, deopts: 9, false, out why));
        Assert.Contains("9 guard failures in 4 compilations", why);
        Assert.Equal(start, JitPolicy.Decide(start, speculate: false, Ms(100), Ms(10), 4, 9, false, out _));
        // Raised thresholds stop at their ceilings.
        Assert.Equal(new JitThresholds(10000, 100000, 0), JitPolicy.Decide(new JitThresholds(8000, 90000, 0), true, Ms(50), Ms(30), 8, 0, false, out _));
    }

    [Fact]
    public void Adaptive_mode_runs_programs_as_the_interpreter_does_and_says_what_it_changes()
    {
        // Forty functions compiled at their first call and run a few times each: the controller may raise the
        // thresholds (compiling dominates); whatever it does, the output is the interpreter's and each change is traced.
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 40; i++) sb.Append($"fun f{i}(x) {{ x * {i} + 1 }}\n");
        sb.Append("fun main() {\n    let mut s = 0\n");
        for (int i = 0; i < 40; i++) sb.Append($"    for k in 0..3 {{ s = s + f{i}(k) }}\n");
        sb.Append("    println(s)\n}\n");
        string source = sb.ToString();
        var options = Jit.With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.JitAdaptive, true);
        var (stdout, trace, _) = Run(source, options: options);
        Assert.Equal(RuchyRunner.Output(source), stdout);
        foreach (var line in trace.Split('\n'))
            if (line.StartsWith("jit: adaptive:", StringComparison.Ordinal)) Assert.Contains("->", line);
    }
}
