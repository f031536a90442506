using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Interpreter;

/// <summary>
/// Error messages, positions and stack traces, each case on every tier of <see cref="TierRegistry.All"/>
/// (the tier is the first argument of every case): every tier must report exactly what the AST tier reports.
/// </summary>
public sealed class ErrorTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Runs <paramref name="code"/> on <paramref name="tier"/>; on any other tier than the reference it
    /// also runs it on the AST tier and requires the same exit code, stdout and whole stderr (message,
    /// position and every line of the stack trace), whatever the test goes on to check.
    /// </summary>
    private static RuchyRunner.Outcome RunOn(string tier, string code, string path = "t.ruchy")
    {
        var o = RuchyRunner.Run(code, path, tier);
        if (tier == TierRegistry.Reference.Name) return o;
        var reference = RuchyRunner.Run(code, path, TierRegistry.Reference.Name);
        Assert.True(reference == o,
            $"{tier} differs from {TierRegistry.Reference.Name}\n--- {TierRegistry.Reference.Name} (exit {reference.ExitCode})\n{reference.Stdout}\n{reference.Stderr}\n" +
            $"--- {tier} (exit {o.ExitCode})\n{o.Stdout}\n{o.Stderr}");
        return o;
    }

    /// <summary>
    /// Runs <paramref name="code"/> as t.ruchy and checks the run-time error contract: exit code 1,
    /// stdout kept, stderr starting with <c>Error: message</c> and <c>  at t.ruchy:line:col</c>.
    /// </summary>
    private static RuchyRunner.Outcome AssertRuntimeError(string tier, string code, string message, int line, int column, string stdout = "")
    {
        var o = RunOn(tier, code);
        Assert.Equal(1, o.ExitCode);
        Assert.Equal(stdout, o.Stdout);
        var lines = Lines(o.Stderr);
        Assert.True(lines.Length >= 2, "stderr: " + o.Stderr);
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{column}", lines[1]);
        return o;
    }

    // ---------------------------------------------------------------- arithmetic

    [Theory, AllTiers]
    public void Error_DivisionByZero_AtOperator_KeepsStdout(string tier)
    {
        AssertRuntimeError(tier, "println(\"before\")\nlet x = 10 / 0\nprintln(\"after\")", "Division by zero", 2, 12, "before\n");
    }

    [Theory, AllTiers]
    public void Error_RemainderByZero_AtOperator(string tier)
    {
        AssertRuntimeError(tier, "let x = 10 % 0", "Division by zero", 1, 12);
    }

    // A float remainder by zero is NaN, as in Rust (issue 22): Semantics/FloatRemainderTests.

    [Theory, AllTiers]
    public void Error_DivisionByComputedZero_AtOperator(string tier)
    {
        AssertRuntimeError(tier, "let r = 10 / (5 - 5)", "Division by zero", 1, 12);
    }

    [Theory]
    [TierData("let x = 9223372036854775807\nlet y = x + 1", "Integer overflow in addition", 2, 11)]
    [TierData("let x = 9223372036854775807 * 2", "Integer overflow in multiplication", 1, 29)]
    [TierData("let x = -9223372036854775807 - 2", "Integer overflow in subtraction", 1, 30)]
    [TierData("let mut i = 9223372036854775807\ni += 1", "Integer overflow in addition", 2, 3)]
    [TierData("let mut i = 9223372036854775807\ni++", "Integer overflow in addition", 2, 2)]
    [TierData("let m = 9223372036854775807\nlet n = m * m", "Integer overflow in multiplication", 2, 11)]
    public void Error_IntegerOverflow_AtOperator(string tier, string code, string message, int line, int column)
    {
        AssertRuntimeError(tier, code, message, line, column);
    }

    [Theory, AllTiers]
    public void Error_TypeMismatchInOperator_IsTypeError(string tier)
    {
        AssertRuntimeError(tier, "let v = \"a\" < 1", "Type error: cannot apply '<' to string and integer", 1, 13);
    }

    [Theory, AllTiers]
    public void Error_StringDividedByInt_IsTypeError(string tier)
    {
        AssertRuntimeError(tier, "println(1)\n\"str\" / 2", "Type error: cannot apply '/' to string and integer", 2, 7, "1\n");
    }

    // ---------------------------------------------------------------- indexing and fields

    [Theory, AllTiers]
    public void Error_IndexOutOfBounds_AtBracket(string tier)
    {
        AssertRuntimeError(tier, "let a = [1, 2]\nprintln(a[5])", "Index out of bounds: index 5, length 2", 2, 10);
    }

    [Theory, AllTiers]
    public void Error_NegativeIndexOutOfBounds_AtBracket(string tier)
    {
        AssertRuntimeError(tier, "let a = [0; 3]\na[-4]", "Index out of bounds: index -4, length 3", 2, 2);
    }

    [Theory, AllTiers]
    public void Error_IndexAssignmentOutOfBounds_AtBracket(string tier)
    {
        AssertRuntimeError(tier, "let a = [1]\na[0] = 5\na[3] = 1", "Index out of bounds: index 3, length 1", 3, 2);
    }

    [Theory, AllTiers]
    public void Error_StringIndexOutOfBounds_AtBracket(string tier)
    {
        AssertRuntimeError(tier, "let s = \"abc\"\ns[10]", "Index out of bounds: index 10, length 3", 2, 2);
    }

    [Theory, AllTiers]
    public void Error_MissingMapKey_AtBracket(string tier)
    {
        AssertRuntimeError(tier, "let m = {a: 1}\nm[\"zz\"]", "key \"zz\" not found in map", 2, 2);
    }

    [Theory, AllTiers]
    public void Error_MissingStructField_AtFieldName(string tier)
    {
        AssertRuntimeError(tier, "struct P { x: i64 }\nlet p = P { x: 1 }\np.y", "struct 'P' has no field 'y'", 3, 3);
    }

    [Theory, AllTiers]
    public void Error_TupleIndexOutOfRange_AtIndex(string tier)
    {
        AssertRuntimeError(tier, "let t = (1, 2)\nt.5", "tuple index 5 out of range for a tuple of 2", 2, 3);
    }

    // ---------------------------------------------------------------- names and calls

    [Theory, AllTiers]
    public void Error_UndefinedFunction_AtCallee(string tier)
    {
        AssertRuntimeError(tier, "println(1)\nfoo(1)", "Undefined function: foo", 2, 1, "1\n");
    }

    [Theory, AllTiers]
    public void Error_UndefinedFunction_OnlyWhenReached(string tier)
    {
        var o = RunOn(tier, "if false { foo() }\nprintln(\"ok\")");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("ok\n", o.Stdout);
    }

    [Theory, AllTiers]
    public void Error_UndefinedVariable_AtName(string tier)
    {
        AssertRuntimeError(tier, "let y = zz + 1", "Undefined variable: zz", 1, 9);
    }

    [Theory, AllTiers]
    public void Error_WrongArgumentCount_AtCall(string tier)
    {
        AssertRuntimeError(tier, "fun f(a, b) { a }\nf(1)", "Function 'f' expects 2 arguments, got 1", 2, 1);
    }

    [Theory, AllTiers]
    public void Error_TooManyArgumentsWithDefaults_GivesRange(string tier)
    {
        AssertRuntimeError(tier, "fun f(a, b = 1) { a }\nf(1, 2, 3)", "Function 'f' expects 1 to 2 arguments, got 3", 2, 1);
    }

    [Theory, AllTiers]
    public void Error_WrongMethodArgumentCount_AtMethodName(string tier)
    {
        AssertRuntimeError(tier, "struct P { x: i64 }\nimpl P { fun m(&self, a) { a } }\nlet p = P { x: 1 }\np.m(1, 2)", "Method 'm' expects 1 argument, got 2", 4, 3);
    }

    [Theory, AllTiers]
    public void Error_UnknownMethod_AtMethodName(string tier)
    {
        AssertRuntimeError(tier, "let v = [1]\nv.frobnicate()", "Unknown method 'frobnicate' on array", 2, 3);
    }

    [Theory, AllTiers]
    public void Error_UnknownStringMethod_NamesString(string tier)
    {
        AssertRuntimeError(tier, "let s = \"abc\"\nlet c = s.nope()", "Unknown method 'nope' on string", 2, 11);
    }

    [Theory, AllTiers]
    public void Error_CallingNonFunction_AtCall(string tier)
    {
        AssertRuntimeError(tier, "let x = 5\nx()", "Cannot call a value of type integer ('x')", 2, 1);
    }

    [Theory, AllTiers]
    public void Error_AssociatedFunctionCalledAsMethod(string tier)
    {
        AssertRuntimeError(tier, "struct P { x: i64 }\nimpl P { fun make() -> P { P { x: 0 } } }\nlet p = P { x: 1 }\np.make()",
            "'P::make' is an associated function, not a method; call it as P::make(...)", 4, 3);
    }

    // ---------------------------------------------------------------- match, let, loops

    [Theory, AllTiers]
    public void Error_NoMatchArm_AtMatchKeyword(string tier)
    {
        AssertRuntimeError(tier, "let v = 5\nmatch v {\n  1 => 0\n}", "No match arm matched the value 5", 2, 1);
    }

    [Theory, AllTiers]
    public void Error_NoMatchArm_ShowsStringValueQuoted(string tier)
    {
        AssertRuntimeError(tier, "println(\"x\")\nlet r = match \"hi\" { \"a\" => 1 }", "No match arm matched the value \"hi\"", 2, 9, "x\n");
    }

    [Theory, AllTiers]
    public void Error_LetPatternMismatch_AtLet(string tier)
    {
        AssertRuntimeError(tier, "let [a, b] = [1]", "value [1] does not match the pattern of this 'let'", 1, 1);
    }

    [Theory, AllTiers]
    public void Error_IterateOverInteger_AtIterable(string tier)
    {
        AssertRuntimeError(tier, "for i in 5 { }", "cannot iterate over integer", 1, 10);
    }

    [Theory, AllTiers]
    public void Error_NonIntegerRangeBound_AtRange(string tier)
    {
        AssertRuntimeError(tier, "for i in 0..true { }", "range bounds must be integers, got bool", 1, 11);
    }

    // ---------------------------------------------------------------- macros, unwrap

    [Theory, AllTiers]
    public void Error_AssertEqFailure_ShowsBothSides(string tier)
    {
        AssertRuntimeError(tier, "println(1)\nassert_eq!(1 + 1, 3)", "Assertion failed: left == right (left: 2, right: 3)", 2, 1, "1\n");
    }

    [Theory, AllTiers]
    public void Error_AssertEqFailureWithMessage_FormatsMessage(string tier)
    {
        AssertRuntimeError(tier, "assert_eq!(1, 2, \"math {}\", \"broke\")", "Assertion failed: math broke (left: 1, right: 2)", 1, 1);
    }

    [Theory, AllTiers]
    public void Error_AssertNeFailure_ShowsBothSides(string tier)
    {
        AssertRuntimeError(tier, "assert_ne!(\"a\", \"a\")", "Assertion failed: left != right (left: \"a\", right: \"a\")", 1, 1);
    }

    [Theory, AllTiers]
    public void Error_AssertFailure(string tier)
    {
        AssertRuntimeError(tier, "let ok = 1\nassert!(ok > 2)", "Assertion failed", 2, 1);
    }

    [Theory, AllTiers]
    public void Error_PassingAsserts_DoNothing(string tier)
    {
        Assert.Equal("fine\n", RuchyRunner.Output(tier, "assert!(true)\nassert_eq!(2, 1 + 1)\nassert_ne!(1, 2)\nprintln(\"fine\")"));
    }

    [Theory, AllTiers]
    public void Error_Panic_FormatsMessage(string tier)
    {
        AssertRuntimeError(tier, "println(\"a\")\n  panic!(\"boom {}\", 42)", "panicked: boom 42", 2, 3, "a\n");
    }

    [Theory]
    [TierData("todo!()", "not yet implemented")]
    [TierData("unreachable!(\"x {}\", 1)", "internal error: entered unreachable code: x 1")]
    [TierData("panic!()", "panicked: explicit panic")]
    public void Error_OtherFailureMacros(string tier, string code, string message)
    {
        AssertRuntimeError(tier, code, message, 1, 1);
    }

    [Theory, AllTiers]
    public void Error_UnwrapOnNone_AtMethodName(string tier)
    {
        AssertRuntimeError(tier, "let o = None\no.unwrap()", "called `unwrap()` on a `None` value", 2, 3);
    }

    [Theory, AllTiers]
    public void Error_UnwrapOnErr_ShowsError(string tier)
    {
        AssertRuntimeError(tier, "let e = Err(\"bad\")\ne.unwrap()", "called `unwrap()` on an `Err` value: \"bad\"", 2, 3);
    }

    [Theory, AllTiers]
    public void Error_ExpectOnNone_UsesMessage(string tier)
    {
        AssertRuntimeError(tier, "Some(3).expect(\"need\")\nNone.expect(\"need it\")", "need it", 2, 6);
    }

    // ---------------------------------------------------------------- call stack and recursion

    [Theory, AllTiers]
    public void Error_InsideFunctions_ListsCallStack(string tier)
    {
        var o = AssertRuntimeError(tier, "fun inner(a) {\n    a[3]\n}\nfun outer() { inner([1]) }\nprintln(\"x\")\nouter()",
            "Index out of bounds: index 3, length 1", 2, 6, "x\n");
        Assert.Equal(
            ["  in inner, called from t.ruchy:4:15", "  in outer, called from t.ruchy:6:1"],
            Lines(o.Stderr).Skip(2));
    }

    [Theory, AllTiers]
    public void Error_InsideMain_KeepsOutputAndNamesMain(string tier)
    {
        var o = AssertRuntimeError(tier, "fun main() {\n  println(\"in main\")\n  let a = []\n  a[0]\n}", "Index out of bounds: index 0, length 0", 4, 4, "in main\n");
        Assert.StartsWith("  in main, called from t.ruchy:", Lines(o.Stderr)[2]);
    }

    [Theory, AllTiers]
    public void Error_MillionDeepRecursion_IsStackOverflowAndHostSurvives(string tier)
    {
        var o = RunOn(tier, "println(\"start\")\nfun down(n) { if n == 0 { 0 } else { 1 + down(n - 1) } }\nprintln(down(1000000))");
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
        Assert.Equal("5000\n", RuchyRunner.Output(tier, "fun down(n) { if n == 0 { 0 } else { 1 + down(n - 1) } }\nprintln(down(5000))"));
    }

    [Theory, AllTiers]
    public void Error_InfiniteRecursion_IsStackOverflow(string tier)
    {
        var o = RunOn(tier, "fun f(n) { f(n + 1) }\nf(0)");
        Assert.Equal(1, o.ExitCode);
        Assert.StartsWith("Error: stack overflow: call depth exceeded", o.Stderr);
    }

    // ---------------------------------------------------------------- syntax and resolve errors at run

    [Theory, AllTiers]
    public void Error_SyntaxErrors_ExitOneWithPositionLines(string tier)
    {
        var o = RunOn(tier, "println(\"never\")\nlet a = ;\nlet b = 2\nlet c = );");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal(
            ["t.ruchy:2:9: expected an expression, found ';'", "t.ruchy:4:9: expected an expression, found ')'"],
            Lines(o.Stderr));
    }

    [Theory, AllTiers]
    public void Error_LexerError_ExitOneWithPosition(string tier)
    {
        var o = RunOn(tier, "println(1)\nlet s = \"open");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal("t.ruchy:2:9: unterminated string literal", Lines(o.Stderr)[0]);
    }

    [Theory, AllTiers]
    public void Error_ResolveError_ExitOneBeforeRunning(string tier)
    {
        var o = RunOn(tier, "println(\"never\")\nbreak");
        Assert.Equal(1, o.ExitCode);
        Assert.Equal("", o.Stdout);
        Assert.Equal(["t.ruchy:2:1: 'break' outside of a loop"], Lines(o.Stderr));
    }

    [Theory, AllTiers]
    public void Error_FileNameInMessages_IsThePathGiven(string tier)
    {
        var o = RunOn(tier, "1 / 0", "dir/prog.ruchy");
        Assert.Equal(["Error: Division by zero", "  at dir/prog.ruchy:1:3"], Lines(o.Stderr));
    }
}
