using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Tests.Interpreter;

public sealed class InterpreterTests
{
    private static string Run(string code) => RuchyRunner.Output(code);

    /// <summary>Prints one expression with <c>println</c> and returns its text without the newline.</summary>
    private static string Show(string expr)
    {
        string output = Run("println(" + expr + ")");
        Assert.EndsWith("\n", output);
        return output[..^1];
    }

    // ---------------------------------------------------------------- arithmetic

    [Theory]
    [InlineData("7 / 2", "3")]
    [InlineData("-7 / 2", "-3")]
    [InlineData("7 / -2", "-3")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("7 % -3", "1")]
    [InlineData("10 % 3", "1")]
    [InlineData("10 / 4.0", "2.5")]
    [InlineData("1 + 2.5", "3.5")]
    [InlineData("3 * 1.0", "3.0")]
    [InlineData("5 / 2 * 2.0", "4.0")]
    [InlineData("10 % 3.5", "3.0")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("2 ** 3 ** 2", "64")]
    [InlineData("2 ** 62", "4611686018427387904")]
    [InlineData("2 ** 64", "18446744073709551616.0")]
    [InlineData("3 ** 40", "12157665459056928768.0")]
    [InlineData("(-2) ** 63", "-9223372036854775808")]
    [InlineData("2 ** -1", "0.5")]
    [InlineData("2 ** 0.5", "1.4142135623730951")]
    [InlineData("-9223372036854775807 - 1", "-9223372036854775808")]
    [InlineData("1 + 2 * 3 - 4", "3")]
    [InlineData("7 & 3", "3")]
    [InlineData("7 | 8", "15")]
    [InlineData("5 ^ 1", "4")]
    [InlineData("1 << 4", "16")]
    [InlineData("-16 >> 2", "-4")]
    [InlineData("~0", "-1")]
    [InlineData("7.9 as i64", "7")]
    [InlineData("-7.9 as i64", "-7")]
    [InlineData("7 as f64 / 2 as f64", "3.5")]
    [InlineData("300 as i32", "300")]
    [InlineData("65 as char", "A")]
    [InlineData("\"5\" as i64", "5")]
    public void Interpreter_Arithmetic_FollowsRuchyRules(string expr, string expected)
    {
        Assert.Equal(expected, Show(expr));
    }

    [Theory]
    [InlineData("0.1 + 0.2", "0.30000000000000004")]
    [InlineData("1e21", "1000000000000000000000.0")]
    [InlineData("1e-7", "0.0000001")]
    [InlineData("5.0", "5.0")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("1.0 / 0.0", "inf")]
    [InlineData("-1.0 / 0.0", "-inf")]
    [InlineData("100.0 / 3.0", "33.333333333333336")]
    [InlineData("2.5e3", "2500.0")]
    public void Interpreter_FloatDisplay_MatchesRuchy(string expr, string expected)
    {
        Assert.Equal(expected, Show(expr));
    }

    [Theory]
    [InlineData("\"ab\" + 1", "ab1")]
    [InlineData("1 + \"ab\"", "1ab")]
    [InlineData("\"x\" + 1.5", "x1.5")]
    [InlineData("\"t\" + true", "ttrue")]
    [InlineData("\"ab\" * 3", "ababab")]
    [InlineData("\"ab\" + \"cd\"", "abcd")]
    [InlineData("[1] + [2, 3]", "[1, 2, 3]")]
    public void Interpreter_StringAndArrayOperators_Concatenate(string expr, string expected)
    {
        Assert.Equal(expected, Show(expr));
    }

    [Theory]
    [InlineData("1 == 1.0", "true")]
    [InlineData("1 < 1.5", "true")]
    [InlineData("\"b\" > \"a\"", "true")]
    [InlineData("[1, 2] == [1, 2]", "true")]
    [InlineData("[1, 2] != [2, 1]", "true")]
    [InlineData("(1, \"a\") == (1, \"a\")", "true")]
    [InlineData("Some(1) == Some(1)", "true")]
    [InlineData("Some(1) == None", "false")]
    [InlineData("true && 1", "1")]
    [InlineData("false && undefined_thing()", "false")]
    [InlineData("null || \"d\"", "d")]
    [InlineData("0 || 1", "0")]
    [InlineData("null ?? 5", "5")]
    [InlineData("None ?? 6", "6")]
    [InlineData("3 ?? 6", "3")]
    [InlineData("!true", "false")]
    public void Interpreter_ComparisonsAndLogic(string expr, string expected)
    {
        Assert.Equal(expected, Show(expr));
    }

