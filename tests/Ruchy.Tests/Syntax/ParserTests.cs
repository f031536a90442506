using System.Globalization;
using Ruchy.Core;
using Ruchy.Syntax;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy.Tests.Syntax;

public sealed class ParserTests
{
    private static (ProgramAst Program, DiagnosticBag Diagnostics, SourceText Source) ParseWithDiagnostics(string code)
    {
        var source = SourceText.From(code, "t.ruchy");
        var bag = new DiagnosticBag(source);
        var program = Parser.Parse(source, bag);
        return (program, bag, source);
    }

    private static ProgramAst Parse(string code)
    {
        var (program, bag, _) = ParseWithDiagnostics(code);
        Assert.True(bag.Items.Count == 0, "unexpected diagnostics: " + string.Join("; ", bag.Items));
        return program;
    }

    private static Expr ParseExpr(string code)
    {
        var program = Parse(code);
        var stmt = Assert.Single(program.Statements);
        return Assert.IsType<ExprStmt>(stmt).Expr;
    }

    private static string S(string code) => Sexp(ParseExpr(code));

    /// <summary>A compact prefix rendering of an expression, to check how it grouped.</summary>
    private static string Sexp(Expr e) => e switch
    {
        LiteralExpr l => l.Literal.Kind == LiteralKind.Str ? "\"" + l.Literal.AsString + "\"" : l.Literal.ToString(),
        NameExpr n => n.Name,
        PathExpr p => p.ToString(),
        SelfExpr => "self",
        UnaryExpr u => $"({UnaryName(u.Op)} {Sexp(u.Operand)})",
        BinaryExpr b => $"({BinaryName(b.Op)} {Sexp(b.Left)} {Sexp(b.Right)})",
        AssignExpr a => $"({(a.Op is { } op ? BinaryName(op) : "")}= {Sexp(a.Target)} {Sexp(a.Value)})",
        TernaryExpr t => $"(?: {Sexp(t.Condition)} {Sexp(t.Then)} {Sexp(t.Else)})",
        TryExpr t => $"(try {Sexp(t.Operand)})",
        CastExpr c => $"(as {Sexp(c.Operand)} {c.TypeName})",
        RangeExpr r => $"({(r.Inclusive ? "..=" : "..")} {(r.Start is { } s ? Sexp(s) : "_")} {(r.End is { } en ? Sexp(en) : "_")})",
        CallExpr c => $"(call {Sexp(c.Callee)}{string.Concat(c.Args.Select(a => " " + (a.Name != null ? a.Name + "=" : "") + Sexp(a.Value)))})",
        MethodCallExpr m => $"(.{m.Name}{(m.Optional ? "?" : "")} {Sexp(m.Receiver)}{string.Concat(m.Args.Select(a => " " + Sexp(a.Value)))})",
        FieldExpr f => $"(field{(f.Optional ? "?" : "")} {Sexp(f.Target)} {f.Name})",
        IndexExpr i => $"(index {Sexp(i.Target)} {Sexp(i.Index)})",
        IncDecExpr i => $"({(i.Prefix ? "pre" : "post")}{(i.Increment ? "++" : "--")} {Sexp(i.Target)})",
        TupleExpr t => $"(tuple{string.Concat(t.Elements.Select(x => " " + Sexp(x)))})",
        ArrayExpr a => $"[{string.Join(" ", a.Elements.Select(Sexp))}]",
        LambdaExpr l => $"(lambda ({string.Join(" ", l.Params.Select(p => ((BindingPattern)p.Pattern).Name))}) {Sexp(l.Body)})",
        BlockExpr b => $"{{{string.Join("; ", b.Statements.Select(s => s is ExprStmt es ? Sexp(es.Expr) : s.GetType().Name))}}}",
        _ => e.GetType().Name,
    };

    private static string UnaryName(UnaryOp op) => op switch
    {
        UnaryOp.Negate => "neg",
        UnaryOp.Not => "!",
        UnaryOp.Plus => "+",
        UnaryOp.BitNot => "~",
        UnaryOp.Ref => "&",
        UnaryOp.RefMut => "&mut",
        UnaryOp.Deref => "*",
        _ => op.ToString(),
    };

    private static string BinaryName(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Rem => "%",
        BinaryOp.Pow => "**",
        BinaryOp.Eq => "==",
        BinaryOp.Ne => "!=",
        BinaryOp.Lt => "<",
        BinaryOp.Le => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.Ge => ">=",
        BinaryOp.And => "&&",
        BinaryOp.Or => "||",
        BinaryOp.BitAnd => "&",
        BinaryOp.BitOr => "|",
        BinaryOp.BitXor => "^",
        BinaryOp.Shl => "<<",
        BinaryOp.Shr => ">>",
        BinaryOp.NullCoalesce => "??",
        _ => op.ToString(),
    };

    // ---------------------------------------------------------------- precedence (ruchy.md §1.4)

