using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Tests.Interpreter;

/// <summary>
/// The language's semantics, each case on every tier of <see cref="TierRegistry.All"/> (the tier is the
/// first argument of every case): the bytecode tiers must print exactly what the AST tier prints.
/// </summary>
public sealed class InterpreterTests
{
    private static string Run(string tier, string code) => RuchyRunner.Output(tier, code);

    /// <summary>Prints one expression with <c>println</c> and returns its text without the newline.</summary>
    private static string Show(string tier, string expr)
    {
        string output = Run(tier, "println(" + expr + ")");
        Assert.EndsWith("\n", output);
        return output[..^1];
    }

    // ---------------------------------------------------------------- arithmetic

    [Theory]
    [TierData("7 / 2", "3")]
    [TierData("-7 / 2", "-3")]
    [TierData("7 / -2", "-3")]
    [TierData("-7 % 3", "-1")]
    [TierData("7 % -3", "1")]
    [TierData("10 % 3", "1")]
    [TierData("10 / 4.0", "2.5")]
    [TierData("1 + 2.5", "3.5")]
    [TierData("3 * 1.0", "3.0")]
    [TierData("5 / 2 * 2.0", "4.0")]
    [TierData("10 % 3.5", "3.0")]
    [TierData("2 ** 10", "1024")]
    [TierData("2 ** 3 ** 2", "64")]
    [TierData("2 ** 62", "4611686018427387904")]
    [TierData("2 ** 64", "18446744073709551616.0")]
    [TierData("3 ** 40", "12157665459056928768.0")]
    [TierData("(-2) ** 63", "-9223372036854775808")]
    [TierData("2 ** -1", "0.5")]
    [TierData("2 ** 0.5", "1.4142135623730951")]
    [TierData("-9223372036854775807 - 1", "-9223372036854775808")]
    [TierData("1 + 2 * 3 - 4", "3")]
    [TierData("7 & 3", "3")]
    [TierData("7 | 8", "15")]
    [TierData("5 ^ 1", "4")]
    [TierData("1 << 4", "16")]
    [TierData("-16 >> 2", "-4")]
    [TierData("~0", "-1")]
    [TierData("7.9 as i64", "7")]
    [TierData("-7.9 as i64", "-7")]
    [TierData("7 as f64 / 2 as f64", "3.5")]
    [TierData("300 as i32", "300")]
    [TierData("65 as char", "A")]
    [TierData("\"5\" as i64", "5")]
    public void Interpreter_Arithmetic_FollowsRuchyRules(string tier, string expr, string expected)
    {
        Assert.Equal(expected, Show(tier, expr));
    }

    [Theory]
    [TierData("0.1 + 0.2", "0.30000000000000004")]
    [TierData("1e21", "1000000000000000000000.0")]
    [TierData("1e-7", "0.0000001")]
    [TierData("5.0", "5.0")]
    [TierData("-0.0", "-0.0")]
    [TierData("1.0 / 0.0", "inf")]
    [TierData("-1.0 / 0.0", "-inf")]
    [TierData("100.0 / 3.0", "33.333333333333336")]
    [TierData("2.5e3", "2500.0")]
    public void Interpreter_FloatDisplay_MatchesRuchy(string tier, string expr, string expected)
    {
        Assert.Equal(expected, Show(tier, expr));
    }

    [Theory]
    [TierData("\"ab\" + 1", "ab1")]
    [TierData("1 + \"ab\"", "1ab")]
    [TierData("\"x\" + 1.5", "x1.5")]
    [TierData("\"t\" + true", "ttrue")]
    [TierData("\"ab\" * 3", "ababab")]
    [TierData("\"ab\" + \"cd\"", "abcd")]
    [TierData("[1] + [2, 3]", "[1, 2, 3]")]
    public void Interpreter_StringAndArrayOperators_Concatenate(string tier, string expr, string expected)
    {
        Assert.Equal(expected, Show(tier, expr));
    }

    [Theory]
    [TierData("1 == 1.0", "true")]
    [TierData("1 < 1.5", "true")]
    [TierData("\"b\" > \"a\"", "true")]
    [TierData("[1, 2] == [1, 2]", "true")]
    [TierData("[1, 2] != [2, 1]", "true")]
    [TierData("(1, \"a\") == (1, \"a\")", "true")]
    [TierData("Some(1) == Some(1)", "true")]
    [TierData("Some(1) == None", "false")]
    [TierData("true && 1", "1")]
    [TierData("false && undefined_thing()", "false")]
    [TierData("null || \"d\"", "d")]
    [TierData("0 || 1", "0")]
    [TierData("null ?? 5", "5")]
    [TierData("None ?? 6", "6")]
    [TierData("3 ?? 6", "3")]
    [TierData("!true", "false")]
    public void Interpreter_ComparisonsAndLogic(string tier, string expr, string expected)
    {
        Assert.Equal(expected, Show(tier, expr));
    }

