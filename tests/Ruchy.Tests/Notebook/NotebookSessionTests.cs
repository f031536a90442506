using System.Diagnostics;
using Ruchy.Notebook;

namespace Ruchy.Tests.Notebook;

public class NotebookSessionTests
{
    private static (CellResult Result, RecordingOutput Output) Run(NotebookSession session, string code)
    {
        var output = new RecordingOutput();
        return (session.Execute(code, output), output);
    }

    private static NotebookSession On(string engine)
    {
        var session = new NotebookSession();
        session.Options = session.Options.WithTier(engine);
        return session;
    }

    [Theory]
    [InlineData("ast")]
    [InlineData("register")]
    [InlineData("stack")]
    public void Functions_types_and_variables_persist_across_cells(string engine)
    {
        var s = On(engine);
        Assert.Equal(CellStatus.Ok, Run(s, "fn square(x) { x * x }\nstruct P { x: i64 }\nlet total = 10;").Result.Status);
        Assert.Equal(CellStatus.Ok, Run(s, "impl P { fn twice(&self) -> i64 { self.x * 2 } }").Result.Status);
        var (result, output) = Run(s, "let p = P { x: square(3) };\nprintln(\"{}\", p.twice());\ntotal + p.x");
        Assert.Equal(CellStatus.Ok, result.Status);
        Assert.Equal("18\n", output.Stdout);
        Assert.Equal("19", result.Value!.PlainText);
        Assert.Equal("9", Run(s, "p.x").Result.Value!.PlainText);
    }

    [Theory]
    [InlineData("ast")]
    [InlineData("register")]
    [InlineData("stack")]
    public void Redefinitions_replace_earlier_cells_and_stale_method_caches_are_dropped(string engine)
    {
        var s = On(engine);
        Run(s, "struct P { x: i64 }\nimpl P { fn get(&self) -> i64 { 1 } }\nfn use_it(p: P) -> i64 { p.get() }\nfn f() { 1 }");
        // A closure kept in a variable keeps the code (and call-site caches) of the cell that made it.
        Run(s, "let g = |p| p.get()");
        Assert.Equal("1", Run(s, "use_it(P { x: 0 })").Result.Value!.PlainText);
        Assert.Equal("1", Run(s, "g(P { x: 0 })").Result.Value!.PlainText);
        Run(s, "impl P { fn get(&self) -> i64 { 2 } }\nfn f() { 2 }");
        Assert.Equal("2", Run(s, "use_it(P { x: 0 })").Result.Value!.PlainText);
        Assert.Equal("2", Run(s, "g(P { x: 0 })").Result.Value!.PlainText);
        Assert.Equal("2", Run(s, "f()").Result.Value!.PlainText);
        Run(s, "let f = 5;");
        Assert.Equal("6", Run(s, "f + 1").Result.Value!.PlainText);
    }

    [Fact]
    public void A_cell_that_does_not_compile_changes_nothing_and_reports_line_and_column()
    {
        var s = new NotebookSession();
        Run(s, "let x = 1;");
        var (bad, _) = Run(s, "let y = 2;\nlet x = ;");
        Assert.Equal(CellStatus.Error, bad.Status);
        Assert.Equal("SyntaxError", bad.Error!.Name);
        Assert.Contains("2:", bad.Error.Message);
        Assert.Equal("1", Run(s, "x").Result.Value!.PlainText);
        Assert.Equal(CellStatus.Error, Run(s, "y").Result.Status);
    }

    [Fact]
    public void A_runtime_error_is_one_error_with_its_location_and_keeps_earlier_assignments()
    {
        var s = new NotebookSession();
        var (result, output) = Run(s, "let a = 5;\nprintln(\"before\");\nlet b = 1 / 0;");
        Assert.Equal(CellStatus.Error, result.Status);
        Assert.Equal("RuntimeError", result.Error!.Name);
        Assert.Equal("Division by zero", result.Error.Message);
        Assert.Contains(result.Error.Traceback, line => line.Contains("<cell") && line.Contains(":3:"));
        Assert.Equal("before\n", output.Stdout);
        Assert.Equal("", output.Stderr);
        Assert.Equal("5", Run(s, "a").Result.Value!.PlainText);
    }