    [Theory]
    [InlineData("1 + 2 * 3", "(+ 1 (* 2 3))")]
    [InlineData("(1 + 2) * 3", "(* (+ 1 2) 3)")]
    [InlineData("1 - 2 - 3", "(- (- 1 2) 3)")]
    [InlineData("8 / 4 % 3", "(% (/ 8 4) 3)")]
    [InlineData("2 ** 3 ** 2", "(** (** 2 3) 2)")]
    [InlineData("2 ** 3 ** 2 == 64", "(== (** (** 2 3) 2) 64)")]
    [InlineData("2 * 3 ** 2", "(* 2 (** 3 2))")]
    [InlineData("a || b && c", "(|| a (&& b c))")]
    [InlineData("a && b || c && d", "(|| (&& a b) (&& c d))")]
    [InlineData("a ?? b || c", "(|| (?? a b) c)")]
    [InlineData("a ?? b && c", "(?? a (&& b c))")]
    [InlineData("0..n + 1", "(.. 0 (+ n 1))")]
    [InlineData("0..=n * 2", "(..= 0 (* n 2))")]
    [InlineData("a..b == c", "(.. a (== b c))")]
    [InlineData("x as f64 / y as f64", "(/ (as x f64) (as y f64))")]
    [InlineData("-x as f64", "(as (neg x) f64)")]
    [InlineData("a < b == c < d", "(== (< a b) (< c d))")]
    [InlineData("a == b != c", "(!= (== a b) c)")]
    [InlineData("a == b & c", "(& (== a b) c)")]
    [InlineData("a | b & c", "(| a (& b c))")]
    [InlineData("a ^ b | c", "(| (^ a b) c)")]
    [InlineData("a << 1 + 2", "(<< a (+ 1 2))")]
    [InlineData("a < b << c", "(< a (<< b c))")]
    [InlineData("!a && b", "(&& (! a) b)")]
    [InlineData("-x * y", "(* (neg x) y)")]
    [InlineData("~a & b", "(& (~ a) b)")]
    [InlineData("-f(x)", "(neg (call f x))")]
    [InlineData("*r + 1", "(+ (* r) 1)")]
    [InlineData("&mut v", "(&mut v)")]
    [InlineData("a.b.c(1)[2]", "(index (.c (field a b) 1) 2)")]
    [InlineData("t.0.1", "(field (field t 0) 1)")]
    [InlineData("a?.b", "(field? a b)")]
    public void Parser_BinaryPrecedence_GroupsAsRuchy(string code, string expected)
    {
        Assert.Equal(expected, S(code));
    }

    [Theory]
    [InlineData("-5", 5L)]
    [InlineData("-0", 0L)]
    public void Parser_NegativeIntLiteral_IsFolded(string code, long magnitude)
    {
        var lit = Assert.IsType<LiteralExpr>(ParseExpr(code));
        Assert.Equal(LiteralKind.Int, lit.Literal.Kind);
        Assert.Equal(-magnitude, lit.Literal.AsInt);
        Assert.Equal(0, lit.Pos);
    }

    [Fact]
    public void Parser_NegativeFloatLiteral_IsFolded()
    {
        var lit = Assert.IsType<LiteralExpr>(ParseExpr("-2.5"));
        Assert.Equal(-2.5, lit.Literal.AsFloat);
    }

    [Fact]
    public void Parser_MinusWithSpace_IsNotFolded()
    {
        var u = Assert.IsType<UnaryExpr>(ParseExpr("- 5"));
        Assert.Equal(UnaryOp.Negate, u.Op);
    }

    [Fact]
    public void Parser_NegatedVariable_IsUnary()
    {
        Assert.Equal("(neg x)", S("-x"));
    }

    [Fact]
    public void Parser_BinaryPos_IsOperatorOffset()
    {
        var b = Assert.IsType<BinaryExpr>(ParseExpr("10 + 2"));
        Assert.Equal(3, b.Pos);
    }

    // ---------------------------------------------------------------- assignment, ternary, try

    [Theory]
    [InlineData("a = b = c", "(= a (= b c))")]
    [InlineData("a += b * 2", "(+= a (* b 2))")]
    [InlineData("a **= 2", "(**= a 2)")]
    [InlineData("a <<= 1", "(<<= a 1)")]
    [InlineData("a.x = 1", "(= (field a x) 1)")]
    [InlineData("a[i][j] = v", "(= (index (index a i) j) v)")]
    [InlineData("*r = 3", "(= (* r) 3)")]
    [InlineData("(a, b) = (b, a)", "(= (tuple a b) (tuple b a))")]
    [InlineData("x = c || d", "(= x (|| c d))")]
    [InlineData("i++", "(post++ i)")]
    [InlineData("--i", "(pre-- i)")]
    public void Parser_Assignment_IsRightAssociative(string code, string expected)
    {
        Assert.Equal(expected, S(code));
    }

    [Theory]
    [InlineData("c ? a : b", "(?: c a b)")]
    [InlineData("c ? a : d ? e : f", "(?: c a (?: d e f))")]
    [InlineData("x > 0 ? x : -x", "(?: (> x 0) x (neg x))")]
    [InlineData("x?", "(try x)")]
    [InlineData("f(x)? + 1", "(+ (try (call f x)) 1)")]
    [InlineData("a?.len()", "(.len? a)")]
    [InlineData("x? ", "(try x)")]
    [InlineData("a.b()?.c", "(field? (.b a) c)")]
    public void Parser_QuestionMark_TernaryVersusTry(string code, string expected)
    {
        Assert.Equal(expected, S(code));
    }

