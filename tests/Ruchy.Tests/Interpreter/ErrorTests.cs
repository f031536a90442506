using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Interpreter;

public sealed class ErrorTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Runs <paramref name="code"/> as t.ruchy and checks the run-time error contract: exit code 1,
    /// stdout kept, stderr starting with <c>Error: message</c> and <c>  at t.ruchy:line:col</c>.
    /// </summary>
    private static RuchyRunner.Outcome AssertRuntimeError(string code, string message, int line, int column, string stdout = "")
    {
        var o = RuchyRunner.Run(code, "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal(stdout, o.Stdout);
        var lines = Lines(o.Stderr);
        Assert.True(lines.Length >= 2, "stderr: " + o.Stderr);
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{column}", lines[1]);
        return o;
    }

    // ---------------------------------------------------------------- arithmetic

    [Fact]
    public void Error_DivisionByZero_AtOperator_KeepsStdout()
    {
        AssertRuntimeError("println(\"before\")\nlet x = 10 / 0\nprintln(\"after\")", "Division by zero", 2, 12, "before\n");
    }

    [Fact]
    public void Error_RemainderByZero_AtOperator()
    {
        AssertRuntimeError("let x = 10 % 0", "Division by zero", 1, 12);
    }

    [Fact]
    public void Error_FloatRemainderByZero_IsError()
    {
        AssertRuntimeError("let y = 1.5 % 0.0", "Division by zero", 1, 13);
    }

    [Fact]
    public void Error_DivisionByComputedZero_AtOperator()
    {
        AssertRuntimeError("let r = 10 / (5 - 5)", "Division by zero", 1, 12);
    }

    [Theory]
    [InlineData("let x = 9223372036854775807\nlet y = x + 1", "Integer overflow in addition", 2, 11)]
    [InlineData("let x = 9223372036854775807 * 2", "Integer overflow in multiplication", 1, 29)]
    [InlineData("let x = -9223372036854775807 - 2", "Integer overflow in subtraction", 1, 30)]
    [InlineData("let mut i = 9223372036854775807\ni += 1", "Integer overflow in addition", 2, 3)]
    [InlineData("let mut i = 9223372036854775807\ni++", "Integer overflow in addition", 2, 2)]
    [InlineData("let m = 9223372036854775807\nlet n = m * m", "Integer overflow in multiplication", 2, 11)]
    public void Error_IntegerOverflow_AtOperator(string code, string message, int line, int column)
    {
        AssertRuntimeError(code, message, line, column);
    }

    [Fact]
    public void Error_TypeMismatchInOperator_IsTypeError()
    {
        AssertRuntimeError("let v = \"a\" < 1", "Type error: cannot apply '<' to string and integer", 1, 13);
    }

    [Fact]
    public void Error_StringDividedByInt_IsTypeError()
    {
        AssertRuntimeError("println(1)\n\"str\" / 2", "Type error: cannot apply '/' to string and integer", 2, 7, "1\n");
    }

    // ---------------------------------------------------------------- indexing and fields

    [Fact]
    public void Error_IndexOutOfBounds_AtBracket()
    {
        AssertRuntimeError("let a = [1, 2]\nprintln(a[5])", "Index out of bounds: index 5, length 2", 2, 10);
    }

    [Fact]
    public void Error_NegativeIndexOutOfBounds_AtBracket()
    {
        AssertRuntimeError("let a = [0; 3]\na[-4]", "Index out of bounds: index -4, length 3", 2, 2);
    }

    [Fact]
    public void Error_IndexAssignmentOutOfBounds_AtBracket()
    {
        AssertRuntimeError("let a = [1]\na[0] = 5\na[3] = 1", "Index out of bounds: index 3, length 1", 3, 2);
    }

    [Fact]
    public void Error_StringIndexOutOfBounds_AtBracket()
    {
        AssertRuntimeError("let s = \"abc\"\ns[10]", "Index out of bounds: index 10, length 3", 2, 2);
    }

    [Fact]
    public void Error_MissingMapKey_AtBracket()
    {
        AssertRuntimeError("let m = {a: 1}\nm[\"zz\"]", "key \"zz\" not found in map", 2, 2);
    }

    [Fact]
    public void Error_MissingStructField_AtFieldName()
    {
        AssertRuntimeError("struct P { x: i64 }\nlet p = P { x: 1 }\np.y", "struct 'P' has no field 'y'", 3, 3);
    }

    [Fact]
    public void Error_TupleIndexOutOfRange_AtIndex()
    {
        AssertRuntimeError("let t = (1, 2)\nt.5", "tuple index 5 out of range for a tuple of 2", 2, 3);
    }

    // ---------------------------------------------------------------- names and calls

    [Fact]
    public void Error_UndefinedFunction_AtCallee()
    {
        AssertRuntimeError("println(1)\nfoo(1)", "Undefined function: foo", 2, 1, "1\n");
    }

    [Fact]
    public void Error_UndefinedFunction_OnlyWhenReached()
    {
        var o = RuchyRunner.Run("if false { foo() }\nprintln(\"ok\")", "t.ruchy");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("ok\n", o.Stdout);
    }

    [Fact]
    public void Error_UndefinedVariable_AtName()
    {
        AssertRuntimeError("let y = zz + 1", "Undefined variable: zz", 1, 9);
    }

    [Fact]
    public void Error_WrongArgumentCount_AtCall()
    {
        AssertRuntimeError("fun f(a, b) { a }\nf(1)", "Function 'f' expects 2 arguments, got 1", 2, 1);
    }

    [Fact]
    public void Error_TooManyArgumentsWithDefaults_GivesRange()
    {
        AssertRuntimeError("fun f(a, b = 1) { a }\nf(1, 2, 3)", "Function 'f' expects 1 to 2 arguments, got 3", 2, 1);
    }

    [Fact]
    public void Error_WrongMethodArgumentCount_AtMethodName()
    {
        AssertRuntimeError("struct P { x: i64 }\nimpl P { fun m(&self, a) { a } }\nlet p = P { x: 1 }\np.m(1, 2)", "Method 'm' expects 1 argument, got 2", 4, 3);
    }

    [Fact]
    public void Error_UnknownMethod_AtMethodName()
    {
        AssertRuntimeError("let v = [1]\nv.frobnicate()", "Unknown method 'frobnicate' on array", 2, 3);
    }

    [Fact]
    public void Error_UnknownStringMethod_NamesString()
    {
        AssertRuntimeError("let s = \"abc\"\nlet c = s.nope()", "Unknown method 'nope' on string", 2, 11);
    }

    [Fact]
    public void Error_CallingNonFunction_AtCall()
    {
        AssertRuntimeError("let x = 5\nx()", "Cannot call a value of type integer ('x')", 2, 1);
    }

    [Fact]
    public void Error_AssociatedFunctionCalledAsMethod()
    {
        AssertRuntimeError("struct P { x: i64 }\nimpl P { fun make() -> P { P { x: 0 } } }\nlet p = P { x: 1 }\np.make()",
            "'P::make' is an associated function, not a method; call it as P::make(...)", 4, 3);
    }

    // ---------------------------------------------------------------- match, let, loops

    [Fact]
    public void Error_NoMatchArm_AtMatchKeyword()
    {
        AssertRuntimeError("let v = 5\nmatch v {\n  1 => 0\n}", "No match arm matched the value 5", 2, 1);
    }

    [Fact]
    public void Error_NoMatchArm_ShowsStringValueQuoted()
    {
        AssertRuntimeError("println(\"x\")\nlet r = match \"hi\" { \"a\" => 1 }", "No match arm matched the value \"hi\"", 2, 9, "x\n");
    }

    [Fact]
    public void Error_LetPatternMismatch_AtLet()
    {
        AssertRuntimeError("let [a, b] = [1]", "value [1] does not match the pattern of this 'let'", 1, 1);
    }

    [Fact]
    public void Error_IterateOverInteger_AtIterable()
    {
        AssertRuntimeError("for i in 5 { }", "cannot iterate over integer", 1, 10);
    }

    [Fact]
    public void Error_NonIntegerRangeBound_AtRange()
    {
        AssertRuntimeError("for i in 0..true { }", "range bounds must be integers, got bool", 1, 11);
    }

    // ---------------------------------------------------------------- macros, unwrap

    [Fact]
    public void Error_AssertEqFailure_ShowsBothSides()
    {
        AssertRuntimeError("println(1)\nassert_eq!(1 + 1, 3)", "Assertion failed: left == right (left: 2, right: 3)", 2, 1, "1\n");
    }

    [Fact]
    public void Error_AssertEqFailureWithMessage_FormatsMessage()
    {
        AssertRuntimeError("assert_eq!(1, 2, \"math {}\", \"broke\")", "Assertion failed: math broke (left: 1, right: 2)", 1, 1);
    }

    [Fact]
    public void Error_AssertNeFailure_ShowsBothSides()
    {
        AssertRuntimeError("assert_ne!(\"a\", \"a\")", "Assertion failed: left != right (left: \"a\", right: \"a\")", 1, 1);
    }

    [Fact]
    public void Error_AssertFailure()
    {
        AssertRuntimeError("let ok = 1\nassert!(ok > 2)", "Assertion failed", 2, 1);
    }

    [Fact]
    public void Error_PassingAsserts_DoNothing()
    {
        Assert.Equal("fine\n", RuchyRunner.Output("assert!(true)\nassert_eq!(2, 1 + 1)\nassert_ne!(1, 2)\nprintln(\"fine\")"));
    }

    [Fact]
    public void Error_Panic_FormatsMessage()
    {
        AssertRuntimeError("println(\"a\")\n  panic!(\"boom {}\", 42)", "panicked: boom 42", 2, 3, "a\n");
    }

    [Theory]
    [InlineData("todo!()", "not yet implemented")]
    [InlineData("unreachable!(\"x {}\", 1)", "internal error: entered unreachable code: x 1")]
    [InlineData("panic!()", "panicked: explicit panic")]
    public void Error_OtherFailureMacros(string code, string message)
    {
        AssertRuntimeError(code, message, 1, 1);
    }

    [Fact]
    public void Error_UnwrapOnNone_AtMethodName()
    {
        AssertRuntimeError("let o = None\no.unwrap()", "called `unwrap()` on a `None` value", 2, 3);
    }

    [Fact]
    public void Error_UnwrapOnErr_ShowsError()
    {
        AssertRuntimeError("let e = Err(\"bad\")\ne.unwrap()", "called `unwrap()` on an `Err` value: \"bad\"", 2, 3);
    }

    [Fact]
    public void Error_ExpectOnNone_UsesMessage()
    {
        AssertRuntimeError("Some(3).expect(\"need\")\nNone.expect(\"need it\")", "need it", 2, 6);
    }

    // ---------------------------------------------------------------- call stack and recursion

    [Fact]
    public void Error_InsideFunctions_ListsCallStack()
    {
        var o = AssertRuntimeError("fun inner(a) {\n    a[3]\n}\nfun outer() { inner([1]) }\nprintln(\"x\")\nouter()",
            "Index out of bounds: index 3, length 1", 2, 6, "x\n");
        Assert.Equal(
            ["  in inner, called from t.ruchy:4:15", "  in outer, called from t.ruchy:6:1"],
            Lines(o.Stderr).Skip(2));
    }

    [Fact]
    public void Error_InsideMain_KeepsOutputAndNamesMain()
    {
        var o = AssertRuntimeError("fun main() {\n  println(\"in main\")\n  let a = []\n  a[0]\n}", "Index out of bounds: index 0, length 0", 4, 4, "in main\n");
        Assert.StartsWith("  in main, called from t.ruchy:", Lines(o.Stderr)[2]);
    }

    [Fact]
    public void Error_MillionDeepRecursion_IsStackOverflowAndHostSurvives()
    {
        var o = RuchyRunner.Run("println(\"start\")\nfun down(n) { if n == 0 { 0 } else { 1 + down(n - 1) } }\nprintln(down(1000000))", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("start\n", o.Stdout);
        var lines = Lines(o.Stderr);
        Assert.StartsWith("Error: stack overflow", lines[0]);
        Assert.Equal("Error: stack overflow: call depth exceeded 100000 (in down)", lines[0]);
        Assert.Equal("  at t.ruchy:2:42", lines[1]);
        // Identical frames collapse into one line instead of 100,000.
        Assert.True(lines.Length < 20, "stack trace not collapsed: " + lines.Length + " lines");
        Assert.Contains(lines, l => l.StartsWith("  ... the line above repeated ", StringComparison.Ordinal));

        // The host is fine: the next run works, and recursion below the limit still succeeds.
        Assert.Equal("5000\n", RuchyRunner.Output("fun down(n) { if n == 0 { 0 } else { 1 + down(n - 1) } }\nprintln(down(5000))"));
    }

    [Fact]
    public void Error_InfiniteRecursion_IsStackOverflow()
    {
        var o = RuchyRunner.Run("fun f(n) { f(n + 1) }\nf(0)", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.StartsWith("Error: stack overflow: call depth exceeded", o.Stderr);
    }

    // ---------------------------------------------------------------- syntax and resolve errors at run

    [Fact]
    public void Error_SyntaxErrors_ExitOneWithPositionLines()
    {
        var o = RuchyRunner.Run("println(\"never\")\nlet a = ;\nlet b = 2\nlet c = );", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal(
            ["t.ruchy:2:9: expected an expression, found ';'", "t.ruchy:4:9: expected an expression, found ')'"],
            Lines(o.Stderr));
    }

    [Fact]
    public void Error_LexerError_ExitOneWithPosition()
    {
        var o = RuchyRunner.Run("println(1)\nlet s = \"open", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal("t.ruchy:2:9: unterminated string literal", Lines(o.Stderr)[0]);
    }

    [Fact]
    public void Error_ResolveError_ExitOneBeforeRunning()
    {
        var o = RuchyRunner.Run("println(\"never\")\nbreak", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal(["t.ruchy:2:1: 'break' outside of a loop"], Lines(o.Stderr));
    }

    [Fact]
    public void Error_FileNameInMessages_IsThePathGiven()
    {
        var o = RuchyRunner.Run("1 / 0", "dir/prog.ruchy");
        Assert.Equal(["Error: Division by zero", "  at dir/prog.ruchy:1:3"], Lines(o.Stderr));
    }
}
