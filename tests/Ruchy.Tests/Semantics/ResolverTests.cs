using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Syntax.Ast;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Tests.Semantics;

public sealed class ResolverTests
{
    // ---------------------------------------------------------------- helpers

    private static CompileResult CompileAny(string code) => RuchyEngine.Compile(SourceText.From(code, "t.ruchy"));

    /// <summary>Compiles and asserts there are no diagnostics at all (warnings included).</summary>
    private static BoundProgram Compile(string code)
    {
        var r = CompileAny(code);
        Assert.True(r.Diagnostics.Count == 0, "unexpected diagnostics: " + string.Join("; ", r.Diagnostics));
        Assert.NotNull(r.Program);
        return r.Program!;
    }

    private static Diagnostic SingleError(string code)
    {
        var r = CompileAny(code);
        var errors = r.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, "expected one error, got: " + string.Join("; ", r.Diagnostics));
        return errors[0];
    }

    private static BoundFunction Function(BoundProgram p, string name) =>
        p.Functions.Select(f => f.Function).Single(f => f.Name == name);

    /// <summary>Every bound node under <paramref name="root"/> (expressions, patterns), optionally entering lambdas.</summary>
    private static IEnumerable<object> Nodes(object? root, bool intoLambdas = false)
    {
        var stack = new Stack<object>();
        if (root != null) stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (node is BoundLambda lam && !intoLambdas) continue;
            foreach (var field in node.GetType().GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                var value = field.GetValue(node);
                foreach (var child in Children(value, intoLambdas)) stack.Push(child);
            }
        }
    }

    private static IEnumerable<object> Children(object? value, bool intoLambdas)
    {
        switch (value)
        {
            case BoundExpr or BoundPattern:
                yield return value;
                break;
            case BoundFunction f when intoLambdas:
                yield return f.Body;
                foreach (var d in f.Defaults)
                    if (d != null) yield return d;
                foreach (var (_, p) in f.ParamPatterns) yield return p;
                break;
            case BoundMatchArm arm:
                yield return arm.Pattern;
                if (arm.Guard != null) yield return arm.Guard;
                yield return arm.Body;
                break;
            case BoundFStringPart part:
                if (part.Expr != null) yield return part.Expr;
                break;
            case Array array when value is not string:
                foreach (var item in array)
                    foreach (var c in Children(item, intoLambdas))
                        yield return c;
                break;
        }
    }

    private static List<BoundVariable> Variables(object root, string name, bool intoLambdas = false) =>
        Nodes(root, intoLambdas).OfType<BoundVariable>().Where(v => v.Name == name).ToList();

    private static List<BoundLambda> Lambdas(object root) => Nodes(root, intoLambdas: true).OfType<BoundLambda>().ToList();

    // ---------------------------------------------------------------- slots

    [Fact]
    public void Resolver_Locals_GetConsecutiveSlots()
    {
        var p = Compile("fun f() {\n  let a = 1\n  let b = 2\n  a + b\n}");
        var f = Function(p, "f");
        Assert.Equal(2, f.FrameSize);
        Assert.All(Variables(f.Body, "a"), v => Assert.Equal((BoundKind.Local, 0), (v.Kind, v.Index)));
        Assert.All(Variables(f.Body, "b"), v => Assert.Equal((BoundKind.Local, 1), (v.Kind, v.Index)));
        Assert.Equal(2, Variables(f.Body, "a").Count);
    }

    [Fact]
    public void Resolver_Parameters_AreFirstSlots()
    {
        var p = Compile("fun f(x, y = 3) { let z = x + y; z }");
        var f = Function(p, "f");
        Assert.Equal(2, f.ParamCount);
        Assert.Equal(1, f.RequiredParams);
        Assert.Equal(["x", "y"], f.ParamNames);
        Assert.Null(f.Defaults[0]);
        Assert.IsType<BoundConst>(f.Defaults[1]);
        Assert.All(Variables(f.Body, "z"), v => Assert.Equal(2, v.Index));
        Assert.Equal(3, f.FrameSize);
    }

    [Fact]
    public void Resolver_SiblingBlocks_ReuseSlots()
    {
        var p = Compile("fun f() {\n  { let a = 1; a }\n  { let b = 2; b }\n}");
        var f = Function(p, "f");
        Assert.Equal(1, f.FrameSize);
        Assert.All(Variables(f.Body, "a"), v => Assert.Equal(0, v.Index));
        Assert.All(Variables(f.Body, "b"), v => Assert.Equal(0, v.Index));
    }

    [Fact]
    public void Resolver_Shadowing_InitializerReadsOuterVariable()
    {
        var p = Compile("fun f() {\n  let x = 1\n  let x = x + 1\n  x\n}");
        var f = Function(p, "f");
        var body = Assert.IsType<BoundBlock>(f.Body);
        var second = Assert.IsType<BoundLet>(body.Statements[1]);
        var init = Assert.IsType<BoundBinary>(second.Init);
        Assert.Equal(0, Assert.IsType<BoundVariable>(init.Left).Index);
        Assert.Equal(1, Assert.IsType<BoundBindPattern>(second.Pattern).Target.Index);
        Assert.Equal(1, Assert.IsType<BoundVariable>(body.Statements[2]).Index);
    }

    // ---------------------------------------------------------------- closures

    [Fact]
    public void Resolver_CapturedVariable_BecomesCell()
    {
        var p = Compile("fun counter() {\n  let n = 0\n  let inc = || { n += 1 }\n  inc()\n  n\n}");
        var f = Function(p, "counter");
        var ns = Variables(f.Body, "n");
        Assert.NotEmpty(ns);
        Assert.All(ns, v => Assert.Equal(BoundKind.Cell, v.Kind));
        Assert.All(Variables(f.Body, "inc"), v => Assert.Equal(BoundKind.Local, v.Kind));

        var lambda = Assert.Single(Lambdas(f.Body));
        var capture = Assert.Single(lambda.Function.Captures);
        Assert.True(capture.FromParentSlot);
        Assert.Equal(ns[0].Index, capture.Index);
        var inner = Variables(lambda.Function.Body, "n");
        Assert.All(inner, v => Assert.Equal((BoundKind.Upvalue, 0), (v.Kind, v.Index)));
    }

    [Fact]
    public void Resolver_Closure_CapturesOnlyWhatItUses()
    {
        var p = Compile("fun f() {\n  let a = 1\n  let b = 2\n  let g = || a\n  g() + b\n}");
        var f = Function(p, "f");
        var lambda = Assert.Single(Lambdas(f.Body));
        var capture = Assert.Single(lambda.Function.Captures);
        Assert.Equal(0, capture.Index);
        Assert.All(Variables(f.Body, "a"), v => Assert.Equal(BoundKind.Cell, v.Kind));
        Assert.All(Variables(f.Body, "b"), v => Assert.Equal(BoundKind.Local, v.Kind));
    }

    [Fact]
    public void Resolver_ClosureWithoutFreeVariables_HasNoCaptures()
    {
        var p = Compile("fun f() {\n  let a = 1\n  let g = |x| x * 2\n  g(a)\n}");
        var lambda = Assert.Single(Lambdas(Function(p, "f").Body));
        Assert.Empty(lambda.Function.Captures);
    }

    [Fact]
    public void Resolver_NestedClosure_ThreadsCaptureThroughMiddleFunction()
    {
        var p = Compile("fun f() {\n  let a = 1\n  let g = || {\n    let h = || a\n    h()\n  }\n  g()\n}");
        var f = Function(p, "f");
        var lambdas = Lambdas(f.Body);
        Assert.Equal(2, lambdas.Count);
        var g = lambdas.Single(l => Lambdas(l.Function.Body).Count == 1);
        var h = lambdas.Single(l => l != g);
        var gc = Assert.Single(g.Function.Captures);
        Assert.True(gc.FromParentSlot);
        Assert.Equal(0, gc.Index);
        var hc = Assert.Single(h.Function.Captures);
        Assert.False(hc.FromParentSlot);
        Assert.Equal(0, hc.Index);
    }

    [Fact]
    public void Resolver_CapturedParameter_IsCellParam()
    {
        var p = Compile("fun make_adder(unused, n) { |x| x + n }");
        var f = Function(p, "make_adder");
        Assert.Equal([1], f.CellParams);
        var lambda = Assert.Single(Lambdas(f.Body));
        Assert.Equal(new CaptureSource(true, 1), Assert.Single(lambda.Function.Captures));
    }

    [Fact]
    public void Resolver_NestedFunction_CapturesLocal()
    {
        var p = Compile("fun outer() {\n  let base = 10\n  fun inner(x) { x + base }\n  inner(1)\n}");
        var f = Function(p, "outer");
        var lambda = Assert.Single(Lambdas(f.Body));
        Assert.Equal("inner", lambda.Function.Name);
        Assert.Single(lambda.Function.Captures);
        Assert.All(Variables(f.Body, "base"), v => Assert.Equal(BoundKind.Cell, v.Kind));
    }

    [Fact]
    public void Resolver_TopLevelVariablesInClosures_AreGlobalsNotCaptures()
    {
        var p = Compile("let total = 0\nlet add = |x| { total += x }\nadd(1)");
        var lambda = Assert.Single(Lambdas(p.Script.Body));
        Assert.Empty(lambda.Function.Captures);
        Assert.All(Variables(lambda.Function.Body, "total"), v => Assert.Equal(BoundKind.Global, v.Kind));
    }

    // ---------------------------------------------------------------- globals and items

    [Fact]
    public void Resolver_TopLevelLetsAndFunctions_AreGlobals()
    {
        var p = Compile("let x = 1\nfun f() { x }\nfun main() { f() }");
        Assert.Contains("x", p.GlobalNames);
        Assert.Contains("f", p.GlobalNames);
        Assert.Equal(Array.IndexOf(p.GlobalNames, "main"), p.MainGlobal);
        Assert.Equal(["f", "main"], p.Functions.Select(f => f.Function.Name).Order());
        var xs = Variables(Function(p, "f").Body, "x");
        var x = Assert.Single(xs);
        Assert.Equal(BoundKind.Global, x.Kind);
        Assert.Equal(Array.IndexOf(p.GlobalNames, "x"), x.Index);
        var let = Assert.IsType<BoundLet>(Assert.Single(((BoundBlock)p.Script.Body).Statements));
        Assert.Equal(BoundKind.Global, Assert.IsType<BoundBindPattern>(let.Pattern).Target.Kind);
    }

    [Fact]
    public void Resolver_WithoutMain_MainGlobalIsMinusOne()
    {
        Assert.Equal(-1, Compile("let main = 1").MainGlobal);
    }

    [Fact]
    public void Resolver_FunctionDeclaredLater_IsVisible()
    {
        var p = Compile("fun a() { b() }\nfun b() { 1 }");
        var call = Nodes(Function(p, "a").Body).OfType<BoundCall>().Single();
        Assert.Equal(BoundKind.Global, call.Callee.Kind);
    }

    [Fact]
    public void Resolver_Methods_AreGlobalsAndTypeMembers()
    {
        var p = Compile("struct P { x: i64 }\nimpl P {\n  fun new() -> P { P { x: 0 } }\n  fun get(&self) -> i64 { self.x }\n  fun bump(&mut self) { self.x += 1 }\n}");
        Assert.Contains("P::new", p.GlobalNames);
        Assert.Contains("P::get", p.GlobalNames);
        var (type, methods) = Assert.Single(p.Types);
        Assert.Equal("P", type.Name);
        Assert.Equal(["P::bump", "P::get", "P::new"], methods.Select(m => m.Name).Order());
        var get = methods.Single(m => m.Name == "P::get");
        Assert.Equal(SelfKind.Ref, get.SelfKind);
        Assert.Equal(1, get.ParamCount);
        Assert.Equal(SelfKind.RefMut, methods.Single(m => m.Name == "P::bump").SelfKind);
        Assert.Equal(0, methods.Single(m => m.Name == "P::new").ParamCount);
    }

    [Fact]
    public void Resolver_BuiltinCall_IsNative()
    {
        var p = Compile("println(1)");
        Assert.IsType<BoundCallNative>(Assert.Single(((BoundBlock)p.Script.Body).Statements));
    }

    [Fact]
    public void Resolver_UserFunction_ShadowsBuiltin()
    {
        var p = Compile("fun max(a, b) { 42 }\nmax(1, 2)");
        var call = Assert.IsType<BoundCall>(Assert.Single(((BoundBlock)p.Script.Body).Statements));
        Assert.Equal(BoundKind.Global, call.Callee.Kind);
        Assert.Equal("42\n", RuchyRunner.Output("fun max(a, b) { 42 }\nprintln(max(1, 2))"));
    }

    [Fact]
    public void Resolver_MethodStatement_IsMarkedAsStatement()
    {
        var p = Compile("let a = [3, 1]\na.sort()\nlet b = a.sort()");
        var calls = Nodes(p.Script.Body).OfType<BoundMethodCall>().OrderBy(c => c.Pos).ToList();
        Assert.Equal(2, calls.Count);
        Assert.True(calls[0].IsStatement);
        Assert.False(calls[1].IsStatement);
        Assert.True(calls[0].ReceiverIsPlace);
    }

    // ---------------------------------------------------------------- undefined names

    [Fact]
    public void Resolver_UndefinedVariable_IsWarningAndUndefinedNode()
    {
        var r = CompileAny("fun f() { y }");
        Assert.False(r.HasErrors);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal("t.ruchy:1:11: warning: undefined variable 'y'", d.ToString());
        var u = Assert.Single(Nodes(Function(r.Program!, "f").Body).OfType<BoundUndefined>());
        Assert.Equal("y", u.Name);
        Assert.False(u.IsCall);
        Assert.Equal(10, u.Pos);
    }

    [Fact]
    public void Resolver_UndefinedFunction_IsWarningAndUndefinedCallee()
    {
        var r = CompileAny("let a = 1\nnope(a)");
        Assert.False(r.HasErrors);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal((2, 1), (d.Line, d.Column));
        Assert.Equal("call to undefined function 'nope'", d.Message);
        var call = Nodes(r.Program!.Script.Body).OfType<BoundCall>().Single();
        var u = Assert.IsType<BoundUndefined>(call.Callee);
        Assert.True(u.IsCall);
        Assert.Equal("nope", call.CalleeName);
    }

    [Fact]
    public void Resolver_UndefinedPath_IsWarning()
    {
        var r = CompileAny("let v = Foo::bar");
        Assert.False(r.HasErrors);
        Assert.Equal("undefined name 'Foo::bar'", Assert.Single(r.Diagnostics).Message);
    }

    [Fact]
    public void Resolver_WarningsOnly_ProgramStillRuns()
    {
        var o = RuchyRunner.Run("fun unused() { nope() }\nprintln(1)");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("1\n", o.Stdout);
        Assert.Equal("", o.Stderr);
    }

    // ---------------------------------------------------------------- errors

    [Fact]
    public void Resolver_AssignToUndeclared_IsError()
    {
        var d = SingleError("fun f() {\n  z = 1\n}");
        Assert.Equal("t.ruchy:2:3: cannot assign to undeclared variable 'z' (declare it with 'let')", d.ToString());
    }

    [Fact]
    public void Resolver_AssignToConstant_IsError()
    {
        var d = SingleError("const LIMIT = 1\nprintln(LIMIT)\nLIMIT = 2");
        Assert.Equal("t.ruchy:3:1: cannot assign to constant 'LIMIT'", d.ToString());
    }

    [Fact]
    public void Resolver_AssignToConstantInFunction_IsError()
    {
        var d = SingleError("const LIMIT = 1\nfun f() {\n  LIMIT += 1\n}");
        Assert.Equal("t.ruchy:3:3: cannot assign to constant 'LIMIT'", d.ToString());
    }

    [Fact]
    public void Resolver_AssignToLetAndVar_IsAllowed()
    {
        Compile("let a = 1\nvar b = 2\nlet mut c = 3\na = 4\nb = 5\nc = 6");
    }

    [Fact]
    public void Resolver_CompoundAssignToUndeclared_IsError()
    {
        var d = SingleError("total += 1");
        Assert.Equal((1, 1), (d.Line, d.Column));
        Assert.Contains("undeclared variable 'total'", d.Message);
    }

    [Theory]
    [InlineData("break", "'break' outside of a loop", 1, 1)]
    [InlineData("let a = 1\n  continue", "'continue' outside of a loop", 2, 3)]
    [InlineData("fun f() {\n  break 5\n}", "'break' outside of a loop", 2, 3)]
    [InlineData("for i in 0..3 {\n  let f = || { break }\n}", "'break' outside of a loop", 2, 16)]
    [InlineData("loop { break 'nope }", "no enclosing loop is labelled 'nope'", 1, 8)]
    [InlineData("'a: loop {\n  while true { continue 'b }\n}", "no enclosing loop is labelled 'b'", 2, 16)]
    public void Resolver_LoopControl_Errors(string code, string message, int line, int column)
    {
        var d = SingleError(code);
        Assert.Equal(message, d.Message);
        Assert.Equal((line, column), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_LabelledBreak_TargetsOuterLoop()
    {
        var p = Compile("'outer: for i in 0..3 {\n  for j in 0..3 {\n    break 'outer\n  }\n}");
        var loops = Nodes(p.Script.Body).OfType<BoundFor>().OrderBy(f => f.Pos).ToList();
        Assert.Equal(2, loops.Count);
        Assert.NotEqual(loops[0].LoopId, loops[1].LoopId);
        var br = Assert.Single(Nodes(p.Script.Body).OfType<BoundBreak>());
        Assert.Equal(loops[0].LoopId, br.LoopId);
    }

    [Fact]
    public void Resolver_UnlabelledBreak_TargetsInnermostLoop()
    {
        var p = Compile("while true {\n  loop { break }\n  break\n}");
        var w = Assert.Single(Nodes(p.Script.Body).OfType<BoundWhile>());
        var l = Assert.Single(Nodes(p.Script.Body).OfType<BoundLoop>());
        var breaks = Nodes(p.Script.Body).OfType<BoundBreak>().OrderBy(b => b.Pos).ToList();
        Assert.Equal(l.LoopId, breaks[0].LoopId);
        Assert.Equal(w.LoopId, breaks[1].LoopId);
    }

    [Fact]
    public void Resolver_UnknownStructField_IsErrorAtField()
    {
        var d = SingleError("struct P { x: i64 }\nlet p = P { x: 1, z: 2 }");
        Assert.Equal("t.ruchy:2:19: struct 'P' has no field 'z'", d.ToString());
    }

    [Fact]
    public void Resolver_MissingStructField_IsErrorAtLiteral()
    {
        var d = SingleError("struct P { x: i64, y: i64 }\nlet p = P { x: 1 }");
        Assert.Equal("t.ruchy:2:9: missing field 'y' in struct literal of 'P'", d.ToString());
    }

    [Fact]
    public void Resolver_FieldDefault_FillsMissingField()
    {
        var p = Compile("struct P { x: i64, y: i64 = 5 }\nlet p = P { x: 1 }");
        var lit = Assert.Single(Nodes(p.Script.Body).OfType<BoundStructLiteral>());
        Assert.Equal(2, lit.Fields.Length);
        Assert.All(lit.Fields, f => Assert.NotNull(f));
        Assert.Equal(5, Assert.IsType<BoundConst>(lit.Fields[1]).Value.AsInt);
    }

    [Fact]
    public void Resolver_StructLiteralFields_AreInDeclarationOrder()
    {
        var p = Compile("struct P { x: i64, y: i64 }\nlet p = P { y: 2, x: 1 }");
        var lit = Assert.Single(Nodes(p.Script.Body).OfType<BoundStructLiteral>());
        Assert.Equal([1L, 2L], lit.Fields.Select(f => ((BoundConst)f!).Value.AsInt));
    }

    [Fact]
    public void Resolver_UnknownStruct_IsError()
    {
        var d = SingleError("let q = Q { a: 1 }");
        Assert.Equal("unknown struct 'Q'", d.Message);
        Assert.Equal((1, 9), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_EnumVariantArity_IsChecked()
    {
        var d = SingleError("enum E { A(i64, i64) }\nlet e = E::A(1)");
        Assert.Equal("t.ruchy:2:9: E::A takes 2 values, got 1", d.ToString());
    }

    [Fact]
    public void Resolver_SomeArity_IsChecked()
    {
        var d = SingleError("let o = Some(1, 2)");
        Assert.Equal((1, 9), (d.Line, d.Column));
        Assert.EndsWith("takes 1 value, got 2", d.Message);
    }

    [Fact]
    public void Resolver_EnumStructVariant_UnknownAndMissingFields()
    {
        var r = CompileAny("enum S { R { w: i64, h: i64 } }\nlet s = S::R { w: 1, d: 2 }");
        var messages = r.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
        Assert.Equal(
            ["t.ruchy:2:22: variant 'S::R' has no field 'd'", "t.ruchy:2:9: missing field 'h' in 'S::R'"],
            messages);
    }

    [Fact]
    public void Resolver_TupleStructArity_IsChecked()
    {
        var d = SingleError("struct W(i64, i64)\nlet w = W(1)");
        Assert.Equal("W takes 2 values, got 1", d.Message);
    }

    [Fact]
    public void Resolver_NamedArguments_AreReorderedIntoParameterOrder()
    {
        var p = Compile("fun f(a, b) { a - b }\nf(b = 1, a = 5)");
        var call = Nodes(p.Script.Body).OfType<BoundCall>().Single();
        Assert.Equal([5L, 1L], call.Args.Select(a => ((BoundConst)a).Value.AsInt));
        Assert.Equal("4\n", RuchyRunner.Output("fun f(a, b) { a - b }\nprintln(f(b = 1, a = 5))"));
    }

    [Fact]
    public void Resolver_NamedArgumentGap_UsesDefaultMarker()
    {
        var p = Compile("fun g(a, b = 2, c = 3) { a + b + c }\ng(1, c = 10)");
        var call = Nodes(p.Script.Body).OfType<BoundCall>().Single();
        Assert.Equal(3, call.Args.Length);
        Assert.True(ReferenceEquals(Resolver.DefaultMarker.Reference, ((BoundConst)call.Args[1]).Value.Reference));
        Assert.Equal("13\n", RuchyRunner.Output("fun g(a, b = 2, c = 3) { a + b + c }\nprintln(g(1, c = 10))"));
    }

    [Theory]
    [InlineData("fun f(a) { a }\nf(c = 1)", "function 'f' has no parameter named 'c'", 2, 7)]
    [InlineData("fun g(a, b = 2) { a }\ng(b = 3)", "missing argument 'a' in call to 'g'", 2, 1)]
    [InlineData("fun h(a) { a }\nh(a = 1, a = 2)", "argument 'a' given more than once", 2, 14)]
    [InlineData("let k = |a| a\nk(a = 1)", "named arguments need a directly called function; 'k' is not one", 2, 1)]
    [InlineData("fun d(a = 1, b) { a }", "a parameter without a default cannot follow one with a default", 1, 14)]
    [InlineData("fun e(a, a) { a }", "parameter 'a' is declared twice", 1, 10)]
    public void Resolver_ArgumentErrors(string code, string message, int line, int column)
    {
        var d = SingleError(code);
        Assert.Equal(message, d.Message);
        Assert.Equal((line, column), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_BuiltinArity_IsChecked()
    {
        var d = SingleError("let r = sqrt(1, 2)");
        Assert.Equal("'sqrt' takes 1 argument, got 2", d.Message);
        Assert.Equal((1, 9), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_RefutableLet_NeedsElse()
    {
        var d = SingleError("let o = Some(1)\nlet Some(x) = o");
        Assert.Equal("t.ruchy:2:5: refutable pattern in 'let' needs an 'else' block", d.ToString());
    }

    [Fact]
    public void Resolver_DuplicateType_IsError()
    {
        var d = SingleError("struct A { }\nenum A { X }");
        Assert.Equal("t.ruchy:2:1: type 'A' is defined more than once", d.ToString());
    }

    [Fact]
    public void Resolver_ImplForUnknownType_IsError()
    {
        Assert.Equal("impl for unknown type 'Q'", SingleError("impl Q { fun f(&self) { 1 } }").Message);
    }

    [Fact]
    public void Resolver_UnknownMacro_IsError()
    {
        var d = SingleError("let x = 1\nfoo!(x)");
        Assert.Equal("t.ruchy:2:1: unknown macro 'foo!'", d.ToString());
    }

    [Theory]
    [InlineData("println!(\"{} {}\", 1)", "format string needs argument 2, but println! was given 1", 10)]
    [InlineData("println!(\"{}\", 1, 2)", "argument never used in format string of println!", 19)]
    [InlineData("let s = format!(\"{:q}\", 1)", null, 17)]
    public void Resolver_FormatMacroArgumentErrors(string code, string? message, int column)
    {
        var d = SingleError(code);
        if (message != null) Assert.Equal(message, d.Message);
        Assert.Equal((1, column), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_FormatMacroImplicitCapture_BindsVariable()
    {
        var p = Compile("fun f() {\n  let name = 1\n  format!(\"{name}!\")\n}");
        var fmt = Nodes(Function(p, "f").Body).OfType<BoundFormat>().Single();
        var arg = Assert.IsType<BoundVariable>(Assert.Single(fmt.Args));
        Assert.Equal(("name", BoundKind.Local), (arg.Name, arg.Kind));
    }

    [Fact]
    public void Resolver_OrPatternAlternatives_MustBindSameNames()
    {
        var d = SingleError("let v = Some(1)\nmatch v {\n  None | Some(x) => 1,\n  _ => 0\n}");
        Assert.Equal("t.ruchy:3:15: variable 'x' is not bound in every alternative of the pattern", d.ToString());
    }

    [Fact]
    public void Resolver_OrPatternAlternatives_ShareOneSlot()
    {
        var p = Compile("fun f(v) {\n  match v {\n    (1, x) | (x, 2) => x,\n    _ => 0\n  }\n}");
        var xs = Variables(Function(p, "f").Body, "x");
        Assert.Equal(3, xs.Count);
        Assert.Single(xs.Select(x => x.Index).Distinct());
    }

    [Fact]
    public void Resolver_UnknownVariantInPattern_IsError()
    {
        var d = SingleError("enum E { A }\nlet e = E::A\nmatch e {\n  E::B => 1,\n  _ => 0\n}");
        Assert.Equal("t.ruchy:4:3: enum 'E' has no variant 'B'", d.ToString());
    }

    [Fact]
    public void Resolver_ComputedConstantAsPattern_SuggestsGuard()
    {
        // Only a const with a literal value can be a pattern; a computed one needs a guard.
        var d = SingleError("const MAX = 1 + 2\nlet v = 3\nmatch v {\n  MAX => 1,\n  _ => 0\n}");
        Assert.Equal("constant 'MAX' cannot be used as a pattern; use a guard: x if x == MAX", d.Message);
        Assert.Equal((4, 3), (d.Line, d.Column));
    }

    [Fact]
    public void Resolver_LiteralConstantAsPattern_MatchesItsValue()
    {
        var p = Compile("const MAX = 3\nlet v = 3\nmatch v {\n  MAX => 1,\n  _ => 0\n}");
        var match = Assert.IsType<BoundMatch>(((BoundBlock)p.Script.Body).Statements[^1]);
        var lit = Assert.IsType<BoundLiteralPattern>(match.Arms[0].Pattern);
        Assert.Equal(3, lit.Value.AsInt);
    }

    [Fact]
    public void Resolver_BareUnitVariant_ResolvesToEnumConstant()
    {
        var p = Compile("enum Color { Red, Green }\nlet c = Green");
        var let = Assert.IsType<BoundLet>(Assert.Single(((BoundBlock)p.Script.Body).Statements));
        var c = Assert.IsType<BoundConst>(let.Init);
        Assert.Equal(ValueKind.Enum, c.Value.Kind);
        Assert.Equal("Green", ValueFormatter.Display(c.Value));
    }

    [Fact]
    public void Resolver_ParseErrors_SkipResolution()
    {
        var r = CompileAny("let a = ;\nz = 1");
        Assert.True(r.HasErrors);
        Assert.Null(r.Program);
        Assert.Single(r.Diagnostics);
    }

    [Fact]
    public void Resolver_PatternParameter_IsDestructuredFromHiddenSlot()
    {
        var p = Compile("fun f((a, b)) { a + b }");
        var f = Function(p, "f");
        Assert.Equal(1, f.ParamCount);
        var (slot, pattern) = Assert.Single(f.ParamPatterns);
        Assert.Equal(0, slot);
        Assert.Equal(PatternKind.Tuple, pattern.Kind);
        Assert.Equal(3, f.FrameSize);
    }
}