    [Fact]
    public void Parser_InvalidAssignmentTarget_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("1 + 2 = 3");
        var d = Assert.Single(bag.Items);
        Assert.Equal("invalid assignment target", d.Message);
        Assert.Equal((1, 3), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_Pipeline_BecomesCalls()
    {
        Assert.Equal("(call g (call f x) 1)", S("x |> f |> g(1)"));
    }

    [Fact]
    public void Parser_NamedArguments_KeepNames()
    {
        Assert.Equal("(call f b=2 a=1)", S("f(b = 2, a = 1)"));
        Assert.Equal("(call f (== x 2))", S("f(x == 2)"));
    }

    // ---------------------------------------------------------------- struct literals, objects and blocks

    [Fact]
    public void Parser_StructLiteral_InExpression()
    {
        var sl = Assert.IsType<StructLiteralExpr>(ParseExpr("Point { x: 1, y }"));
        Assert.Equal("Point", sl.TypeName);
        Assert.Equal(["x", "y"], sl.Fields.Select(f => f.Name));
        Assert.IsType<NameExpr>(sl.Fields[1].Value);
        Assert.Null(sl.Base);
    }

    [Fact]
    public void Parser_StructUpdate_HasBase()
    {
        var sl = Assert.IsType<StructLiteralExpr>(ParseExpr("P { x: 1, ..p }"));
        Assert.Equal("p", Assert.IsType<NameExpr>(sl.Base).Name);
    }

    [Fact]
    public void Parser_EnumStructVariantLiteral_HasPathName()
    {
        var sl = Assert.IsType<StructLiteralExpr>(ParseExpr("Shape::Rect { w: 1, h: 2 }"));
        Assert.Equal("Shape::Rect", sl.TypeName);
    }

    [Fact]
    public void Parser_IfCondition_NameBeforeBraceIsNotStructLiteral()
    {
        var ife = Assert.IsType<IfExpr>(ParseExpr("if x == P { 1 } else { 2 }"));
        Assert.Equal("(== x P)", Sexp(ife.Condition));
        Assert.Equal("{1}", Sexp(ife.Then));
        Assert.Equal("{2}", Sexp(ife.Else!));
    }

    [Fact]
    public void Parser_WhileCondition_UppercaseNameIsNotStructLiteral()
    {
        var w = Assert.IsType<WhileExpr>(ParseExpr("while i < MAX { i += 1 }"));
        Assert.Equal("(< i MAX)", Sexp(w.Condition));
        Assert.Equal("{(+= i 1)}", Sexp(w.Body));
    }

    [Fact]
    public void Parser_StructLiteralInsideParenthesesInCondition_IsAllowed()
    {
        var ife = Assert.IsType<IfExpr>(ParseExpr("if p == (P { x: 1 }) { 1 }"));
        var eq = Assert.IsType<BinaryExpr>(ife.Condition);
        Assert.IsType<StructLiteralExpr>(eq.Right);
    }

    [Fact]
    public void Parser_ObjectLiteral_VersusBlock()
    {
        var obj = Assert.IsType<ObjectExpr>(ParseExpr("{a: 1, \"b c\": 2}"));
        Assert.Equal(["a", "b c"], obj.Entries.Select(e => e.Key));
        Assert.IsType<BlockExpr>(ParseExpr("{ a }"));
        Assert.IsType<BlockExpr>(ParseExpr("{}"));
    }

    [Fact]
    public void Parser_ObjectSpread_HasNullKey()
    {
        var obj = Assert.IsType<ObjectExpr>(ParseExpr("{...base, k: 2}"));
        Assert.Null(obj.Entries[0].Key);
        Assert.Equal("k", obj.Entries[1].Key);
    }

    [Fact]
    public void Parser_LowercaseNameBeforeBrace_IsNotStructLiteral()
    {
        // `for x in xs { ... }`: xs is a plain name, the brace opens the body.
        var f = Assert.IsType<ForExpr>(ParseExpr("for x in xs { x }"));
        Assert.Equal("xs", Assert.IsType<NameExpr>(f.Iterable).Name);
    }

    // ---------------------------------------------------------------- lambdas

    [Theory]
    [InlineData("|x| x + 1", "(lambda (x) (+ x 1))")]
    [InlineData("|a, b| a * b", "(lambda (a b) (* a b))")]
    [InlineData("|| {}", "(lambda () {})")]
    [InlineData("|| 42", "(lambda () 42)")]
    [InlineData("x => x * 2", "(lambda (x) (* x 2))")]
    [InlineData("(a, b) => a + b", "(lambda (a b) (+ a b))")]
    [InlineData("() => 1", "(lambda () 1)")]
    [InlineData("(x) => x", "(lambda (x) x)")]
    [InlineData("move |x| x", "(lambda (x) x)")]
    [InlineData("|x: i64, y: Vec<i64>| x", "(lambda (x y) x)")]
    [InlineData("|x| -> i64 { x }", "(lambda (x) {x})")]
    [InlineData("\\x -> x + 1", "(lambda (x) (+ x 1))")]
    [InlineData("fn(a) { a }", "(lambda (a) {a})")]
    [InlineData("xs.map(|x| x * 2)", "(.map xs (lambda (x) (* x 2)))")]
    public void Parser_LambdaForms_Parse(string code, string expected)
    {
        Assert.Equal(expected, S(code));
    }

    // ---------------------------------------------------------------- macros

    [Fact]
    public void Parser_VecRepeatMacro_HasRepeatCount()
    {
        var m = Assert.IsType<MacroExpr>(ParseExpr("vec![0; 3]"));
        Assert.Equal("vec", m.Name);
        Assert.Equal("0", Sexp(Assert.Single(m.Args)));
        Assert.Equal("3", Sexp(m.RepeatCount!));
    }

    [Fact]
    public void Parser_VecListMacro_HasArguments()
    {
        var m = Assert.IsType<MacroExpr>(ParseExpr("vec![1, 2, 3]"));
        Assert.Equal(3, m.Args.Count);
        Assert.Null(m.RepeatCount);
    }

    [Fact]
    public void Parser_PrintlnMacro_HasFormatAndArguments()
    {
        var m = Assert.IsType<MacroExpr>(ParseExpr("println!(\"{} {}\", x, y + 1)"));
        Assert.Equal("println", m.Name);
        Assert.Equal(["\"{} {}\"", "x", "(+ y 1)"], m.Args.Select(Sexp));
    }

    [Fact]
    public void Parser_MacroWithBraces_Parses()
    {
        var m = Assert.IsType<MacroExpr>(ParseExpr("vec!{1, 2}"));
        Assert.Equal(2, m.Args.Count);
    }

    [Fact]
    public void Parser_BangAfterSpace_IsNotAMacro()
    {
        // `a != b` must not be taken for a macro call either.
        Assert.Equal("(!= a b)", S("a != b"));
        Assert.Equal("(call f (! x))", S("f(!x)"));
    }

    [Fact]
    public void Parser_ArrayRepeatLiteral_Parses()
    {
        var r = Assert.IsType<ArrayRepeatExpr>(ParseExpr("[0; n]"));
        Assert.Equal("0", Sexp(r.Element));
        Assert.Equal("n", Sexp(r.Count));
    }

    // ---------------------------------------------------------------- patterns

    private static IReadOnlyList<MatchArm> Arms(string code) => Assert.IsType<MatchExpr>(ParseExpr(code)).Arms;

    [Fact]
    public void Parser_MatchPatterns_AllKinds()
    {
        var arms = Arms("""
            match v {
                0 => "zero",
                1 | 2 => "small",
                3..=5 => "range",
                n @ 6..=9 => "bound",
                -1 => "neg",
                'a'..='z' => "letter",
                (a, ..) => "tuple",
                [first, ..rest] => "array",
                Some(x) => "some",
                None => "none",
                Color::Red => "red",
                Point { x, y: 0, .. } => "struct",
                Shape::Rect { w, h } => "variant struct",
                n if n > 100 => "guard",
                _ => "other",
            }
            """);
        Assert.Equal(15, arms.Count);
        Assert.Equal(0, Assert.IsType<LiteralPattern>(arms[0].Pattern).Literal.AsInt);
        Assert.Equal(2, Assert.IsType<OrPattern>(arms[1].Pattern).Alternatives.Count);
        var range = Assert.IsType<RangePattern>(arms[2].Pattern);
        Assert.True(range.Inclusive);
        Assert.Equal((3L, 5L), (range.Low.AsInt, range.High.AsInt));
        var at = Assert.IsType<BindingPattern>(arms[3].Pattern);
        Assert.Equal("n", at.Name);
        Assert.IsType<RangePattern>(at.Subpattern);
        Assert.Equal(-1, Assert.IsType<LiteralPattern>(arms[4].Pattern).Literal.AsInt);
        var chars = Assert.IsType<RangePattern>(arms[5].Pattern);
        Assert.Equal("a", chars.Low.AsString);
        var tuple = Assert.IsType<TuplePattern>(arms[6].Pattern);
        Assert.IsType<RestPattern>(tuple.Items[1]);
        var array = Assert.IsType<ArrayPattern>(arms[7].Pattern);
        Assert.Equal("rest", Assert.IsType<RestPattern>(array.Items[1]).Name);
        var some = Assert.IsType<VariantPattern>(arms[8].Pattern);
        Assert.Equal(["Some"], some.Path);
        Assert.Single(some.Items!);
        var none = Assert.IsType<VariantPattern>(arms[9].Pattern);
        Assert.Null(none.Items);
        Assert.Equal(["Color", "Red"], Assert.IsType<VariantPattern>(arms[10].Pattern).Path);
        var sp = Assert.IsType<StructPattern>(arms[11].Pattern);
        Assert.True(sp.HasRest);
        Assert.Equal(["x", "y"], sp.Fields.Select(f => f.Name));
        Assert.IsType<LiteralPattern>(sp.Fields[1].Pattern);
        var vs = Assert.IsType<StructPattern>(arms[12].Pattern);
        Assert.Equal(["Shape", "Rect"], vs.Path);
        Assert.False(vs.HasRest);
        Assert.NotNull(arms[13].Guard);
        Assert.Equal("(> n 100)", Sexp(arms[13].Guard!));
        Assert.IsType<WildcardPattern>(arms[14].Pattern);
    }

    [Fact]
    public void Parser_MatchArmsWithBlocks_NeedNoCommas()
    {
        var arms = Arms("match x {\n  1 => { a }\n  _ => { b }\n}");
        Assert.Equal(2, arms.Count);
    }

    [Fact]
    public void Parser_MatchArmsOnOneLine_WithoutComma_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("match x { 1 => a 2 => b }");
        var d = Assert.Single(bag.Items);
        Assert.Equal("expected ',' or '}' after match arm, found number", d.Message);
        Assert.Equal((1, 18), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_LetTupleDestructuring_IsTuplePattern()
    {
        var let = Assert.IsType<LetStmt>(Assert.Single(Parse("let (a, mut b) = t").Statements));
        var tp = Assert.IsType<TuplePattern>(let.Pattern);
        Assert.False(((BindingPattern)tp.Items[0]).Mutable);
        Assert.True(((BindingPattern)tp.Items[1]).Mutable);
    }

    [Fact]
    public void Parser_LetWithCapitalName_BindsInsteadOfVariant()
    {
        var let = Assert.IsType<LetStmt>(Assert.Single(Parse("const MAX = 10").Statements));
        Assert.Equal("MAX", Assert.IsType<BindingPattern>(let.Pattern).Name);
    }

    [Fact]
    public void Parser_LetElse_HasElseBlock()
    {
        var let = Assert.IsType<LetStmt>(Assert.Single(Parse("let Some(x) = o else { return }").Statements));
        Assert.IsType<VariantPattern>(let.Pattern);
        Assert.NotNull(let.Else);
    }

    [Fact]
    public void Parser_ForTuplePattern_BareAndParenthesised()
    {
        var a = Assert.IsType<ForExpr>(ParseExpr("for (i, x) in xs {}"));
        Assert.Equal(2, Assert.IsType<TuplePattern>(a.Pattern).Items.Count);
        var b = Assert.IsType<ForExpr>(ParseExpr("for k, v in m {}"));
        Assert.Equal(2, Assert.IsType<TuplePattern>(b.Pattern).Items.Count);
    }

    [Fact]
    public void Parser_IfLetAndWhileLet_Parse()
    {
        var il = Assert.IsType<IfLetExpr>(ParseExpr("if let Some(x) = f() { x } else { 0 }"));
        Assert.IsType<VariantPattern>(il.Pattern);
        Assert.NotNull(il.Else);
        var wl = Assert.IsType<WhileLetExpr>(ParseExpr("while let Some(top) = stack.pop() { top }"));
        Assert.Equal("(.pop stack)", Sexp(wl.Value));
    }

    // ---------------------------------------------------------------- loops and labels

    [Fact]
    public void Parser_QuoteLabel_OnLoopAndBreak()
    {
        var f = Assert.IsType<ForExpr>(ParseExpr("'outer: for i in xs { break 'outer }"));
        Assert.Equal("outer", f.Label);
        var es = Assert.IsType<ExprStmt>(Assert.Single(f.Body.Statements));
        Assert.Equal("outer", Assert.IsType<BreakExpr>(es.Expr).Label);
    }

    [Fact]
    public void Parser_AtLabel_OnLoopAndContinue()
    {
        var l = Assert.IsType<LoopExpr>(ParseExpr("@outer: loop { continue @outer }"));
        Assert.Equal("outer", l.Label);
        var es = Assert.IsType<ExprStmt>(Assert.Single(l.Body.Statements));
        Assert.Equal("outer", Assert.IsType<ContinueExpr>(es.Expr).Label);
    }

    [Fact]
    public void Parser_LabelledWhile_HasLabel()
    {
        Assert.Equal("w", Assert.IsType<WhileExpr>(ParseExpr("'w: while true { break 'w }")).Label);
    }

    [Fact]
    public void Parser_BreakWithValue_HasValue()
    {
        var l = Assert.IsType<LoopExpr>(ParseExpr("loop { break 42 }"));
        var br = Assert.IsType<BreakExpr>(Assert.IsType<ExprStmt>(l.Body.Statements[0]).Expr);
        Assert.Equal("42", Sexp(br.Value!));
        Assert.Null(br.Label);
    }

    [Fact]
    public void Parser_BreakAtEndOfLine_HasNoValue()
    {
        var l = Assert.IsType<LoopExpr>(ParseExpr("loop {\n break\n x\n}"));
        Assert.Equal(2, l.Body.Statements.Count);
        Assert.Null(Assert.IsType<BreakExpr>(Assert.IsType<ExprStmt>(l.Body.Statements[0]).Expr).Value);
    }

    [Fact]
    public void Parser_LabelWithoutLoop_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("'a: 5");
        var d = Assert.Single(bag.Items);
        Assert.Equal("expected a loop after label 'a', found number", d.Message);
        Assert.Equal((1, 5), (d.Line, d.Column));
    }

    // ---------------------------------------------------------------- types are parsed and skipped

    [Theory]
    [InlineData("let v: Vec<Vec<i64>> = []")]
    [InlineData("let v: Vec<Vec<Vec<i64>>> = []")]
    [InlineData("let m: HashMap<String, i64> = HashMap::new()")]
    [InlineData("let f: fn(i64) -> i64 = g")]
    [InlineData("let t: (i64, &str) = (1, \"a\")")]
    [InlineData("let a: [i64; 3] = [1, 2, 3]")]
    [InlineData("let b: Box<dyn Fn(i64) -> i64> = Box::new(g)")]
    [InlineData("let v: Vec<i64>= []")]
    [InlineData("fun f<T: Ord + Clone>(x: Vec<T>, r: &'a mut T) -> Option<Box<T>> where T: Copy { None }")]
    [InlineData("struct Stack<T> { items: Vec<T> }")]
    [InlineData("impl<T> Stack<T> { fun len(&self) -> usize { 0 } }")]
    [InlineData("let v = Vec::<i32>::new()")]
    [InlineData("let n = s.parse::<i64>()")]
    [InlineData("let n = x as i64")]
    public void Parser_GenericTypes_AreSkipped(string code)
    {
        Assert.NotEmpty(Parse(code).Statements);
    }

    [Fact]
    public void Parser_ShiftRight_StillAShiftInExpressions()
    {
        Assert.Equal("(>> a 2)", S("a >> 2"));
    }

    [Fact]
    public void Parser_Cast_KeepsTypeName()
    {
        var c = Assert.IsType<CastExpr>(ParseExpr("x as f64"));
        Assert.Equal("f64", c.TypeName);
    }

    // ---------------------------------------------------------------- statements and lines

    [Fact]
    public void Parser_StatementsWithoutSemicolons_AreSeparate()
    {
        var p = Parse("let a = 1\nlet b = 2\na + b");
        Assert.Equal(3, p.Statements.Count);
        Assert.IsType<LetStmt>(p.Statements[0]);
        Assert.IsType<LetStmt>(p.Statements[1]);
        Assert.Equal("(+ a b)", Sexp(Assert.IsType<ExprStmt>(p.Statements[2]).Expr));
    }

    [Fact]
    public void Parser_BlockLikeStatement_EndsAtItsBrace()
    {
        var p = Parse("for i in xs { }\n-1");
        Assert.Equal(2, p.Statements.Count);
        Assert.IsType<ForExpr>(((ExprStmt)p.Statements[0]).Expr);
        Assert.Equal("-1", Sexp(((ExprStmt)p.Statements[1]).Expr));
    }

    [Theory]
    [InlineData("if c { 1 }\n-1")]
    [InlineData("match x { _ => 1 }\n-1")]
    [InlineData("while c { }\n-1")]
    [InlineData("loop { break }\n-1")]
    [InlineData("{ 1 }\n-1")]
    public void Parser_EveryBlockLikeStatement_EndsAtItsBrace(string code)
    {
        Assert.Equal(2, Parse(code).Statements.Count);
    }

    [Fact]
    public void Parser_NonBlockExpressionContinuesOnNextLine()
    {
        var p = Parse("let y = x\n-1");
        var let = Assert.IsType<LetStmt>(Assert.Single(p.Statements));
        Assert.Equal("(- x 1)", Sexp(let.Init!));
    }

    [Fact]
    public void Parser_BlockLikeContinuesOnSameLine()
    {
        Assert.Equal("(+ IfExpr 3)", S("if a { 1 } else { 2 } + 3"));
        Assert.Equal("(.to_string MatchExpr)", S("match x { _ => 1 }.to_string()"));
    }

    [Fact]
    public void Parser_ParenOnNextLine_IsNotACall()
    {
        var p = Parse("f\n(1)");
        Assert.Equal(2, p.Statements.Count);
        Assert.IsType<NameExpr>(((ExprStmt)p.Statements[0]).Expr);
    }

    [Fact]
    public void Parser_BracketOnNextLine_IsNotAnIndex()
    {
        var p = Parse("let a = b\n[1, 2]");
        Assert.Equal(2, p.Statements.Count);
        Assert.IsType<ArrayExpr>(((ExprStmt)p.Statements[1]).Expr);
    }

    [Fact]
    public void Parser_LineStartingWithLambda_IsNewStatement()
    {
        var p = Parse("let f = g\n|x| x + 1");
        Assert.Equal(2, p.Statements.Count);
        Assert.Equal("g", Sexp(Assert.IsType<LetStmt>(p.Statements[0]).Init!));
        Assert.Equal("(lambda (x) (+ x 1))", Sexp(((ExprStmt)p.Statements[1]).Expr));
    }

    [Fact]
    public void Parser_LineStartingWithEmptyLambdaBlock_IsNewStatement()
    {
        var p = Parse("let f = g\n|| { 1 }");
        Assert.Equal(2, p.Statements.Count);
    }

    [Fact]
    public void Parser_OrOnSameLine_IsStillOr()
    {
        Assert.Equal("(| a b)", S("a | b"));
        Assert.Equal("(|| a b)", S("a || b"));
    }

    [Fact]
    public void Parser_LetIn_BecomesBlock()
    {
        // `let x = 10 in x * 2` is an expression: a block holding the let and the body.
        var stmt = Assert.IsType<ExprStmt>(Assert.Single(Parse("let x = 10 in x * 2").Statements));
        var block = Assert.IsType<BlockExpr>(stmt.Expr);
        Assert.Equal(2, block.Statements.Count);
        Assert.IsType<LetStmt>(block.Statements[0]);
        Assert.IsType<BinaryExpr>(Assert.IsType<ExprStmt>(block.Statements[1]).Expr);
    }

    // ---------------------------------------------------------------- items

    [Fact]
    public void Parser_FunctionDecl_HasParamsAndDefaults()
    {
        var f = Assert.IsType<FunDecl>(Assert.Single(Parse("pub fn add(a: i64, b: i64 = 10) -> i64 { a + b }").Statements));
        Assert.Equal("add", f.Name);
        Assert.Equal(SelfKind.None, f.Self);
        Assert.Equal(2, f.Params.Count);
        Assert.Null(f.Params[0].Default);
        Assert.Equal("10", Sexp(f.Params[1].Default!));
    }

    [Theory]
    [InlineData("fun m(self) {}", SelfKind.Value)]
    [InlineData("fun m(&self) {}", SelfKind.Ref)]
    [InlineData("fun m(&mut self, x: i64) {}", SelfKind.RefMut)]
    [InlineData("fun m(self: &mut Self) {}", SelfKind.RefMut)]
    [InlineData("fun m(x: i64) {}", SelfKind.None)]
    public void Parser_SelfParameter_Kind(string method, SelfKind kind)
    {
        var impl = Assert.IsType<ImplDecl>(Assert.Single(Parse("impl P { " + method + " }").Statements));
        Assert.Equal(kind, Assert.Single(impl.Methods).Self);
    }

    [Fact]
    public void Parser_StructDecl_ShapesAndDefaults()
    {
        var p = Parse("#[derive(Debug, Clone)]\nstruct P { x: i64, pub y: f64 = 1.0 }\nstruct W(i64, String);\nstruct U;");
        Assert.Equal(3, p.Statements.Count);
        var named = Assert.IsType<StructDecl>(p.Statements[0]);
        Assert.Equal(StructShape.Named, named.Shape);
        Assert.Equal(["x", "y"], named.Fields.Select(f => f.Name));
        Assert.NotNull(named.Fields[1].Default);
        var tuple = Assert.IsType<StructDecl>(p.Statements[1]);
        Assert.Equal(StructShape.Tuple, tuple.Shape);
        Assert.Equal(["0", "1"], tuple.Fields.Select(f => f.Name));
        Assert.Equal(StructShape.Unit, Assert.IsType<StructDecl>(p.Statements[2]).Shape);
    }

    [Fact]
    public void Parser_EnumDecl_VariantShapesAndDiscriminants()
    {
        var e = Assert.IsType<EnumDecl>(Assert.Single(Parse("enum E { A, B(i64, String), C { x: i64 }, D = 5 }").Statements));
        Assert.Equal(["A", "B", "C", "D"], e.Variants.Select(v => v.Name));
        Assert.Equal([StructShape.Unit, StructShape.Tuple, StructShape.Named, StructShape.Unit], e.Variants.Select(v => v.Shape));
        Assert.Equal(["x"], e.Variants[2].FieldNames);
        Assert.Equal("5", Sexp(e.Variants[3].Discriminant!));
    }

    [Fact]
    public void Parser_TraitImpl_HasTraitName()
    {
        var p = Parse("trait Show { fun show(&self) -> String; fun twice(&self) { 2 } }\nimpl Show for P { fun show(&self) -> String { \"p\" } }");
        var t = Assert.IsType<TraitDecl>(p.Statements[0]);
        Assert.Equal(2, t.DefaultMethods.Count);
        var impl = Assert.IsType<ImplDecl>(p.Statements[1]);
        Assert.Equal("Show", impl.TraitName);
        Assert.Equal("P", impl.TypeName);
    }

    [Fact]
    public void Parser_UseStatements_AreSkipped()
    {
        var p = Parse("use std::collections::HashMap;\nuse std::io::{self, Read};\nlet x = 1");
        Assert.IsType<LetStmt>(Assert.Single(p.Statements));
    }

    // ---------------------------------------------------------------- f-strings

    [Fact]
    public void Parser_FString_SplitsTextExpressionsAndSpecs()
    {
        var fs = Assert.IsType<FStringExpr>(ParseExpr("f\"a {x} b {y + 1:.2} {{c}}\\n\""));
        Assert.Equal(5, fs.Parts.Count);
        Assert.Equal("a ", fs.Parts[0].Text);
        Assert.Equal("x", Sexp(fs.Parts[1].Expr!));
        Assert.Null(fs.Parts[1].Spec);
        Assert.Equal(" b ", fs.Parts[2].Text);
        Assert.Equal("(+ y 1)", Sexp(fs.Parts[3].Expr!));
        Assert.Equal(".2", fs.Parts[3].Spec);
        Assert.Equal(" {c}\n", fs.Parts[4].Text);
    }

    [Fact]
    public void Parser_FStringWithPath_ColonColonIsNotASpec()
    {
        var fs = Assert.IsType<FStringExpr>(ParseExpr("f\"{Color::Red}\""));
        var part = Assert.Single(fs.Parts);
        Assert.Null(part.Spec);
        Assert.IsType<PathExpr>(part.Expr);
    }

    [Fact]
    public void Parser_FStringExpressionPositions_PointIntoTheString()
    {
        var (program, bag, _) = ParseWithDiagnostics("let s = f\"value: {x +}\"");
        Assert.NotEmpty(program.Statements);
        var d = Assert.Single(bag.Items);
        Assert.Equal((1, 22), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_FStringUnclosedBrace_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("f\"a {x\"");
        var d = Assert.Single(bag.Items);
        Assert.Equal("unclosed '{' in f-string", d.Message);
        Assert.Equal((1, 5), (d.Line, d.Column));
    }

    // ---------------------------------------------------------------- errors and recovery

    [Fact]
    public void Parser_ThreeSyntaxErrors_AreAllReportedWithPositions()
    {
        const string code = "let a = 1 + ;\nlet b = 2\nlet c = (3 4)\nlet d = 4\nlet e = );\nfun ok() { 1 }\n";
        var (program, bag, _) = ParseWithDiagnostics(code);
        Assert.Equal(3, bag.ErrorCount);
        Assert.Equal(
            [
                "t.ruchy:1:13: expected an expression, found ';'",
                "t.ruchy:3:12: expected ')' or ',' in tuple, found number",
                "t.ruchy:5:9: expected an expression, found ')'",
            ],
            bag.Items.Select(d => d.ToString()));
        Assert.Equal([1, 3, 5], bag.Items.Select(d => d.Line));
        Assert.Equal([13, 12, 9], bag.Items.Select(d => d.Column));
        // The statements between the errors survive.
        var lets = program.Statements.OfType<LetStmt>().Select(l => ((BindingPattern)l.Pattern).Name).ToList();
        Assert.Contains("b", lets);
        Assert.Contains("d", lets);
        Assert.Contains(program.Statements, s => s is FunDecl { Name: "ok" });
    }

    [Fact]
    public void Parser_ErrorInsideFunctionBody_RecoversAtNextStatement()
    {
        var (program, bag, _) = ParseWithDiagnostics("fun f() {\n  let x = ;\n  let y = 2\n}\nfun g() { 1 }");
        var d = Assert.Single(bag.Items);
        Assert.Equal((2, 11), (d.Line, d.Column));
        Assert.Equal(["f", "g"], program.Statements.OfType<FunDecl>().Select(f => f.Name));
    }

    [Fact]
    public void Parser_UnclosedBrace_ReportsOpeningPosition()
    {
        var (_, bag, _) = ParseWithDiagnostics("fun f() {\n  1\n");
        var d = Assert.Single(bag.Items);
        Assert.Equal("unclosed '{'", d.Message);
        Assert.Equal((1, 9), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_StrayClosingBrace_IsReported()
    {
        var (_, bag, _) = ParseWithDiagnostics("let a = 1\n}\nlet b = 2");
        var d = Assert.Single(bag.Items);
        Assert.Equal("expected an expression, found '}'", d.Message);
        Assert.Equal((2, 1), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_LetAsValue_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("f(let x = 1)");
        Assert.Equal("'let' is a statement and cannot be used as a value here", Assert.Single(bag.Items).Message);
    }

    [Fact]
    public void Parser_DuplicateStructField_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("struct P { x: i64, x: i64 }");
        var d = Assert.Single(bag.Items);
        Assert.Equal("field 'x' is declared twice", d.Message);
        Assert.Equal((1, 20), (d.Line, d.Column));
    }

    [Fact]
    public void Parser_DeepNesting_IsErrorNotCrash()
    {
        string code = new string('(', 2000) + "1" + new string(')', 2000);
        var (_, bag, _) = ParseWithDiagnostics(code);
        Assert.True(bag.HasErrors);
        Assert.Contains("nested too deeply", bag.Items[0].Message);
    }

    [Fact]
    public void Parser_ExternalModuleFile_IsError()
    {
        var (_, bag, _) = ParseWithDiagnostics("mod utils;");
        Assert.Equal("external module files ('mod name;') are not supported", Assert.Single(bag.Items).Message);
    }

    // ---------------------------------------------------------------- AstPrinter

    [Fact]
    public void AstPrinter_Outline_ShowsNodesFieldsAndPositions()
    {
        var (program, _, source) = ParseWithDiagnostics("let x = 1 + 2\nprintln(x)");
        string text = AstPrinter.Print(program, source);
        var lines = text.Split('\n');
        Assert.Equal("Program", lines[0]);
        Assert.StartsWith("  LetStmt", lines[1]);
        Assert.EndsWith("  @1:1", lines[1]);
        Assert.Equal("    Pattern: BindingPattern Name=\"x\" Mutable=False  @1:5", lines[2]);
        Assert.Equal("    Init: Binary Op=Add  @1:11", lines[3]);
        Assert.Equal("      Left: Literal 1  @1:9", lines[4]);
        Assert.Equal("      Right: Literal 2  @1:13", lines[5]);
        Assert.Contains("    Expr: Call  @2:1", lines);
        Assert.Contains("        Value: Name Name=\"x\"  @2:9", lines);
    }

    [Fact]
    public void AstPrinter_StringLiteral_IsQuoted()
    {
        var (program, _, source) = ParseWithDiagnostics("\"a\\nb\"");
        Assert.Contains("Literal \"a\\nb\"  @1:1", AstPrinter.Print(program, source));
    }

    [Fact]
    public void Parser_Positions_AreOffsetsOfFirstToken()
    {
        var p = Parse("let a = 1\n  foo(2)");
        var call = Assert.IsType<CallExpr>(((ExprStmt)p.Statements[1]).Expr);
        Assert.Equal("let a = 1\n  ".Length, call.Pos);
        Assert.Equal(call.Pos, p.Statements[1].Pos);
        Assert.Equal(call.Pos + 4, call.Args[0].Value.Pos);
    }

    [Fact]
    public void Parser_IntegerKeysInLiterals_UseInvariantCulture()
    {
        var f = Assert.IsType<FieldExpr>(ParseExpr("t.12"));
        Assert.Equal(12.ToString(CultureInfo.InvariantCulture), f.Name);
    }
}
