using System.Diagnostics;
using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Cli;

/// <summary>
/// Runs the built `ruchy` executable (ruchy.dll, copied beside the test assembly because the test
/// project references the kernel) as a child process. Each test works in its own temporary folder.
/// </summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir;

    public CliTests()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ruchy-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Stdout.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        public string[] StderrLines => Stderr.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private string Write(string name, string code)
    {
        File.WriteAllText(Path.Combine(_dir, name), code);
        return name;
    }

    private Result Ruchy(params string[] args)
    {
        var r = TestSupport.RuchyProcess.Run(_dir, args);
        return new Result(r.ExitCode, r.Stdout, r.Stderr);
    }

    // ---------------------------------------------------------------- run

    [Fact]
    public void Cli_RunFile_RunsTopLevelThenMainOnce()
    {
        string file = Write("hello.ruchy", "fun main() { println(\"main\") }\nprintln(\"top\")\nmain()\nprintln(1 + 2)\n");
        var r = Ruchy("run", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("top\nmain\n3\n", r.Stdout.Replace("\r\n", "\n"));
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Cli_FileShorthand_IsNotACommand()
    {
        // README: the root `ruchy FILE` shorthand was dropped; only `ruchy run FILE` runs a file.
        string file = Write("short.ruchy", "println(\"MARKER-42\")\n");
        var r = Ruchy(file);
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("MARKER-42", r.Stdout);
        Assert.Contains("short.ruchy", r.Stderr);
    }

    [Fact]
    public void Cli_RunMissingFile_ClearMessage()
    {
        var r = Ruchy("run", "missing.ruchy");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(["ruchy: cannot read 'missing.ruchy': no such file"], r.StderrLines);
    }

    [Fact]
    public void Cli_RuntimeError_ExitOneKeepsStdout()
    {
        string file = Write("err.ruchy", "println(\"before\")\nlet x = 1 / 0\nprintln(\"after\")\n");
        var r = Ruchy("run", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("before\n", r.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(["Error: Division by zero", "  at err.ruchy:2:11"], r.StderrLines);
    }

    [Fact]
    public void Cli_SyntaxError_ExitOneWithPositions()
    {
        string file = Write("syn.ruchy", "println(\"never\")\nlet a = ;\nlet b = 2\nlet c = );\n");
        var r = Ruchy("run", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(["syn.ruchy:2:9: expected an expression, found ';'", "syn.ruchy:4:9: expected an expression, found ')'"], r.StderrLines);
    }

    [Fact]
    public void Cli_UnknownEngine_IsRejected()
    {
        string file = Write("eng.ruchy", "println(\"MARKER-7\")\n");
        var r = Ruchy("run", file, "--engine", "warp");
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("MARKER-7", r.Stdout);
        Assert.Contains("'warp'", r.Stderr);
        Assert.Contains("'ast'", r.Stderr);
    }

    [Fact]
    public void Cli_ExplicitAstEngine_Runs()
    {
        string file = Write("ast.ruchy", "println(2 ** 10)\n");
        var r = Ruchy("run", file, "--engine", "ast");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("1024\n", r.Stdout.Replace("\r\n", "\n"));
    }

    // ---------------------------------------------------------------- -e

    [Fact]
    public void Cli_Eval_PrintsValueOfLastExpression()
    {
        var r = Ruchy("-e", "1 + 2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("3\n", r.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Cli_EvalString_PrintsQuoted()
    {
        var r = Ruchy("-e", "let s = \"ab\"\ns + \"c\"");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("\"abc\"\n", r.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Cli_EvalNilResult_PrintsOnlyProgramOutput()
    {
        var r = Ruchy("--eval", "println(\"side effect\")");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("side effect\n", r.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Cli_EvalRuntimeError_ExitOne()
    {
        var r = Ruchy("-e", "[1][3]");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(["Error: Index out of bounds: index 3, length 1", "  at <eval>:1:4"], r.StderrLines);
    }

    [Fact]
    public void Cli_NoArguments_SaysNothingToDo()
    {
        var r = Ruchy();
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nothing to do", r.Stderr);
    }

    // ---------------------------------------------------------------- check

    [Fact]
    public void Cli_CheckValidFile_SaysOkAndPrintsWarnings()
    {
        string file = Write("warn.ruchy", "fun f() { helper() }\nprintln(\"not run\")\n");
        var r = Ruchy("check", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("warn.ruchy: ok\n", r.Stdout.Replace("\r\n", "\n"));
        Assert.Equal(["warn.ruchy:1:11: warning: call to undefined function 'helper'"], r.StderrLines);
    }

    [Fact]
    public void Cli_CheckWithErrors_ListsEachAndExitsOne()
    {
        string file = Write("bad.ruchy", "let a = 1 + ;\nlet b = 2\nstruct P { x: i64 }\n");
        var parse = Ruchy("check", file);
        Assert.Equal(1, parse.ExitCode);
        Assert.Equal("", parse.Stdout);
        Assert.Equal(["bad.ruchy:1:13: expected an expression, found ';'", "1 error"], parse.StderrLines);

        string file2 = Write("bad2.ruchy", "struct P { x: i64 }\nlet p = P { x: 1, z: 2 }\nbreak\n");
        var resolve = Ruchy("check", file2);
        Assert.Equal(1, resolve.ExitCode);
        Assert.Equal(
            ["bad2.ruchy:2:19: struct 'P' has no field 'z'", "bad2.ruchy:3:1: 'break' outside of a loop", "2 errors"],
            resolve.StderrLines);
    }

    [Fact]
    public void Cli_CheckMissingFile_ClearMessage()
    {
        var r = Ruchy("check", "nope.ruchy");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["ruchy: cannot read 'nope.ruchy': no such file"], r.StderrLines);
    }

    // ---------------------------------------------------------------- tokens and ast

    [Fact]
    public void Cli_Tokens_OnePerLineWithPosition()
    {
        string file = Write("tok.ruchy", "let x = 0x1F\nprintln(f\"{x}\")\n");
        var r = Ruchy("tokens", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            [
                "1:1\tLet 'let'", "1:5\tIdentifier(x)", "1:7\tEq '='", "1:9\tInt(31)",
                "2:1\tIdentifier(println)", "2:8\tLParen '('", "2:9\tFString(\"{x}\")", "2:15\tRParen ')'",
                "3:1\tEndOfFile",
            ],
            r.StdoutLines);
    }

    [Fact]
    public void Cli_TokensWithBadCharacter_ReportsAndExitsOne()
    {
        string file = Write("badtok.ruchy", "a ` b\n");
        var r = Ruchy("tokens", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("1:3\tBad(`)", r.StdoutLines);
        Assert.Equal(["badtok.ruchy:1:3: unexpected character '`'"], r.StderrLines);
    }

    [Fact]
    public void Cli_Ast_PrintsOutline()
    {
        string file = Write("tree.ruchy", "let x = 1 + 2\n");
        var r = Ruchy("ast", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.StdoutLines;
        // The let line may carry flags (e.g. IsConst=False); its kind and position are what matter.
        Assert.StartsWith("  LetStmt", lines[1]);
        Assert.EndsWith("  @1:1", lines[1]);
        Assert.Equal(
            [
                "Program",
                lines[1],
                "    Pattern: BindingPattern Name=\"x\" Mutable=False  @1:5",
                "    Init: Binary Op=Add  @1:11",
                "      Left: Literal 1  @1:9",
                "      Right: Literal 2  @1:13",
            ],
            r.StdoutLines);
    }

    [Fact]
    public void Cli_AstWithSyntaxError_ReportsAndExitsOne()
    {
        string file = Write("badtree.ruchy", "let a = (1 2)\n");
        var r = Ruchy("ast", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("Program", r.StdoutLines[0]);
        Assert.Equal(["badtree.ruchy:1:12: expected ')' or ',' in tuple, found number"], r.StderrLines);
    }

    // ---------------------------------------------------------------- measure, bench

    [Fact]
    public void Cli_Measure_PrintsTheEnvironmentThenOneSampleLinePerIteration()
    {
        string file = Write("sum.ruchy", "let mut t = 0;\nfor i in 0..2000 { t += i; }\nprintln(t)\n");
        var r = Ruchy("measure", file, "--iterations", "3", "--engine", "register");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.StdoutLines;
        Assert.Equal(4, lines.Length);
        Assert.Equal("environment", MeasureProtocol.KindOf(lines[0]));
        for (int i = 1; i < 4; i++)
        {
            var sample = MeasureProtocol.Read<MeasureSample>(lines[i]);
            Assert.Equal(i - 1, sample.Iteration);
            Assert.True(sample.WallNs > 0 && sample.CpuNs >= 0 && sample.AllocatedBytes > 0 && sample.GcPauseNs >= 0, lines[i]);
        }
    }

    [Fact]
    public void Cli_Measure_FailingProgram_PrintsAnErrorLineForItsIteration()
    {
        string file = Write("boom.ruchy", "let xs = [1];\nprintln(xs[5])\n");
        var r = Ruchy("measure", file, "--iterations", "3");
        Assert.Equal(1, r.ExitCode);
        var error = MeasureProtocol.Read<MeasureError>(r.StdoutLines[^1]);
        Assert.Equal(0, error.Iteration);
        Assert.StartsWith("Error:", error.Message);
        Assert.Contains("ruchy measure: Error:", r.Stderr);
    }

    [Fact]
    public void Cli_Bench_PrintsMinimumMedianAndTheLastOutputLine()
    {
        string file = Write("answer.ruchy", "let mut t = 0;\nfor i in 0..100 { t += i; }\nprintln(\"sum\")\nprintln(t)\n");
        var r = Ruchy("bench", file, "--runs", "2", "--engine", "register");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"answer\.ruchy\s+-\s+\d+\.\d\s+\d+\.\d\s+4950", r.Stdout);
        string broken = Write("broken.ruchy", "let xs = [1];\nxs[5]\n");
        var f = Ruchy("bench", broken, "--runs", "2");
        Assert.Equal(1, f.ExitCode);
        Assert.Contains("FAILED: Error:", f.Stdout);
    }

    [Fact]
    public void Cli_AstResolved_ShowsSlotsCapturesAndGlobals()
    {
        string file = Write("bound.ruchy", "let base = 10\nfun f(a) {\n  let mut n = a\n  let g = || n + base\n  g\n}\n");
        var r = Ruchy("ast", "--resolved", file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Stderr);
        // n is captured, so it lives in a cell (slot 1 of f); the lambda reaches it through its capture list.
        Assert.Equal(
            [
                "Program",
                "  Global 0 base",
                "  Global 1 f",
                "  Function f  global=1  params=[a]  frame=3  @2:1",
                "    Body: Block  @2:10",
                "      Statements: Let  @3:3",
                "        Pattern: BindPattern Cell n slot=1  @3:11",
                "        Init: Local a slot=0  @3:15",
                "      Statements: Let  @4:3",
                "        Pattern: BindPattern Local g slot=2  @4:7",
                "        Init: Lambda  @4:11",
                "          Function: Function <lambda>  params=[]  frame=0  captures=[slot 1]  @4:11",
                "            Body: Binary Op=Add  @4:16",
                "              Left: Upvalue n capture=0  @4:14",
                "              Right: Global base global=0  @4:18",
                "      Statements: Local g slot=2  @5:3",
                "  Script <script>  params=[]  frame=0  @1:1",
                "    Body: Block  @1:1",
                "      Statements: Let  @1:1",
                "        Pattern: BindPattern Global base global=0  @1:5",
                "        Init: Const 10  @1:12",
            ],
            r.StdoutLines);
    }

    [Fact]
    public void Cli_AstResolvedWithResolveError_ReportsAndExitsOne()
    {
        string file = Write("badbound.ruchy", "println(1)\nbreak\n");
        var r = Ruchy("ast", "--resolved", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(["badbound.ruchy:2:1: 'break' outside of a loop"], r.StderrLines);
    }

    // ---------------------------------------------------------------- help

    [Theory]
    [InlineData("", "ruchy [command] [options]")]
    [InlineData("run", "ruchy run <file> [options]")]
    [InlineData("check", "ruchy check <file> [options]")]
    [InlineData("tokens", "ruchy tokens <file> [options]")]
    [InlineData("ast", "ruchy ast <file> [options]")]
    public void Cli_Help_DescribesCommand(string command, string usage)
    {
        var r = command.Length == 0 ? Ruchy("--help") : Ruchy(command, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Stdout);
        Assert.Contains(usage, r.Stdout);
        if (command == "ast") Assert.Contains("--resolved", r.Stdout);
        if (command.Length == 0)
        {
            foreach (var sub in new[] { "run <file>", "check <file>", "tokens <file>", "ast <file>", "--eval <CODE>", "--engine" })
                Assert.Contains(sub, r.Stdout);
        }
    }
}