    [Theory, AllTiers]
    public void Interpreter_Truthiness_OnlyFalseAndNilAreFalsy(string tier)
    {
        Assert.Equal("a b c\n", Run(tier, "if 0 { print(\"a \") }\nif \"\" { print(\"b \") }\nif null { print(\"x \") }\nif [] { println(\"c\") }"));
    }

    // ---------------------------------------------------------------- variables, scope, shadowing

    [Theory, AllTiers]
    public void Interpreter_Shadowing_InBlocksAndLets(string tier)
    {
        Assert.Equal("11\n99\n11\n0\n", Run(tier, """
            let x = 10
            let x = x + 1
            println(x)
            { let x = 99; println(x) }
            println(x)
            let n = 0
            for i in 0..3 { let n = i }
            println(n)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_Destructuring_TupleArrayStruct(string tier)
    {
        Assert.Equal("1 2 1 2 [3, 4]\n5 6\n2 1\n", Run(tier, """
            let (a, b) = (1, 2)
            let [x, y, ..rest] = [1, 2, 3, 4]
            println(a, b, x, y, rest)
            struct Point { x: i64, y: i64 }
            let Point { x: px, y: py } = Point { x: 5, y: 6 }
            println(px, py)
            let t = (1, (2, 3))
            println(t.1.0, t.0)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_TupleAssignment_Swaps(string tier)
    {
        Assert.Equal("2 1\n", Run(tier, "let mut a = 1\nlet mut b = 2\n(a, b) = (b, a)\nprintln(a, b)"));
    }

    [Theory, AllTiers]
    public void Interpreter_LetElse_RunsElseOnMismatch(string tier)
    {
        Assert.Equal("5\n-1\n", Run(tier, """
            fun get(o) {
                let Some(v) = o else { return -1 }
                v
            }
            println(get(Some(5)))
            println(get(None))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_LetIn_BindsForItsBody(string tier)
    {
        Assert.Equal("6\n", Run(tier, "let x = 3 in println(x * 2)"));
    }

    [Theory, AllTiers]
    public void Interpreter_LetIn_IsAnExpression(string tier)
    {
        Assert.Equal("20\n", Run(tier, "fun f() { let x = 10 in x * 2 }\nprintln(f())"));
    }

    // ---------------------------------------------------------------- value semantics

    [Theory, AllTiers]
    public void Interpreter_ArrayAssignment_Copies(string tier)
    {
        Assert.Equal("[1, 2] [1, 2, 3]\n", Run(tier, "let a = [1, 2]\nlet b = a\nb.push(3)\nprintln(a, b)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ArrayPassedToFunction_IsCopied(string tier)
    {
        Assert.Equal("[0] [0, 9]\n", Run(tier, "fun f(v) { v.push(9); v }\nlet a = [0]\nlet b = f(a)\nprintln(a, b)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ArrayStoredInArray_IsCopied(string tier)
    {
        Assert.Equal("[[0]] [0, 5]\n", Run(tier, "let mut a = [0]\nlet outer = [a]\na.push(5)\nprintln(outer, a)"));
    }

    [Theory, AllTiers]
    public void Interpreter_MutRefArgument_UpdatesCaller(string tier)
    {
        Assert.Equal("[0, 1]\n", Run(tier, "fun add_one(v: &mut Vec<i64>) { v.push(1) }\nlet mut a = [0]\nadd_one(&mut a)\nprintln(a)"));
    }

    [Theory, AllTiers]
    public void Interpreter_MutRefStructArgument_UpdatesCallerField(string tier)
    {
        Assert.Equal("100\n", Run(tier, "struct C { n: i64 }\nfun setn(p: &mut C) { p.n = 100 }\nlet mut c = C { n: 0 }\nsetn(&mut c)\nprintln(c.n)"));
    }

    [Theory, AllTiers]
    public void Interpreter_MapAssignment_Copies(string tier)
    {
        Assert.Equal("{x: 2} {x: 1}\n", Run(tier, "let mut m = {x: 1}\nlet m2 = m\nm.x = 2\nprintln(m, m2)"));
    }

    [Theory, AllTiers]
    public void Interpreter_HashMapAssignment_Copies(string tier)
    {
        Assert.Equal("1 2\n", Run(tier, "let mut h = HashMap::new()\nh.insert(\"b\", 3)\nlet h2 = h\nh.insert(\"c\", 9)\nprintln(h2.len(), h.len())"));
    }

    [Theory, AllTiers]
    public void Interpreter_StructAssignment_Copies(string tier)
    {
        Assert.Equal("2 3\n1\n", Run(tier, """
            struct C { n: i64 }
            impl C { fun inc(&mut self) { self.n += 1 } }
            let mut c = C { n: 2 }
            let d = c
            c.inc()
            println(d.n, c.n)
            let cs = [C { n: 1 }]
            let mut first = cs[0]
            first.n = 50
            println(cs[0].n)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MutSelfMethod_WritesBack(string tier)
    {
        Assert.Equal("2\n", Run(tier, """
            struct Counter { n: i64 }
            impl Counter {
                fun inc(&mut self) { self.n += 1 }
                fun get(&self) -> i64 { self.n }
            }
            let mut c = Counter { n: 0 }
            c.inc()
            c.inc()
            println(c.get())
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MutSelfMethod_OnFieldAndIndex_WritesBack(string tier)
    {
        Assert.Equal("1 2\n", Run(tier, """
            struct Counter { n: i64 }
            impl Counter { fun inc(&mut self) { self.n += 1 } }
            struct Holder { c: Counter }
            let mut h = Holder { c: Counter { n: 0 } }
            h.c.inc()
            let mut cs = [Counter { n: 1 }]
            cs[0].inc()
            println(h.c.n, cs[0].n)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MutSelfEnum_ReplacesWholeValue(string tier)
    {
        Assert.Equal("Running(1)\nDone\n", Run(tier, """
            enum State { Idle, Running(i64), Done }
            impl State {
                fun step(&mut self) {
                    *self = match self {
                        State::Idle => State::Running(1),
                        _ => State::Done,
                    }
                }
            }
            let mut s = State::Idle
            s.step()
            println(s)
            s.step()
            println(s)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MutSelfByValue_DoesNotChangeCaller(string tier)
    {
        Assert.Equal("1 5\n", Run(tier, """
            struct P { x: i64 }
            impl P { fun with_x(mut self, v) -> P { self.x = v; self } }
            let p = P { x: 1 }
            let q = p.with_x(5)
            println(p.x, q.x)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_NestedArrayIndexAssignment_UpdatesInPlace(string tier)
    {
        Assert.Equal("[[0, 7], [0, 0]]\n", Run(tier, "let mut grid = [[0; 2]; 2]\ngrid[0][1] = 7\nprintln(grid)"));
    }

    [Theory, AllTiers]
    public void Interpreter_CompoundAssignOnFieldsAndIndexes(string tier)
    {
        Assert.Equal("[2, 20] 5 3\n", Run(tier, """
            let mut a = [1, 10]
            a[0] += 1
            a[1] *= 2
            let mut p = {x: 4}
            p.x += 1
            let mut i = 2
            i++
            println(a, p.x, i)
            """));
    }

    // ---------------------------------------------------------------- closures

    [Theory, AllTiers]
    public void Interpreter_Closure_CapturesByReference(string tier)
    {
        Assert.Equal("2\n", Run(tier, "let mut cnt = 0\nlet inc = || { cnt += 1 }\ninc()\ninc()\nprintln(cnt)"));
    }

    [Theory, AllTiers]
    public void Interpreter_Closure_SeesLaterMutation(string tier)
    {
        Assert.Equal("5\n", Run(tier, "fun f() {\n  let mut x = 1\n  let get = || x\n  x = 5\n  get()\n}\nprintln(f())"));
    }

    [Theory, AllTiers]
    public void Interpreter_Counter_KeepsStateAcrossCalls(string tier)
    {
        Assert.Equal("3 1\n", Run(tier, """
            fun make_counter() {
                let mut c = 0
                || { c += 1; c }
            }
            let k = make_counter()
            let other = make_counter()
            k()
            k()
            println(k(), other())
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_LoopIterations_CaptureTheirOwnBinding(string tier)
    {
        Assert.Equal("[0, 10, 20]\n", Run(tier, "let mut fs = []\nfor i in 0..3 { fs.push(|| i * 10) }\nprintln(fs.map(|f| f()))"));
    }

    [Theory, AllTiers]
    public void Interpreter_MakeAdder_CapturesParameter(string tier)
    {
        Assert.Equal("15 7\n", Run(tier, "fun make_adder(n) { |x| x + n }\nlet add5 = make_adder(5)\nlet add2 = make_adder(2)\nprintln(add5(10), add2(5))"));
    }

    [Theory, AllTiers]
    public void Interpreter_NestedFunction_CapturesLocalsAndRecurses(string tier)
    {
        Assert.Equal("13 120\n", Run(tier, """
            fun outer() {
                let base = 10
                fun add(x) { x + base }
                fun fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }
                println(add(3), fact(5))
            }
            outer()
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_LambdaForms_AllCallable(string tier)
    {
        Assert.Equal("2 3 4 5 6 7\n", Run(tier, """
            let a = |x| x + 1
            let b = x => x + 2
            let c = (x, y) => x + y
            let d = \x -> x + 4
            let e = fn(x) { x + 5 }
            let f = move |x| x + 6
            println(a(1), b(1), c(1, 3), d(1), e(1), f(1))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_HigherOrderArrayMethods(string tier)
    {
        Assert.Equal("[4, 6] 6 6 true false Some(2)\n", Run(tier,
            "let xs = [1, 2, 3]\nprintln(xs.map(|x| x * 2).filter(|x| x > 2), xs.reduce(0, |a, b| a + b), xs.sum(), xs.any(|x| x > 2), xs.all(|x| x > 2), xs.find(|x| x % 2 == 0))"));
    }

    [Theory, AllTiers]
    public void Interpreter_Pipeline_CallsStages(string tier)
    {
        Assert.Equal("12\n", Run(tier, "fun double(x) { x * 2 }\nfun add(x, y) { x + y }\nprintln(5 |> double |> add(2))"));
    }

    // ---------------------------------------------------------------- functions and main

    [Theory, AllTiers]
    public void Interpreter_Main_RunsAfterTopLevel(string tier)
    {
        Assert.Equal("top\nmain\n", Run(tier, "fun main() { println(\"main\") }\nprintln(\"top\")"));
    }

    [Theory, AllTiers]
    public void Interpreter_Main_CalledAtTopLevel_RunsOnce(string tier)
    {
        Assert.Equal("top\nmain\n", Run(tier, "fun main() { println(\"main\") }\nprintln(\"top\")\nmain()"));
    }

    [Theory, AllTiers]
    public void Interpreter_DefaultsAndNamedArguments(string tier)
    {
        Assert.Equal("Hello, Ann! Yo, Bo! Hi, Cy!\n", Run(tier, """
            fun greet(name, greeting = "Hello") { f"{greeting}, {name}!" }
            println(greet("Ann"), greet("Bo", "Yo"), greet(greeting = "Hi", name = "Cy"))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_EarlyReturn_AndImplicitReturn(string tier)
    {
        Assert.Equal("neg pos nil\n", Run(tier, """
            fun sign(x) {
                if x < 0 { return "neg" }
                "pos"
            }
            fun nothing() { return }
            println(sign(-1), sign(1), nothing())
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_DeepRecursion_TenThousandWorks(string tier)
    {
        Assert.Equal("10000\n", Run(tier, "fun depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } }\nprintln(depth(10000))"));
    }

    [Theory, AllTiers]
    public void Interpreter_MutualRecursion_Works(string tier)
    {
        Assert.Equal("true false\n", Run(tier, """
            fun is_even(n) { if n == 0 { true } else { is_odd(n - 1) } }
            fun is_odd(n) { if n == 0 { false } else { is_even(n - 1) } }
            println(is_even(10), is_odd(10))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_GlobalsMutatedInFunctions_Persist(string tier)
    {
        Assert.Equal("3\n", Run(tier, "let mut total = 0\nfun add(n) { total += n }\nadd(1)\nadd(2)\nprintln(total)"));
    }

    // ---------------------------------------------------------------- loops

    [Theory, AllTiers]
    public void Interpreter_ForTupleDestructuring(string tier)
    {
        Assert.Equal("1 a\n2 b\n0 10\n1 20\n", Run(tier, """
            let pairs = [(1, "a"), (2, "b")]
            for (n, s) in pairs { println(n, s) }
            for i, x in [10, 20].enumerate() { println(i, x) }
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_ForOverRanges(string tier)
    {
        Assert.Equal("012|0123|||210\n", Run(tier, """
            for i in 0..3 { print(i) }
            print("|")
            for i in 0..=3 { print(i) }
            print("|")
            for i in 3..3 { print(i) }
            print("|")
            for i in 5..=4 { print(i) }
            print("|")
            for i in (0..3).rev() { print(i) }
            println()
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_ForOverStringAndMap(string tier)
    {
        Assert.Equal("a-b-\nk=1\n", Run(tier, "for c in \"ab\".chars() { print(c + \"-\") }\nprintln()\nlet mut h = HashMap::new()\nh.insert(\"k\", 1)\nfor (k, v) in h { println(f\"{k}={v}\") }"));
    }

    [Theory, AllTiers]
    public void Interpreter_LoopBreakValue(string tier)
    {
        Assert.Equal("7 16\n", Run(tier, "let r = loop { break 7 }\nlet mut n = 1\nlet s = loop { n *= 2; if n > 10 { break n } }\nprintln(r, s)"));
    }

    [Theory, AllTiers]
    public void Interpreter_WhileWithBreakAndContinue(string tier)
    {
        Assert.Equal("135\n", Run(tier, "let mut i = 0\nwhile i < 10 {\n  i += 1\n  if i % 2 == 0 { continue }\n  if i > 6 { break }\n  print(i)\n}\nprintln()"));
    }

    [Theory, AllTiers]
    public void Interpreter_LabelledBreakAndContinue(string tier)
    {
        Assert.Equal("00 01 10 11 \n", Run(tier, """
            'outer: for a in 0..3 {
                for b in 0..3 {
                    if b == 2 { continue 'outer }
                    if a == 2 { break 'outer }
                    print(f"{a}{b} ")
                }
            }
            println()
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_AtLabel_BreaksOuterLoop(string tier)
    {
        Assert.Equal("3\n", Run(tier, "let mut n = 0\n@outer: loop {\n  loop {\n    n += 1\n    if n == 3 { break @outer }\n  }\n}\nprintln(n)"));
    }

    [Theory, AllTiers]
    public void Interpreter_LabelledBlock_BreaksWithValue(string tier)
    {
        Assert.Equal("5\n", Run(tier, "let v = 'blk: {\n  if true { break 'blk 5 }\n  10\n}\nprintln(v)"));
    }

    [Theory, AllTiers]
    public void Interpreter_LoopInsideFunction_ReturnLeavesBoth(string tier)
    {
        Assert.Equal("3\n", Run(tier, "fun find(xs, t) {\n  for (i, x) in xs.enumerate() {\n    if x == t { return i }\n  }\n  -1\n}\nprintln(find([5, 6, 7, 8], 8))"));
    }

    // ---------------------------------------------------------------- match

    [Theory]
    [TierData("0", "zero")]
    [TierData("-3", "neg")]
    [TierData("4", "small")]
    [TierData("15", "two digits 15")]
    [TierData("100", "big")]
    public void Interpreter_MatchGuardsRangesBindings(string tier, string value, string expected)
    {
        string code = $"let v = {value}\n" +
            "println(match v { 0 => \"zero\", n if n < 0 => \"neg\", 1..=9 => \"small\", n @ 10..=99 => f\"two digits {n}\", _ => \"big\" })";
        Assert.Equal(expected + "\n", Run(tier, code));
    }

    [Theory, AllTiers]
    public void Interpreter_MatchAllPatternKinds(string tier)
    {
        Assert.Equal("6\nx\nsecond\nmid\n12.0 7.0\nfloat\n[2, 3]\n", Run(tier, """
            let v = [1, 2, 3, 4, 5]
            println(match v { [first, .., last] => first + last, _ => 0 })
            println(match (1, "x") { (0, _) => "zero", (1, s) => s, _ => "?" })
            let c = 'q'
            println(match c { 'a'..='m' => "first", 'n'..='z' => "second", _ => "other" })
            println(match 3 { 1 | 2 => "low", 3 | 4 => "mid", _ => "hi" })
            enum Shape { Circle(f64), Rect { w: f64, h: f64 } }
            fun area(s) { match s { Shape::Circle(r) => 3.0 * r * r, Shape::Rect { w, h } => w * h } }
            println(area(Shape::Circle(2.0)), area(Shape::Rect { w: 2.0, h: 3.5 }))
            println(match 2.5 { 1 => "int", _ => "float" })
            println(match [1, 2, 3] { [_, ..rest] => rest, _ => [] })
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MatchStructPattern_WithLiteralField(string tier)
    {
        Assert.Equal("on axis 3\noff\n", Run(tier, """
            struct P { x: i64, y: i64 }
            fun where_(p) { match p { P { x, y: 0 } => f"on axis {x}", P { .. } => "off" } }
            println(where_(P { x: 3, y: 0 }))
            println(where_(P { x: 3, y: 1 }))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_MatchBareUnitVariants(string tier)
    {
        Assert.Equal("warm cold\n", Run(tier, """
            enum Color { Red, Blue }
            fun feel(c) { match c { Red => "warm", Blue => "cold" } }
            println(feel(Color::Red), feel(Blue))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_EnumDiscriminant_Cast(string tier)
    {
        Assert.Equal("0 5 6\n", Run(tier, "enum E { A, B = 5, C }\nprintln(E::A as i64, E::B as i64, E::C as i64)"));
    }

    // ---------------------------------------------------------------- Option and Result

    [Theory, AllTiers]
    public void Interpreter_TryOperator_OnOption(string tier)
    {
        Assert.Equal("Some(2) None None\n", Run(tier, """
            fun half(x) { if x % 2 == 0 { Some(x / 2) } else { None } }
            fun quarter(x) { let h = half(x)?; half(h) }
            println(quarter(8), quarter(6), quarter(5))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_TryOperator_OnResult(string tier)
    {
        Assert.Equal("Ok(2) Err(\"bad: x\")\n", Run(tier, """
            fun parse(s) { if s == "1" { Ok(1) } else { Err("bad: " + s) } }
            fun twice(s) { let v = parse(s)?; Ok(v * 2) }
            println(twice("1"), twice("x"))
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_IfLetAndWhileLet(string tier)
    {
        Assert.Equal("got 2\n321\n", Run(tier, """
            let o = Some(2)
            if let Some(x) = o { println("got", x) } else { println("none") }
            let mut stack = [1, 2, 3]
            while let Some(t) = stack.pop() { print(t) }
            println()
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_OptionMethods(string tier)
    {
        Assert.Equal("0 2 true false 10 Some(4)\n", Run(tier,
            "let n = None\nlet s = Some(2)\nprintln(n.unwrap_or(0), s.unwrap(), s.is_some(), s.is_none(), n.unwrap_or(10), s.map(|x| x * 2))"));
    }

    [Theory, AllTiers]
    public void Interpreter_PlainValuesMatchSomePatterns(string tier)
    {
        // first/last/get return the element or nil (ruchy); Some(x)/None patterns accept them.
        Assert.Equal("1 nil\nfirst 1\nempty\n", Run(tier, """
            println([1, 2].first(), [].first())
            match [1, 2].first() { Some(x) => println("first", x), None => println("empty") }
            match [].first() { Some(x) => println("first", x), None => println("empty") }
            """));
    }

    // ---------------------------------------------------------------- collections

    [Theory, AllTiers]
    public void Interpreter_HashMapApi(string tier)
    {
        Assert.Equal("2 Some(3) None true 1\n[\"b\", \"a\"] [3, 1]\n{b: 3}\n", Run(tier, """
            let mut h = HashMap::new()
            h.insert("b", 2)
            h.insert("a", 1)
            h.insert("b", 3)
            println(h.len(), h.get("b"), h.get("z"), h.contains_key("a"), h["a"])
            println(h.keys(), h.values())
            h.remove("a")
            println(h)
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_HashMapIndexAssignment_Counts(string tier)
    {
        Assert.Equal("{x: 2, y: 1}\n", Run(tier, "let mut counts = HashMap::new()\nfor w in [\"x\", \"y\", \"x\"] { counts[w] = counts.get(w).unwrap_or(0) + 1 }\nprintln(counts)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ObjectLiteral_FieldAndIndexAccess(string tier)
    {
        Assert.Equal("Alice 30 {age: 30, name: \"Alice\", x: 1}\n", Run(tier,
            "let base = {x: 1}\nlet o = { name: \"Alice\", \"age\": 30, ...base }\nprintln(o.name, o[\"age\"], o)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ArrayMethods(string tier)
    {
        Assert.Equal("1 nil 5 nil 3 [2, 3] [1, 2] true 0..5\n", Run(tier,
            "println([1, 2].first(), [].first(), [5, 1].max(), [1, 2, 3].get(5), [1, 2, 3].len(), [1, 2, 3][1..3], [1, 2, 3][..2], [1, 2].contains(2), 0..5)"));
    }

    [Theory, AllTiers]
    public void Interpreter_NegativeIndex_CountsFromEnd(string tier)
    {
        Assert.Equal("3 c\n", Run(tier, "println([1, 2, 3][-1], \"abc\"[-1])"));
    }

    [Theory, AllTiers]
    public void Interpreter_SortAsStatement_SortsInPlace(string tier)
    {
        Assert.Equal("[1, 2, 3]\n", Run(tier, "let mut a = [3, 1, 2]\na.sort()\nprintln(a)"));
    }

    [Theory, AllTiers]
    public void Interpreter_SortAsValue_ReturnsSortedCopy(string tier)
    {
        Assert.Equal("[3, 1, 2] [1, 2, 3]\n", Run(tier, "let a = [3, 1, 2]\nlet b = a.sort()\nprintln(a, b)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ReverseAsStatementAndValue(string tier)
    {
        Assert.Equal("[3, 2, 1] [3, 2, 1] [1, 2, 3]\n", Run(tier, "let mut a = [1, 2, 3]\nlet b = a.reverse()\nlet c = a\na.reverse()\nprintln(a, b, c)"));
    }

    [Theory, AllTiers]
    public void Interpreter_ArrayRepeat_RowsAreIndependent(string tier)
    {
        Assert.Equal("[[1, 0], [0, 0]] [0, 0, 0]\n", Run(tier, "let mut g = [[0; 2]; 2]\ng[0][0] = 1\nprintln(g, vec![0; 3])"));
    }

    [Theory, AllTiers]
    public void Interpreter_PushPop_OnArrays(string tier)
    {
        Assert.Equal("3 [1, 2] nil\n", Run(tier, "let mut a = [1, 2, 3]\nlet x = a.pop()\nlet mut e = []\nprintln(x, a, e.pop())"));
    }

    // ---------------------------------------------------------------- strings

    [Theory]
    [TierData("\"héllo\".len()", "6")]
    [TierData("\"héllo\".chars().len()", "5")]
    [TierData("\"☺\".len()", "3")]
    [TierData("\"abc\".to_uppercase()", "ABC")]
    [TierData("\"ABC\".to_lowercase()", "abc")]
    [TierData("\"wörld\".contains(\"wö\")", "true")]
    [TierData("\"hello\".starts_with(\"he\")", "true")]
    [TierData("\"hello\".ends_with(\"lo\")", "true")]
    [TierData("\"hello\".replace(\"l\", \"L\")", "heLLo")]
    [TierData("\"  pad \".trim()", "pad")]
    [TierData("\"a-b-c\".split(\"-\")", "[\"a\", \"b\", \"c\"]")]
    [TierData("\"ab\".chars()", "[\"a\", \"b\"]")]
    [TierData("\"Hello\"[1]", "e")]
    [TierData("\"Hello\"[1..3]", "el")]
    [TierData("\"x\".repeat(3)", "xxx")]
    [TierData("\"42\".parse::<i64>()", "Ok(42)")]
    [TierData("42.to_string() + \"!\"", "42!")]
    [TierData("\"\".is_empty()", "true")]
    [TierData("\"a\\tb\"", "a\tb")]
    [TierData("r\"a\\nb\"", "a\\nb")]
    public void Interpreter_StringMethods(string tier, string expr, string expected)
    {
        Assert.Equal(expected, Show(tier, expr));
    }

    [Theory, AllTiers]
    public void Interpreter_StringPlusEquals_Appends(string tier)
    {
        Assert.Equal("abc\n", Run(tier, "let mut s = \"a\"\ns += \"b\"\ns = s + \"c\"\nprintln(s)"));
    }

    // ---------------------------------------------------------------- output formats

    [Theory, AllTiers]
    public void Interpreter_FString_FormatsSpecsAndExpressions(string tier)
    {
        Assert.Equal("Bob has 3.14 and 6.3 and 3 BOB\n{literal} 5.00 0.3333333333333333\n", Run(tier, """
            let x = 3.14159
            let name = "Bob"
            println(f"{name} has {x:.2} and {x * 2:.1} and {[1, 2].len() + 1} {name.to_uppercase()}")
            println(f"{{literal}} {5:.2} {1.0 / 3.0}")
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_FString_ArraysOfStringsUnquoted(string tier)
    {
        Assert.Equal("[a, b] (x, 1)\n", Run(tier, "let names = [\"a\", \"b\"]\nlet t = (\"x\", 1)\nprintln(f\"{names} {t}\")"));
    }

    [Theory]
    [TierData("println(\"a {} b\", 1, 2)", "a 1 b")]
    [TierData("println(\"a {} b {} c\", 1)", "a 1 b {} c")]
    [TierData("println(\"x:\", 1)", "x: 1")]
    [TierData("println(\"The answer is\", 42)", "The answer is 42")]
    [TierData("println(\"{:.2}\", 1.5)", "{:.2} 1.5")]
    [TierData("println(\"Score: {}/{} ({:.1}%)\", 95, 100, 0.95)", "Score: 95/100 ({:.1}%)")]
    [TierData("println(\"{} and {}\", \"s\", [1, \"t\"])", "s and [1, \"t\"]")]
    [TierData("println()", "")]
    [TierData("println(\"top\")", "top")]
    [TierData("println([\"nested\", \"q\"])", "[\"nested\", \"q\"]")]
    public void Interpreter_PrintlnFunction_Quirks(string tier, string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(tier, code));
    }

    [Theory]
    [TierData("println!(\"{:.2}\", 1.5)", "1.50")]
    [TierData("println!(\"{:.2} {:>5}|{:<5}|{:^5}|\", 1.0, \"r\", \"l\", \"c\")", "1.00     r|l    |  c  |")]
    [TierData("println!(\"{:?} {:?}\", \"s\", [1, 2])", "\"s\" [1, 2]")]
    [TierData("let name = \"Bob\"\nprintln!(\"{} {name}\", 1)", "1 Bob")]
    [TierData("println!(\"{0}-{0}-{1}\", \"a\", \"b\")", "a-a-b")]
    [TierData("println!(\"{{}}\")", "{}")]
    [TierData("println!(\"{:05}\", 42)", "00042")]
    [TierData("println(format!(\"{}-{}\", \"a\", 2))", "a-2")]
    public void Interpreter_RustFormatMacros_UseFormatSpecs(string tier, string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(tier, code));
    }

    [Theory, AllTiers]
    public void Interpreter_Eprintln_GoesToTheRunsStderr(string tier)
    {
        var o = RuchyRunner.Run("eprintln!(\"oops {}\", 1)\nprintln(\"out\")", tier: tier);
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("out\n", o.Stdout);
        Assert.Equal("oops 1\n", o.Stderr);
    }

    [Theory, AllTiers]
    public void Interpreter_Print_NoNewline(string tier)
    {
        Assert.Equal("AB1 2\n", Run(tier, "print(\"A\")\nprint(\"B\")\nprint(1, 2)\nprintln()"));
    }

    [Theory]
    [TierData("struct P { y: i64, x: i64 }\nprintln(P { y: 2, x: 1 })", "P {x: 1, y: 2}")]
    [TierData("enum S { Circle(f64), Rect { w: i64, h: i64 }, Unit }\nprintln(S::Circle(1.0), S::Rect { w: 1, h: 2 }, S::Unit)", "Circle(1.0) Rect {h: 2, w: 1} Unit")]
    [TierData("println([\"a\", \"b\"], (\"x\", 1), Some(\"s\"), None, Ok(1), Err(\"e\"))", "[\"a\", \"b\"] (\"x\", 1) Some(\"s\") None Ok(1) Err(\"e\")")]
    [TierData("println({b: 1, a: \"x\"})", "{a: \"x\", b: 1}")]
    [TierData("println(0..5, 0..=5)", "0..5 0..=5")]
    [TierData("println(|x| x)", "<function>")]
    [TierData("println([(\"x\", [1.5])], Some([1]))", "[(\"x\", [1.5])] Some([1])")]
    [TierData("println(null, ())", "nil nil")]
    [TierData("struct W(i64, String)\nprintln(W(1, \"a\"))", "W(1, \"a\")")]
    public void Interpreter_Display_OfValues(string tier, string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(tier, code));
    }

    // ---------------------------------------------------------------- structs, traits

    [Theory, AllTiers]
    public void Interpreter_StructMethodsAndAssociatedFunctions(string tier)
    {
        Assert.Equal("5 25\n", Run(tier, """
            struct Sq { side: i64 }
            impl Sq {
                fun new(side) -> Sq { Sq { side } }
                fun area(&self) -> i64 { self.side * self.side }
            }
            let s = Sq::new(5)
            println(s.side, s.area())
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_TraitDefaultMethod_IsInherited(string tier)
    {
        Assert.Equal("hi, I am Rex\n", Run(tier, """
            trait Greet {
                fun name(&self) -> String;
                fun greet(&self) -> String { "hi, I am " + self.name() }
            }
            struct Dog { n: String }
            impl Greet for Dog { fun name(&self) -> String { self.n } }
            println(Dog { n: "Rex" }.greet())
            """));
    }

    [Theory, AllTiers]
    public void Interpreter_StructUpdateAndDefaults(string tier)
    {
        Assert.Equal("Point {x: 1, y: 8} Cfg {depth: 3, name: \"c\"}\n", Run(tier, """
            struct Point { x: i64, y: i64 }
            struct Cfg { name: String, depth: i64 = 3 }
            let p = Point { x: 1, ..Point { x: 9, y: 8 } }
            println(p, Cfg { name: "c" })
            """));
    }

    // ---------------------------------------------------------------- engine result value (-e)

    [Theory]
    [TierData("1 + 2", "3")]
    [TierData("let x = 5\nx * 2", "10")]
    [TierData("\"hi\"", "\"hi\"")]
    [TierData("[1, \"a\"]", "[1, \"a\"]")]
    [TierData("if true { 2.5 }", "2.5")]
    public void Interpreter_RunResultValue_IsLastExpression(string tier, string code, string repr)
    {
        var result = RuchyEngine.Run(SourceText.From(code, "t.ruchy"), TextWriter.Null, TextWriter.Null, TestTiers.Options(tier));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(repr, ValueFormatter.Repr(result.Value));
    }

    [Theory]
    [TierData("println(1)")]
    [TierData("let x = 1")]
    [TierData("fun main() { 42 }")]
    public void Interpreter_RunResultValue_IsNilForStatements(string tier, string code)
    {
        var result = RuchyEngine.Run(SourceText.From(code, "t.ruchy"), TextWriter.Null, TextWriter.Null, TestTiers.Options(tier));
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Value.IsNil);
    }

    [Theory, AllTiers]
    public void Interpreter_Exit_SetsExitCodeAndKeepsOutput(string tier)
    {
        var o = RuchyRunner.Run("println(\"bye\")\nexit(3)\nprintln(\"never\")", tier: tier);
        Assert.Equal(3, o.ExitCode);
        Assert.Equal("bye\n", o.Stdout);
    }
}