    [Fact]
    public void Interpreter_Truthiness_OnlyFalseAndNilAreFalsy()
    {
        Assert.Equal("a b c\n", Run("if 0 { print(\"a \") }\nif \"\" { print(\"b \") }\nif null { print(\"x \") }\nif [] { println(\"c\") }"));
    }

    // ---------------------------------------------------------------- variables, scope, shadowing

    [Fact]
    public void Interpreter_Shadowing_InBlocksAndLets()
    {
        Assert.Equal("11\n99\n11\n0\n", Run("""
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

    [Fact]
    public void Interpreter_Destructuring_TupleArrayStruct()
    {
        Assert.Equal("1 2 1 2 [3, 4]\n5 6\n2 1\n", Run("""
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

    [Fact]
    public void Interpreter_TupleAssignment_Swaps()
    {
        Assert.Equal("2 1\n", Run("let mut a = 1\nlet mut b = 2\n(a, b) = (b, a)\nprintln(a, b)"));
    }

    [Fact]
    public void Interpreter_LetElse_RunsElseOnMismatch()
    {
        Assert.Equal("5\n-1\n", Run("""
            fun get(o) {
                let Some(v) = o else { return -1 }
                v
            }
            println(get(Some(5)))
            println(get(None))
            """));
    }

    [Fact]
    public void Interpreter_LetIn_BindsForItsBody()
    {
        Assert.Equal("6\n", Run("let x = 3 in println(x * 2)"));
    }

    [Fact]
    public void Interpreter_LetIn_IsAnExpression()
    {
        Assert.Equal("20\n", Run("fun f() { let x = 10 in x * 2 }\nprintln(f())"));
    }

    // ---------------------------------------------------------------- value semantics

    [Fact]
    public void Interpreter_ArrayAssignment_Copies()
    {
        Assert.Equal("[1, 2] [1, 2, 3]\n", Run("let a = [1, 2]\nlet b = a\nb.push(3)\nprintln(a, b)"));
    }

    [Fact]
    public void Interpreter_ArrayPassedToFunction_IsCopied()
    {
        Assert.Equal("[0] [0, 9]\n", Run("fun f(v) { v.push(9); v }\nlet a = [0]\nlet b = f(a)\nprintln(a, b)"));
    }

    [Fact]
    public void Interpreter_ArrayStoredInArray_IsCopied()
    {
        Assert.Equal("[[0]] [0, 5]\n", Run("let mut a = [0]\nlet outer = [a]\na.push(5)\nprintln(outer, a)"));
    }

    [Fact]
    public void Interpreter_MutRefArgument_UpdatesCaller()
    {
        Assert.Equal("[0, 1]\n", Run("fun add_one(v: &mut Vec<i64>) { v.push(1) }\nlet mut a = [0]\nadd_one(&mut a)\nprintln(a)"));
    }

    [Fact]
    public void Interpreter_MutRefStructArgument_UpdatesCallerField()
    {
        Assert.Equal("100\n", Run("struct C { n: i64 }\nfun setn(p: &mut C) { p.n = 100 }\nlet mut c = C { n: 0 }\nsetn(&mut c)\nprintln(c.n)"));
    }

    [Fact]
    public void Interpreter_MapAssignment_Copies()
    {
        Assert.Equal("{x: 2} {x: 1}\n", Run("let mut m = {x: 1}\nlet m2 = m\nm.x = 2\nprintln(m, m2)"));
    }

    [Fact]
    public void Interpreter_HashMapAssignment_Copies()
    {
        Assert.Equal("1 2\n", Run("let mut h = HashMap::new()\nh.insert(\"b\", 3)\nlet h2 = h\nh.insert(\"c\", 9)\nprintln(h2.len(), h.len())"));
    }

    [Fact]
    public void Interpreter_StructAssignment_Copies()
    {
        Assert.Equal("2 3\n1\n", Run("""
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

    [Fact]
    public void Interpreter_MutSelfMethod_WritesBack()
    {
        Assert.Equal("2\n", Run("""
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

    [Fact]
    public void Interpreter_MutSelfMethod_OnFieldAndIndex_WritesBack()
    {
        Assert.Equal("1 2\n", Run("""
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

    [Fact]
    public void Interpreter_MutSelfEnum_ReplacesWholeValue()
    {
        Assert.Equal("Running(1)\nDone\n", Run("""
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

    [Fact]
    public void Interpreter_MutSelfByValue_DoesNotChangeCaller()
    {
        Assert.Equal("1 5\n", Run("""
            struct P { x: i64 }
            impl P { fun with_x(mut self, v) -> P { self.x = v; self } }
            let p = P { x: 1 }
            let q = p.with_x(5)
            println(p.x, q.x)
            """));
    }

    [Fact]
    public void Interpreter_NestedArrayIndexAssignment_UpdatesInPlace()
    {
        Assert.Equal("[[0, 7], [0, 0]]\n", Run("let mut grid = [[0; 2]; 2]\ngrid[0][1] = 7\nprintln(grid)"));
    }

    [Fact]
    public void Interpreter_CompoundAssignOnFieldsAndIndexes()
    {
        Assert.Equal("[2, 20] 5 3\n", Run("""
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

    [Fact]
    public void Interpreter_Closure_CapturesByReference()
    {
        Assert.Equal("2\n", Run("let mut cnt = 0\nlet inc = || { cnt += 1 }\ninc()\ninc()\nprintln(cnt)"));
    }

    [Fact]
    public void Interpreter_Closure_SeesLaterMutation()
    {
        Assert.Equal("5\n", Run("fun f() {\n  let mut x = 1\n  let get = || x\n  x = 5\n  get()\n}\nprintln(f())"));
    }

    [Fact]
    public void Interpreter_Counter_KeepsStateAcrossCalls()
    {
        Assert.Equal("3 1\n", Run("""
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

    [Fact]
    public void Interpreter_LoopIterations_CaptureTheirOwnBinding()
    {
        Assert.Equal("[0, 10, 20]\n", Run("let mut fs = []\nfor i in 0..3 { fs.push(|| i * 10) }\nprintln(fs.map(|f| f()))"));
    }

    [Fact]
    public void Interpreter_MakeAdder_CapturesParameter()
    {
        Assert.Equal("15 7\n", Run("fun make_adder(n) { |x| x + n }\nlet add5 = make_adder(5)\nlet add2 = make_adder(2)\nprintln(add5(10), add2(5))"));
    }

    [Fact]
    public void Interpreter_NestedFunction_CapturesLocalsAndRecurses()
    {
        Assert.Equal("13 120\n", Run("""
            fun outer() {
                let base = 10
                fun add(x) { x + base }
                fun fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }
                println(add(3), fact(5))
            }
            outer()
            """));
    }

    [Fact]
    public void Interpreter_LambdaForms_AllCallable()
    {
        Assert.Equal("2 3 4 5 6 7\n", Run("""
            let a = |x| x + 1
            let b = x => x + 2
            let c = (x, y) => x + y
            let d = \x -> x + 4
            let e = fn(x) { x + 5 }
            let f = move |x| x + 6
            println(a(1), b(1), c(1, 3), d(1), e(1), f(1))
            """));
    }

    [Fact]
    public void Interpreter_HigherOrderArrayMethods()
    {
        Assert.Equal("[4, 6] 6 6 true false Some(2)\n", Run(
            "let xs = [1, 2, 3]\nprintln(xs.map(|x| x * 2).filter(|x| x > 2), xs.reduce(0, |a, b| a + b), xs.sum(), xs.any(|x| x > 2), xs.all(|x| x > 2), xs.find(|x| x % 2 == 0))"));
    }

    [Fact]
    public void Interpreter_Pipeline_CallsStages()
    {
        Assert.Equal("12\n", Run("fun double(x) { x * 2 }\nfun add(x, y) { x + y }\nprintln(5 |> double |> add(2))"));
    }

    // ---------------------------------------------------------------- functions and main

    [Fact]
    public void Interpreter_Main_RunsAfterTopLevel()
    {
        Assert.Equal("top\nmain\n", Run("fun main() { println(\"main\") }\nprintln(\"top\")"));
    }

    [Fact]
    public void Interpreter_Main_CalledAtTopLevel_RunsOnce()
    {
        Assert.Equal("top\nmain\n", Run("fun main() { println(\"main\") }\nprintln(\"top\")\nmain()"));
    }

    [Fact]
    public void Interpreter_DefaultsAndNamedArguments()
    {
        Assert.Equal("Hello, Ann! Yo, Bo! Hi, Cy!\n", Run("""
            fun greet(name, greeting = "Hello") { f"{greeting}, {name}!" }
            println(greet("Ann"), greet("Bo", "Yo"), greet(greeting = "Hi", name = "Cy"))
            """));
    }

    [Fact]
    public void Interpreter_EarlyReturn_AndImplicitReturn()
    {
        Assert.Equal("neg pos nil\n", Run("""
            fun sign(x) {
                if x < 0 { return "neg" }
                "pos"
            }
            fun nothing() { return }
            println(sign(-1), sign(1), nothing())
            """));
    }

    [Fact]
    public void Interpreter_DeepRecursion_TenThousandWorks()
    {
        Assert.Equal("10000\n", Run("fun depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } }\nprintln(depth(10000))"));
    }

    [Fact]
    public void Interpreter_MutualRecursion_Works()
    {
        Assert.Equal("true false\n", Run("""
            fun is_even(n) { if n == 0 { true } else { is_odd(n - 1) } }
            fun is_odd(n) { if n == 0 { false } else { is_even(n - 1) } }
            println(is_even(10), is_odd(10))
            """));
    }

    [Fact]
    public void Interpreter_GlobalsMutatedInFunctions_Persist()
    {
        Assert.Equal("3\n", Run("let mut total = 0\nfun add(n) { total += n }\nadd(1)\nadd(2)\nprintln(total)"));
    }

    // ---------------------------------------------------------------- loops

    [Fact]
    public void Interpreter_ForTupleDestructuring()
    {
        Assert.Equal("1 a\n2 b\n0 10\n1 20\n", Run("""
            let pairs = [(1, "a"), (2, "b")]
            for (n, s) in pairs { println(n, s) }
            for i, x in [10, 20].enumerate() { println(i, x) }
            """));
    }

    [Fact]
    public void Interpreter_ForOverRanges()
    {
        Assert.Equal("012|0123|||210\n", Run("""
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

    [Fact]
    public void Interpreter_ForOverStringAndMap()
    {
        Assert.Equal("a-b-\nk=1\n", Run("for c in \"ab\".chars() { print(c + \"-\") }\nprintln()\nlet mut h = HashMap::new()\nh.insert(\"k\", 1)\nfor (k, v) in h { println(f\"{k}={v}\") }"));
    }

    [Fact]
    public void Interpreter_LoopBreakValue()
    {
        Assert.Equal("7 16\n", Run("let r = loop { break 7 }\nlet mut n = 1\nlet s = loop { n *= 2; if n > 10 { break n } }\nprintln(r, s)"));
    }

    [Fact]
    public void Interpreter_WhileWithBreakAndContinue()
    {
        Assert.Equal("135\n", Run("let mut i = 0\nwhile i < 10 {\n  i += 1\n  if i % 2 == 0 { continue }\n  if i > 6 { break }\n  print(i)\n}\nprintln()"));
    }

    [Fact]
    public void Interpreter_LabelledBreakAndContinue()
    {
        Assert.Equal("00 01 10 11 \n", Run("""
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

    [Fact]
    public void Interpreter_AtLabel_BreaksOuterLoop()
    {
        Assert.Equal("3\n", Run("let mut n = 0\n@outer: loop {\n  loop {\n    n += 1\n    if n == 3 { break @outer }\n  }\n}\nprintln(n)"));
    }

    [Fact]
    public void Interpreter_LabelledBlock_BreaksWithValue()
    {
        Assert.Equal("5\n", Run("let v = 'blk: {\n  if true { break 'blk 5 }\n  10\n}\nprintln(v)"));
    }

    [Fact]
    public void Interpreter_LoopInsideFunction_ReturnLeavesBoth()
    {
        Assert.Equal("3\n", Run("fun find(xs, t) {\n  for (i, x) in xs.enumerate() {\n    if x == t { return i }\n  }\n  -1\n}\nprintln(find([5, 6, 7, 8], 8))"));
    }

    // ---------------------------------------------------------------- match

    [Theory]
    [InlineData("0", "zero")]
    [InlineData("-3", "neg")]
    [InlineData("4", "small")]
    [InlineData("15", "two digits 15")]
    [InlineData("100", "big")]
    public void Interpreter_MatchGuardsRangesBindings(string value, string expected)
    {
        string code = $"let v = {value}\n" +
            "println(match v { 0 => \"zero\", n if n < 0 => \"neg\", 1..=9 => \"small\", n @ 10..=99 => f\"two digits {n}\", _ => \"big\" })";
        Assert.Equal(expected + "\n", Run(code));
    }

    [Fact]
    public void Interpreter_MatchAllPatternKinds()
    {
        Assert.Equal("6\nx\nsecond\nmid\n12.0 7.0\nfloat\n[2, 3]\n", Run("""
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

    [Fact]
    public void Interpreter_MatchStructPattern_WithLiteralField()
    {
        Assert.Equal("on axis 3\noff\n", Run("""
            struct P { x: i64, y: i64 }
            fun where_(p) { match p { P { x, y: 0 } => f"on axis {x}", P { .. } => "off" } }
            println(where_(P { x: 3, y: 0 }))
            println(where_(P { x: 3, y: 1 }))
            """));
    }

    [Fact]
    public void Interpreter_MatchBareUnitVariants()
    {
        Assert.Equal("warm cold\n", Run("""
            enum Color { Red, Blue }
            fun feel(c) { match c { Red => "warm", Blue => "cold" } }
            println(feel(Color::Red), feel(Blue))
            """));
    }

    [Fact]
    public void Interpreter_EnumDiscriminant_Cast()
    {
        Assert.Equal("0 5 6\n", Run("enum E { A, B = 5, C }\nprintln(E::A as i64, E::B as i64, E::C as i64)"));
    }

    // ---------------------------------------------------------------- Option and Result

    [Fact]
    public void Interpreter_TryOperator_OnOption()
    {
        Assert.Equal("Some(2) None None\n", Run("""
            fun half(x) { if x % 2 == 0 { Some(x / 2) } else { None } }
            fun quarter(x) { let h = half(x)?; half(h) }
            println(quarter(8), quarter(6), quarter(5))
            """));
    }

    [Fact]
    public void Interpreter_TryOperator_OnResult()
    {
        Assert.Equal("Ok(2) Err(\"bad: x\")\n", Run("""
            fun parse(s) { if s == "1" { Ok(1) } else { Err("bad: " + s) } }
            fun twice(s) { let v = parse(s)?; Ok(v * 2) }
            println(twice("1"), twice("x"))
            """));
    }

    [Fact]
    public void Interpreter_IfLetAndWhileLet()
    {
        Assert.Equal("got 2\n321\n", Run("""
            let o = Some(2)
            if let Some(x) = o { println("got", x) } else { println("none") }
            let mut stack = [1, 2, 3]
            while let Some(t) = stack.pop() { print(t) }
            println()
            """));
    }

    [Fact]
    public void Interpreter_OptionMethods()
    {
        Assert.Equal("0 2 true false 10 Some(4)\n", Run(
            "let n = None\nlet s = Some(2)\nprintln(n.unwrap_or(0), s.unwrap(), s.is_some(), s.is_none(), n.unwrap_or(10), s.map(|x| x * 2))"));
    }

    [Fact]
    public void Interpreter_PlainValuesMatchSomePatterns()
    {
        // first/last/get return the element or nil (ruchy); Some(x)/None patterns accept them.
        Assert.Equal("1 nil\nfirst 1\nempty\n", Run("""
            println([1, 2].first(), [].first())
            match [1, 2].first() { Some(x) => println("first", x), None => println("empty") }
            match [].first() { Some(x) => println("first", x), None => println("empty") }
            """));
    }

    // ---------------------------------------------------------------- collections

    [Fact]
    public void Interpreter_HashMapApi()
    {
        Assert.Equal("2 Some(3) None true 1\n[\"b\", \"a\"] [3, 1]\n{b: 3}\n", Run("""
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

    [Fact]
    public void Interpreter_HashMapIndexAssignment_Counts()
    {
        Assert.Equal("{x: 2, y: 1}\n", Run("let mut counts = HashMap::new()\nfor w in [\"x\", \"y\", \"x\"] { counts[w] = counts.get(w).unwrap_or(0) + 1 }\nprintln(counts)"));
    }

    [Fact]
    public void Interpreter_ObjectLiteral_FieldAndIndexAccess()
    {
        Assert.Equal("Alice 30 {age: 30, name: \"Alice\", x: 1}\n", Run(
            "let base = {x: 1}\nlet o = { name: \"Alice\", \"age\": 30, ...base }\nprintln(o.name, o[\"age\"], o)"));
    }

    [Fact]
    public void Interpreter_ArrayMethods()
    {
        Assert.Equal("1 nil 5 nil 3 [2, 3] [1, 2] true 0..5\n", Run(
            "println([1, 2].first(), [].first(), [5, 1].max(), [1, 2, 3].get(5), [1, 2, 3].len(), [1, 2, 3][1..3], [1, 2, 3][..2], [1, 2].contains(2), 0..5)"));
    }

    [Fact]
    public void Interpreter_NegativeIndex_CountsFromEnd()
    {
        Assert.Equal("3 c\n", Run("println([1, 2, 3][-1], \"abc\"[-1])"));
    }

    [Fact]
    public void Interpreter_SortAsStatement_SortsInPlace()
    {
        Assert.Equal("[1, 2, 3]\n", Run("let mut a = [3, 1, 2]\na.sort()\nprintln(a)"));
    }

    [Fact]
    public void Interpreter_SortAsValue_ReturnsSortedCopy()
    {
        Assert.Equal("[3, 1, 2] [1, 2, 3]\n", Run("let a = [3, 1, 2]\nlet b = a.sort()\nprintln(a, b)"));
    }

    [Fact]
    public void Interpreter_ReverseAsStatementAndValue()
    {
        Assert.Equal("[3, 2, 1] [3, 2, 1] [1, 2, 3]\n", Run("let mut a = [1, 2, 3]\nlet b = a.reverse()\nlet c = a\na.reverse()\nprintln(a, b, c)"));
    }

    [Fact]
    public void Interpreter_ArrayRepeat_RowsAreIndependent()
    {
        Assert.Equal("[[1, 0], [0, 0]] [0, 0, 0]\n", Run("let mut g = [[0; 2]; 2]\ng[0][0] = 1\nprintln(g, vec![0; 3])"));
    }

    [Fact]
    public void Interpreter_PushPop_OnArrays()
    {
        Assert.Equal("3 [1, 2] nil\n", Run("let mut a = [1, 2, 3]\nlet x = a.pop()\nlet mut e = []\nprintln(x, a, e.pop())"));
    }

    // ---------------------------------------------------------------- strings

    [Theory]
    [InlineData("\"héllo\".len()", "6")]
    [InlineData("\"héllo\".chars().len()", "5")]
    [InlineData("\"☺\".len()", "3")]
    [InlineData("\"abc\".to_uppercase()", "ABC")]
    [InlineData("\"ABC\".to_lowercase()", "abc")]
    [InlineData("\"wörld\".contains(\"wö\")", "true")]
    [InlineData("\"hello\".starts_with(\"he\")", "true")]
    [InlineData("\"hello\".ends_with(\"lo\")", "true")]
    [InlineData("\"hello\".replace(\"l\", \"L\")", "heLLo")]
    [InlineData("\"  pad \".trim()", "pad")]
    [InlineData("\"a-b-c\".split(\"-\")", "[\"a\", \"b\", \"c\"]")]
    [InlineData("\"ab\".chars()", "[\"a\", \"b\"]")]
    [InlineData("\"Hello\"[1]", "e")]
    [InlineData("\"Hello\"[1..3]", "el")]
    [InlineData("\"x\".repeat(3)", "xxx")]
    [InlineData("\"42\".parse::<i64>()", "Ok(42)")]
    [InlineData("42.to_string() + \"!\"", "42!")]
    [InlineData("\"\".is_empty()", "true")]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("r\"a\\nb\"", "a\\nb")]
    public void Interpreter_StringMethods(string expr, string expected)
    {
        Assert.Equal(expected, Show(expr));
    }

    [Fact]
    public void Interpreter_StringPlusEquals_Appends()
    {
        Assert.Equal("abc\n", Run("let mut s = \"a\"\ns += \"b\"\ns = s + \"c\"\nprintln(s)"));
    }

    // ---------------------------------------------------------------- output formats

    [Fact]
    public void Interpreter_FString_FormatsSpecsAndExpressions()
    {
        Assert.Equal("Bob has 3.14 and 6.3 and 3 BOB\n{literal} 5.00 0.3333333333333333\n", Run("""
            let x = 3.14159
            let name = "Bob"
            println(f"{name} has {x:.2} and {x * 2:.1} and {[1, 2].len() + 1} {name.to_uppercase()}")
            println(f"{{literal}} {5:.2} {1.0 / 3.0}")
            """));
    }

    [Fact]
    public void Interpreter_FString_ArraysOfStringsUnquoted()
    {
        Assert.Equal("[a, b] (x, 1)\n", Run("let names = [\"a\", \"b\"]\nlet t = (\"x\", 1)\nprintln(f\"{names} {t}\")"));
    }

    [Theory]
    [InlineData("println(\"a {} b\", 1, 2)", "a 1 b")]
    [InlineData("println(\"a {} b {} c\", 1)", "a 1 b {} c")]
    [InlineData("println(\"x:\", 1)", "x: 1")]
    [InlineData("println(\"The answer is\", 42)", "The answer is 42")]
    [InlineData("println(\"{:.2}\", 1.5)", "{:.2} 1.5")]
    [InlineData("println(\"Score: {}/{} ({:.1}%)\", 95, 100, 0.95)", "Score: 95/100 ({:.1}%)")]
    [InlineData("println(\"{} and {}\", \"s\", [1, \"t\"])", "s and [1, \"t\"]")]
    [InlineData("println()", "")]
    [InlineData("println(\"top\")", "top")]
    [InlineData("println([\"nested\", \"q\"])", "[\"nested\", \"q\"]")]
    public void Interpreter_PrintlnFunction_Quirks(string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(code));
    }

    [Theory]
    [InlineData("println!(\"{:.2}\", 1.5)", "1.50")]
    [InlineData("println!(\"{:.2} {:>5}|{:<5}|{:^5}|\", 1.0, \"r\", \"l\", \"c\")", "1.00     r|l    |  c  |")]
    [InlineData("println!(\"{:?} {:?}\", \"s\", [1, 2])", "\"s\" [1, 2]")]
    [InlineData("let name = \"Bob\"\nprintln!(\"{} {name}\", 1)", "1 Bob")]
    [InlineData("println!(\"{0}-{0}-{1}\", \"a\", \"b\")", "a-a-b")]
    [InlineData("println!(\"{{}}\")", "{}")]
    [InlineData("println!(\"{:05}\", 42)", "00042")]
    [InlineData("println(format!(\"{}-{}\", \"a\", 2))", "a-2")]
    public void Interpreter_RustFormatMacros_UseFormatSpecs(string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(code));
    }

    [Fact]
    public void Interpreter_Eprintln_GoesToTheRunsStderr()
    {
        var o = RuchyRunner.Run("eprintln!(\"oops {}\", 1)\nprintln(\"out\")");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("out\n", o.Stdout);
        Assert.Equal("oops 1\n", o.Stderr);
    }

    [Fact]
    public void Interpreter_Print_NoNewline()
    {
        Assert.Equal("AB1 2\n", Run("print(\"A\")\nprint(\"B\")\nprint(1, 2)\nprintln()"));
    }

    [Theory]
    [InlineData("struct P { y: i64, x: i64 }\nprintln(P { y: 2, x: 1 })", "P {x: 1, y: 2}")]
    [InlineData("enum S { Circle(f64), Rect { w: i64, h: i64 }, Unit }\nprintln(S::Circle(1.0), S::Rect { w: 1, h: 2 }, S::Unit)", "Circle(1.0) Rect {h: 2, w: 1} Unit")]
    [InlineData("println([\"a\", \"b\"], (\"x\", 1), Some(\"s\"), None, Ok(1), Err(\"e\"))", "[\"a\", \"b\"] (\"x\", 1) Some(\"s\") None Ok(1) Err(\"e\")")]
    [InlineData("println({b: 1, a: \"x\"})", "{a: \"x\", b: 1}")]
    [InlineData("println(0..5, 0..=5)", "0..5 0..=5")]
    [InlineData("println(|x| x)", "<function>")]
    [InlineData("println([(\"x\", [1.5])], Some([1]))", "[(\"x\", [1.5])] Some([1])")]
    [InlineData("println(null, ())", "nil nil")]
    [InlineData("struct W(i64, String)\nprintln(W(1, \"a\"))", "W(1, \"a\")")]
    public void Interpreter_Display_OfValues(string code, string expected)
    {
        Assert.Equal(expected + "\n", Run(code));
    }

    // ---------------------------------------------------------------- structs, traits

    [Fact]
    public void Interpreter_StructMethodsAndAssociatedFunctions()
    {
        Assert.Equal("5 25\n", Run("""
            struct Sq { side: i64 }
            impl Sq {
                fun new(side) -> Sq { Sq { side } }
                fun area(&self) -> i64 { self.side * self.side }
            }
            let s = Sq::new(5)
            println(s.side, s.area())
            """));
    }

    [Fact]
    public void Interpreter_TraitDefaultMethod_IsInherited()
    {
        Assert.Equal("hi, I am Rex\n", Run("""
            trait Greet {
                fun name(&self) -> String;
                fun greet(&self) -> String { "hi, I am " + self.name() }
            }
            struct Dog { n: String }
            impl Greet for Dog { fun name(&self) -> String { self.n } }
            println(Dog { n: "Rex" }.greet())
            """));
    }

    [Fact]
    public void Interpreter_StructUpdateAndDefaults()
    {
        Assert.Equal("Point {x: 1, y: 8} Cfg {depth: 3, name: \"c\"}\n", Run("""
            struct Point { x: i64, y: i64 }
            struct Cfg { name: String, depth: i64 = 3 }
            let p = Point { x: 1, ..Point { x: 9, y: 8 } }
            println(p, Cfg { name: "c" })
            """));
    }

    // ---------------------------------------------------------------- engine result value (-e)

    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("let x = 5\nx * 2", "10")]
    [InlineData("\"hi\"", "\"hi\"")]
    [InlineData("[1, \"a\"]", "[1, \"a\"]")]
    [InlineData("if true { 2.5 }", "2.5")]
    public void Interpreter_RunResultValue_IsLastExpression(string code, string repr)
    {
        var result = RuchyEngine.Run(SourceText.From(code, "t.ruchy"), TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(repr, ValueFormatter.Repr(result.Value));
    }

    [Theory]
    [InlineData("println(1)")]
    [InlineData("let x = 1")]
    [InlineData("fun main() { 42 }")]
    public void Interpreter_RunResultValue_IsNilForStatements(string code)
    {
        var result = RuchyEngine.Run(SourceText.From(code, "t.ruchy"), TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Value.IsNil);
    }

    [Fact]
    public void Interpreter_Exit_SetsExitCodeAndKeepsOutput()
    {
        var o = RuchyRunner.Run("println(\"bye\")\nexit(3)\nprintln(\"never\")");
        Assert.Equal(3, o.ExitCode);
        Assert.Equal("bye\n", o.Stdout);
    }
}
