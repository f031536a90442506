using Ruchy.Notebook;

namespace Ruchy.Tests.Notebook;

public class MagicTests
{
    private static (CellResult Result, RecordingOutput Output) Run(NotebookSession session, string code)
    {
        var output = new RecordingOutput();
        return (session.Execute(code, output), output);
    }

    [Fact]
    public void Engine_and_opt_change_the_switches_of_later_cells()
    {
        var s = new NotebookSession();
        Assert.Equal("engine=ast", Run(s, "%engine").Result.Value!.PlainText);
        Run(s, "%engine stack");
        Assert.Equal("stack", s.Options.Tier.Name);
        var table = Run(s, "%opt superinstructions=off memo=off").Result.Value!;
        Assert.False(s.Options.IsOn(SwitchRegistry.Superinstructions));
        Assert.False(s.Options.IsOn(SwitchRegistry.MettaMemo));
        Assert.Matches(@"superinstructions\s+off", table.PlainText);
        Assert.Contains("<td>engine</td><td><b>stack</b></td>", table.Get("text/html"));
        var bad = Run(s, "%engine turbo").Result;
        Assert.Equal("MagicError", bad.Error!.Name);
        Assert.Contains("engine", bad.Error.Message);
    }

    [Fact]
    public void Line_magics_run_before_the_code_that_follows_them()
    {
        var s = new NotebookSession();
        var (result, _) = Run(s, "%engine register\nlet x = 20;\nx + 1");
        Assert.Equal("21", result.Value!.PlainText);
        Assert.Equal("register", s.Options.Tier.Name);
    }

    [Fact]
    public void Timeit_reports_mean_and_std_over_runs_and_o_returns_the_samples()
    {
        var s = new NotebookSession();
        Run(s, "fn work(n) { let mut t = 0; for i in 0..n { t += i; } t }");
        var (result, output) = Run(s, "%timeit -n 3 -r 4 -o work(100)");
        Assert.Equal(CellStatus.Ok, result.Status);
        Assert.Matches(@"^\d+(\.\d+)? (ns|µs|ms|s) ± \d+(\.\d+)? (ns|µs|ms|s) per loop \(mean ± std\. dev\. of 4 runs, 3 loops each\)\n\[engine=ast", output.Stdout);
        Assert.Contains("TieredPGO", output.Stdout);
        Assert.Equal(4, Run(s, "len(_timeit)").Result.Value!.PlainText.Length > 0 ? int.Parse(Run(s, "len(_timeit)").Result.Value!.PlainText) : -1);
        Assert.Contains("\"runs\":4", result.Value!.Get("application/json"));
        var cell = Run(s, "%%timeit -n 2 -r 2 let base = 5;\nwork(base)");
        Assert.Equal(CellStatus.Ok, cell.Result.Status);
        Assert.Contains("2 runs, 2 loops each", cell.Output.Stdout);
    }

    [Fact]
    public void Timeit_without_n_picks_a_power_of_ten_taking_a_fifth_of_a_second()
    {
        var s = new NotebookSession();
        var (_, output) = Run(s, "%timeit -r 2 1 + 1");
        var loops = System.Text.RegularExpressions.Regex.Match(output.Stdout, @"of 2 runs, ([\d,]+) loops? each").Groups[1].Value.Replace(",", "");
        long n = long.Parse(loops);
        Assert.True(n >= 10 && Math.Log10(n) % 1 == 0, $"loop count {n} is not a power of ten above 1");
    }

    [Fact]
    public void Timeit_reports_errors_of_the_timed_code()
    {
        var r = Run(new NotebookSession(), "%timeit -n 1 -r 1 undefined_thing()").Result;
        Assert.Equal(CellStatus.Error, r.Status);
        Assert.Contains("undefined_thing", r.Error!.Message);
    }

    [Fact]
    public void Timeit_times_metta_code_and_reports_its_errors()
    {
        var s = new NotebookSession(CellLanguage.Metta);
        var (result, output) = Run(s, "%timeit -n 2 -r 3 -o !(+ 1 2)");
        Assert.Equal(CellStatus.Ok, result.Status);
        Assert.Contains("3 runs, 2 loops each", output.Stdout);
        Assert.Contains("\"runs\":3", result.Value!.Get("application/json"));
        var bad = Run(s, "%timeit -n 1 -r 1 !(+ 1 2").Result;
        Assert.Equal(CellStatus.Error, bad.Status);
        Assert.Equal("MettaError", bad.Error!.Name);
    }