    [Fact]
    public void Switching_engines_keeps_data_and_functions_and_clears_closures_with_a_note()
    {
        var s = On("ast");
        Run(s, "fn inc(x) { x + 1 }\nlet data = [1, 2, 3];\nlet add = |x| x + 10;");
        Assert.Equal("11", Run(s, "add(1)").Result.Value!.PlainText);
        Run(s, "%engine register");
        var (result, output) = Run(s, "inc(data[2])");
        Assert.Equal("4", result.Value!.PlainText);
        Assert.Contains("`add` held a closure made by the ast engine", output.Stderr);
        Assert.Equal(CellStatus.Error, Run(s, "add(1)").Result.Status);
    }

    [Theory]
    [InlineData("ast", "loop { }")]
    [InlineData("register", "let mut i = 0;\nwhile true { i += 1; }")]
    [InlineData("stack", "let mut i = 0;\nwhile true { i += 1; }")]
    [InlineData("register", "fn spin(n) { if n > 0 { spin(n - 1) + spin(n - 1) } else { 0 } }\nspin(60)")]
    [InlineData("ast", "fn spin(n) { if n > 0 { spin(n - 1) + spin(n - 1) } else { 0 } }\nspin(60)")]
    // The top-level loop moves to compiled code (on-stack replacement); spin runs compiled, calling itself directly.
    [InlineData("jit", "let mut i = 0;\nwhile true { i += 1; }")]
    [InlineData("jit", "fn spin(n) { if n > 0 { spin(n - 1) + spin(n - 1) } else { 0 } }\nspin(60)")]
    public void Interrupt_stops_a_running_cell_within_a_second_and_the_session_stays_usable(string engine, string code)
    {
        var s = On(engine);
        Run(s, "let kept = 42;");
        var started = new ManualResetEventSlim();
        var output = new RecordingOutput();
        CellResult? result = null;
        var runner = new Thread(() =>
        {
            started.Set();
            result = s.Execute(code, output);
        });
        runner.Start();
        started.Wait();
        Thread.Sleep(300);
        var clock = Stopwatch.StartNew();
        s.Interrupt();
        Assert.True(runner.Join(TimeSpan.FromSeconds(5)), "the cell did not stop");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {clock.Elapsed}");
        Assert.Equal(CellStatus.Interrupted, result!.Status);
        Assert.Equal("42", Run(s, "kept").Result.Value!.PlainText);
    }

    [Fact]
    public void Metta_cells_share_one_space_and_can_be_interrupted()
    {
        var s = new NotebookSession(CellLanguage.Metta);
        Assert.Equal(CellStatus.Ok, Run(s, "(= (answer) 42)").Result.Status);
        Assert.Equal("[42]", Run(s, "!(answer)").Result.Value!.PlainText);
        var (println, output) = Run(s, "!(println! hello)");
        Assert.Equal("hello\n", output.Stdout);
        Assert.Equal("[()]", println.Value!.PlainText);

        Run(s, "(= (forever $x) (forever $x))");
        CellResult? result = null;
        var runner = new Thread(() => result = s.Execute("!(forever 1)", new RecordingOutput()));
        runner.Start();
        Thread.Sleep(300);
        s.Interrupt();
        Assert.True(runner.Join(TimeSpan.FromSeconds(2)));
        Assert.Equal(CellStatus.Interrupted, result!.Status);
        Assert.Equal("[42]", Run(s, "!(answer)").Result.Value!.PlainText);
    }