    [Fact]
    public void Timeit_runs_the_code_once_per_loop_against_the_session_state()
    {
        var s = new NotebookSession();
        Run(s, "let mut calls = 0;");
        Assert.Equal(CellStatus.Ok, Run(s, "%timeit -n 4 -r 3 -q calls += 1").Result.Status);
        Assert.Equal("12", Run(s, "calls").Result.Value!.PlainText);
    }

    [Fact]
    public void Compare_reports_an_error_of_the_compared_code()
    {
        var r = Run(new NotebookSession(), "%%compare --rounds 2 engine=ast engine=register\nlet xs = [1];\nxs[5]").Result;
        Assert.Equal(CellStatus.Error, r.Status);
        Assert.Equal("RuntimeError", r.Error!.Name);
    }

    [Fact]
    public void Disasm_lists_a_session_function_on_either_vm()
    {
        var s = new NotebookSession();
        Run(s, "fn add1(x) { x + 1 }");
        var register = Run(s, "%disasm add1").Result.Value!.PlainText;
        Assert.StartsWith("function add1", register);
        Assert.Contains("AddK", register);
        var stack = Run(s, "%disasm add1 --engine stack").Result.Value!.PlainText;
        Assert.StartsWith("function add1", stack);
        Assert.NotEqual(register, stack);
        var cell = Run(s, "%%disasm\nfn twice(x) { add1(add1(x)) }\ntwice(41)").Result.Value!.PlainText;
        Assert.StartsWith("function <script>", cell);
        Assert.Contains("function twice", cell);
        // Functions of earlier cells are listed by %disasm FUNC, where their positions are right.
        Assert.DoesNotContain("function add1", cell);
        Assert.Equal("MagicError", Run(s, "%disasm nope").Result.Error!.Name);
    }

    [Fact]
    public void Jit_trace_shows_what_the_jit_does_in_the_cells_output_while_on()
    {
        var s = new NotebookSession();
        Run(s, "%engine jit");
        Run(s, "%opt jit.call_threshold=0 pass.inline=off");
        Assert.Equal("jit trace on", Run(s, "%jit on").Result.Value!.PlainText);
        Run(s, "fn sq(x) { x * x }");
        var (first, firstOut) = Run(s, "sq(3) + sq(1.5)");
        Assert.Equal("11.25", first.Value!.PlainText);
        // Compiled for an int x at its first call; the second call's float fails the entry guard.
        Assert.Contains("jit: compiled sq after 1 calls", firstOut.Stderr);
        Assert.Contains("x: int", firstOut.Stderr);
        Assert.Contains("jit: sq: entry guard failed", firstOut.Stderr);
        Run(s, "%jit off");
        var (_, quiet) = Run(s, "sq(3) + sq(2.5)");
        Assert.Equal("", quiet.Stderr);
        Assert.Equal("MagicError", Run(s, "%jit loud").Result.Error!.Name);
    }

    [Fact]
    public void Jit_cell_magic_runs_one_cell_on_the_jit_with_its_il()
    {
        var s = new NotebookSession();
        Run(s, "%opt jit.call_threshold=0 pass.inline=off");
        var (result, output) = Run(s, "%%jit --il\nfn add1(x) { x + 1 }\nlet mut t = 0\nfor i in 0..2000 { t = add1(t) }\nt");
        Assert.Equal("2000", result.Value!.PlainText);
        Assert.Contains("jit: compiled add1", output.Stderr);
        Assert.Contains("ldarg", output.Stderr);
        // The session's engine and trace are untouched.
        Assert.Equal("ast", s.Options.Tier.Name);
        Assert.Equal(JitTraceMode.Off, s.JitTrace);
    }

    [Fact]
    public void Disasm_with_the_jit_engine_shows_the_il_or_why_a_function_stays_interpreted()
    {
        var s = new NotebookSession();
        Run(s, "fn add1(x) { x + 1 }");
        Run(s, "fn adder(k) { |x| x + k }");
        var il = Run(s, "%disasm add1 --engine jit").Result.Value!.PlainText;
        Assert.StartsWith("; add1: compiled when called often enough", il);
        Assert.Contains("call JitOps.Add", il);
        var closure = Run(s, "%disasm adder --engine jit").Result.Value!.PlainText;
        Assert.StartsWith("; adder: stays interpreted: it creates closures", closure);
    }