    [Fact]
    public void A_vector_of_structs_is_also_an_html_table()
    {
        var s = new NotebookSession();
        var value = Run(s, "struct Row { name: String, n: i64 }\n[Row { name: \"a<b\", n: 1 }, Row { name: \"c\", n: 2 }]").Result.Value!;
        var html = value.Get("text/html");
        Assert.NotNull(html);
        Assert.Contains("<th>name</th><th>n</th>", html);
        Assert.Contains("<td>a&lt;b</td><td>1</td>", html);
        Assert.Null(Run(s, "42").Result.Value!.Get("text/html"));
    }

    [Fact]
    public void Completions_offer_session_names_builtins_keywords_and_magics()
    {
        var s = new NotebookSession();
        Run(s, "/// Fibonacci, the slow way.\nfn fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nlet fibs = 3;");
        var c = s.Complete("let y = fi", 10);
        Assert.Equal(8, c.CursorStart);
        Assert.Equal(10, c.CursorEnd);
        Assert.Contains(c.Matches, m => m.Text == "fib" && m.Kind == "function" && m.Detail == "fn fib(n: i64) -> i64");
        Assert.Contains(c.Matches, m => m.Text == "fibs" && m.Kind == "variable");
        Assert.DoesNotContain(c.Matches, m => m.Text == "println");
        Assert.Contains(s.Complete("prin", 4).Matches, m => m.Text == "println" && m.Kind == "builtin");
        Assert.Contains(s.Complete("%ti", 3).Matches, m => m.Text == "timeit" && m.Kind == "magic");
        Assert.Contains(s.Complete("%opt super", 10).Matches, m => m.Text == "superinstructions=");
        Assert.Contains(s.Complete("\"abc\".to_up", 11).Matches, m => m.Text == "to_uppercase");
    }

    [Fact]
    public void Inspect_shows_signatures_docs_values_and_switches()
    {
        var s = new NotebookSession();
        Run(s, "/// Fibonacci, the slow way.\nfn fib(n: i64) -> i64 { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nlet v = [1, 2];");
        var fib = s.Inspect("fib(10)", 1);
        Assert.True(fib.Found);
        Assert.Equal("fn fib(n: i64) -> i64\n\nFibonacci, the slow way.", fib.Data!.PlainText);
        Assert.Equal("v: Vec = [1, 2]", s.Inspect("v", 1).Data!.PlainText);
        Assert.StartsWith("len(x) -> i64", s.Inspect("len(v)", 2).Data!.PlainText);
        Assert.Contains("execution tier", s.Inspect("engine", 3).Data!.PlainText);
        Assert.Contains("IPython", s.Inspect("%timeit x", 3).Data!.PlainText);
        Assert.False(s.Inspect("nothing_here", 3).Found);
    }

    [Theory]
    [InlineData("1 + 1", Completeness.Complete, "")]
    [InlineData("fn f() {", Completeness.Incomplete, "    ")]
    [InlineData("let v = [1, [2,", Completeness.Incomplete, "        ")]
    [InlineData("let x =", Completeness.Incomplete, "")]
    [InlineData("let s = \"abc", Completeness.Incomplete, "")]
    [InlineData("let x = 1; )", Completeness.Invalid, "")]
    [InlineData("let = 5; let y = 2;", Completeness.Invalid, "")]
    public void Is_complete_follows_brackets_strings_and_the_parser(string code, Completeness expected, string indent)
    {
        var r = new NotebookSession().IsComplete(code);
        Assert.Equal(expected, r.Status);
        Assert.Equal(indent, r.Indent);
    }

    [Fact]
    public void Diagnostics_have_line_and_column_and_declare_nothing()
    {
        var s = new NotebookSession();
        var d = Assert.Single(s.Diagnose("let a = 1;\nlet b = ;"), x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(2, d.Line);
        Assert.Empty(s.Diagnose("let fresh = 1;"));
        Assert.Equal(CellStatus.Error, Run(s, "fresh").Result.Status);
    }
}