    [Fact]
    public void Ir_shows_a_function_after_each_pass_with_new_lines_marked()
    {
        var s = new NotebookSession();
        Run(s, "fn scaled(x) { let k = 2 * 3; x * k }");
        var text = Run(s, "%ir scaled").Result.Value!.PlainText;
        Assert.StartsWith(";; after construction", text);
        Assert.Contains(";; after sccp", text);
        Assert.Contains("fn scaled {", text);
        // SCCP folds 2 * 3: its listing shows the new constant 6 as a changed line.
        Assert.Contains("* ", text);
        Assert.Contains("const 6", text);
        var o0 = Run(s, "%ir scaled -O 0").Result.Value!.PlainText;
        Assert.DoesNotContain(";; after sccp", o0);
        var cell = Run(s, "%%ir -O 1\nfn twice(x) { scaled(scaled(x)) }\ntwice(1)").Result.Value!.PlainText;
        Assert.Contains("fn <script> {", cell);
        Assert.Contains("fn twice {", cell);
        Assert.DoesNotContain("fn scaled {", cell);
        Assert.Contains(";; after simplify_cfg", cell);
        Assert.DoesNotContain(";; after gvn", cell);
        Assert.Equal("MagicError", Run(s, "%ir nope").Result.Error!.Name);
    }

    [Fact]
    public void Metta_and_ruchy_cell_magics_switch_language()
    {
        var ruchy = new NotebookSession();
        Run(ruchy, "%%metta\n(= (double $x) (* 2 $x))");
        Assert.Equal("[42]", Run(ruchy, "%%metta\n!(double 21)").Result.Value!.PlainText);
        var metta = new NotebookSession(CellLanguage.Metta);
        Assert.Equal("3", Run(metta, "%%ruchy\n1 + 2").Result.Value!.PlainText);
    }

    [Fact]
    public void Display_shows_a_value_now_and_the_cell_goes_on()
    {
        var s = new NotebookSession();
        var (result, output) = Run(s, "%display [1, 2, 3]\nlet n = 4;\nn");
        var shown = Assert.Single(output.Displays);
        Assert.Equal("[1, 2, 3]", shown.PlainText);
        Assert.Equal("4", result.Value!.PlainText);
        Assert.Equal(CellStatus.Error, Run(s, "%display nope()").Result.Status);
    }

    [Fact]
    public void Lsmagic_lists_every_magic_and_unknown_ones_fail_clearly()
    {
        var s = new NotebookSession();
        var list = Run(s, "%lsmagic").Result.Value!.PlainText;
        foreach (var name in new[] { "%timeit", "%engine", "%opt", "%disasm", "%%metta", "%experiment run", "%%compare", "%report" })
            Assert.Contains(name, list);
        var r = Run(s, "%frobnicate").Result;
        Assert.Equal(CellStatus.Error, r.Status);
        Assert.Contains("unknown magic 'frobnicate'", r.Error!.Message);
        Assert.Contains("cell magic", Run(s, "%metta (foo)").Result.Error!.Message);
        Assert.Equal("%%timeit is a cell magic: it must be the first line of the cell", Run(s, "%engine ast\n%%timeit\n1").Result.Error!.Message);
    }

    [Fact]
    public void Blind_compare_hides_the_arms_until_unblind_and_the_commitment_checks()
    {
        var s = new NotebookSession();
        var (result, output) = Run(s, "%%compare --blind --rounds 2 engine=ast engine=register\nlet mut t = 0;\nfor i in 0..2000 { t += i; }\nt");
        Assert.Equal(CellStatus.Ok, result.Status);
        var text = result.Value!.PlainText;
        Assert.DoesNotContain("engine=", text);
        Assert.Contains("X: median", text);
        Assert.Contains("Y: median", text);
        Assert.NotNull(result.Value.Get("image/png"));
        Assert.Contains("<svg", result.Value.Get("image/svg+xml"));
        Assert.DoesNotContain("engine=", result.Value.Get("image/svg+xml"));
        var commitment = System.Text.RegularExpressions.Regex.Match(output.Stdout, "sha256=([0-9a-f]{64})").Groups[1].Value;
        var reveal = Run(s, "%unblind").Result.Value!.PlainText;
        Assert.Contains($"commitment sha256={commitment} (verified)", reveal);
        Assert.Contains("engine=ast", reveal);
        Assert.Contains("engine=register", reveal);
    }
}
