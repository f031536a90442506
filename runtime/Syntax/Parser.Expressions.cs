using System.Globalization;
using System.Text;
using Ruchy.Core;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy.Syntax;

public sealed partial class Parser
{
    private bool _noArrowLambda;

    public Expr ParseExpression() => ParseBinary(Precedence.Assignment);

    private static bool StartsBlockLike(TokenKind k) => k is TokenKind.If or TokenKind.Match or TokenKind.While
        or TokenKind.For or TokenKind.Loop or TokenKind.LBrace or TokenKind.Unsafe;

    /// <summary>
    /// An expression statement. As in Rust, a statement that starts with a block-like expression
    /// (<c>if</c>, <c>match</c>, a loop, a block) ends with it: a next line starting with <c>-1</c>
    /// is a new statement, not a subtraction.
    /// </summary>
    private Expr ParseExpressionStatement()
    {
        if (!StartsBlockLike(Kind) || (Kind == TokenKind.LBrace && IsObjectLiteralStart())) return ParseExpression();
        var e = ParsePrimary();
        var next = Current;
        bool continues = !next.NewlineBefore && (next.Kind is TokenKind.Dot or TokenKind.QuestionDot or TokenKind.Question
            || (Precedence.Infix(next.Kind) > 0 && !CanStartStatementAfterBlock(next.Kind)) || Precedence.IsAssignment(next.Kind, out _));
        if (!continues) return e;
        // Same-line continuation (`match x { ... }.len()`, `if a {1} else {2} + 3`): parse the rest as usual.
        e = ParsePostfix(e);
        return ContinueBinary(e, Precedence.Assignment);
    }

    /// <summary>
    /// An operator that can also begin an expression: after a block-like statement it begins the next
    /// statement even on the same line, as in Rust (<c>for i in 0..3 { } -1</c> ends with <c>-1</c>, no
    /// subtraction). Operators that cannot (<c>+ 3</c>, <c>== y</c>, which Rust rejects there) still continue.
    /// </summary>
    private static bool CanStartStatementAfterBlock(TokenKind k) => k is TokenKind.Minus or TokenKind.Star or TokenKind.Amp
        or TokenKind.AmpAmp or TokenKind.Pipe or TokenKind.PipePipe or TokenKind.DotDot or TokenKind.DotDotEq;

    /// <summary>Parses an expression in a head position where <c>Name { ... }</c> is a block, not a struct literal.</summary>
    private Expr ParseHeadExpression()
    {
        bool saved = _noStructLiteral;
        _noStructLiteral = true;
        try
        {
            return ParseExpression();
        }
        finally
        {
            _noStructLiteral = saved;
        }
    }

    private Expr ParseBinary(int minPrec)
    {
        EnterNesting();
        try
        {
            return ContinueBinary(ParseUnary(), minPrec);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>The Pratt loop: extends <paramref name="left"/> with operators binding at least as tightly as <paramref name="minPrec"/>.</summary>
    private Expr ContinueBinary(Expr left, int minPrec)
    {
        {
            while (true)
            {
                var op = Current;
                // Assignment (right-assoc) and the ternary live at the loosest level.
                if (minPrec <= Precedence.Assignment && Precedence.IsAssignment(op.Kind, out var compound))
                {
                    Advance();
                    var value = ParseBinary(Precedence.Assignment);
                    CheckAssignable(left);
                    left = new AssignExpr(op.Start, left, compound, value);
                    continue;
                }
                if (minPrec <= Precedence.Assignment && op.Kind == TokenKind.Question)
                {
                    Advance();
                    var then = ParseBinary(Precedence.Assignment + 1);
                    Expect(TokenKind.Colon, "':' in conditional expression");
                    var otherwise = ParseBinary(Precedence.Assignment);
                    left = new TernaryExpr(op.Start, left, then, otherwise);
                    continue;
                }
                int prec = Precedence.Infix(op.Kind);
                if (prec == 0 || prec < minPrec) return left;
                // A line that starts with `|x| ...` or `|| {` begins a lambda, not a bitwise/logical or.
                if (op.NewlineBefore && (op.Kind == TokenKind.Pipe || (op.Kind == TokenKind.PipePipe && PeekKind() is TokenKind.LBrace or TokenKind.Move)))
                    return left;
                Advance();
                switch (op.Kind)
                {
                    case TokenKind.As:
                        left = new CastExpr(op.Start, left, ParseType().Trim());
                        continue;
                    case TokenKind.DotDot:
                    case TokenKind.DotDotEq:
                    {
                        Expr? end = CanStartExpression(Kind) && !(Kind == TokenKind.LBrace && _noStructLiteral)
                            ? ParseBinary(Precedence.Range + 1)
                            : null;
                        left = new RangeExpr(op.Start, left, end, op.Kind == TokenKind.DotDotEq);
                        continue;
                    }
                    case TokenKind.PipeGreater:
                    {
                        var stage = ParseBinary(prec + 1);
                        left = MakePipelineCall(op.Start, left, stage);
                        continue;
                    }
                }
                var right = ParseBinary(prec + 1);
                left = new BinaryExpr(op.Start, Precedence.BinaryOperator(op.Kind)!.Value, left, right);
            }
        }
    }

    /// <summary><c>x |> f</c> is <c>f(x)</c>; <c>x |> g(a)</c> is <c>g(x, a)</c>; <c>x |> obj.m(a)</c> is <c>obj.m(x, a)</c>.</summary>
    private static Expr MakePipelineCall(int pos, Expr input, Expr stage)
    {
        var first = new Argument(null, input);
        return stage switch
        {
            CallExpr call => new CallExpr(pos, call.Callee, Prepend(first, call.Args)),
            MethodCallExpr m => new MethodCallExpr(pos, m.Receiver, m.Name, Prepend(first, m.Args), m.Optional),
            _ => new CallExpr(pos, stage, new[] { first }),
        };
    }

    private static List<Argument> Prepend(Argument a, IReadOnlyList<Argument> rest)
    {
        var list = new List<Argument>(rest.Count + 1) { a };
        list.AddRange(rest);
        return list;
    }

    private void CheckAssignable(Expr target)
    {
        switch (target)
        {
            case NameExpr:
            case FieldExpr:
            case IndexExpr:
            case ErrorExpr:
            case SelfExpr:
                return;
            case UnaryExpr { Op: UnaryOp.Deref } u:
                CheckAssignable(u.Operand);
                return;
            case TupleExpr t:
                foreach (var e in t.Elements) CheckAssignable(e);
                return;
            default:
                _diagnostics.Error(target.Pos, "invalid assignment target");
                return;
        }
    }

    private static bool CanStartExpression(TokenKind k) => k switch
    {
        TokenKind.Int or TokenKind.Float or TokenKind.String or TokenKind.FString or TokenKind.Char
            or TokenKind.Identifier or TokenKind.True or TokenKind.False or TokenKind.Null
            or TokenKind.SelfValue or TokenKind.SelfType
            or TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace
            or TokenKind.Minus or TokenKind.Bang or TokenKind.Tilde or TokenKind.Amp or TokenKind.Star
            or TokenKind.Pipe or TokenKind.PipePipe or TokenKind.If or TokenKind.Match or TokenKind.While
            or TokenKind.Loop or TokenKind.For or TokenKind.Move or TokenKind.Fun => true,
        _ => false,
    };

    private Expr ParseUnary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Minus:
            {
                Advance();
                var operand = ParseUnaryOperand();
                // Fold negative literals so that constants print and match as written.
                if (operand is LiteralExpr { Literal.Kind: LiteralKind.Int } li && li.Pos == t.End)
                    return new LiteralExpr(t.Start, Literal.FromInt(unchecked(-li.Literal.AsInt)));
                if (operand is LiteralExpr { Literal.Kind: LiteralKind.Float } lf && lf.Pos == t.End)
                    return new LiteralExpr(t.Start, Literal.FromFloat(-lf.Literal.AsFloat));
                return new UnaryExpr(t.Start, UnaryOp.Negate, operand);
            }
            case TokenKind.Plus:
                Advance();
                return new UnaryExpr(t.Start, UnaryOp.Plus, ParseUnaryOperand());
            case TokenKind.Bang:
                Advance();
                return new UnaryExpr(t.Start, UnaryOp.Not, ParseUnaryOperand());
            case TokenKind.Tilde:
                Advance();
                return new UnaryExpr(t.Start, UnaryOp.BitNot, ParseUnaryOperand());
            case TokenKind.Amp:
            case TokenKind.AmpAmp:
                Advance();
                bool mutable = Match(TokenKind.Mut);
                return new UnaryExpr(t.Start, mutable ? UnaryOp.RefMut : UnaryOp.Ref, ParseUnaryOperand());
            case TokenKind.Star:
                Advance();
                return new UnaryExpr(t.Start, UnaryOp.Deref, ParseUnaryOperand());
            case TokenKind.PlusPlus:
            case TokenKind.MinusMinus:
            {
                Advance();
                var target = ParseUnaryOperand();
                CheckAssignable(target);
                return new IncDecExpr(t.Start, target, t.Kind == TokenKind.PlusPlus, Prefix: true);
            }
            case TokenKind.Await:
                Advance();
                return ParseUnaryOperand();
            case TokenKind.DotDot:
            case TokenKind.DotDotEq:
            {
                // Prefix range `..n` / `..=n` / bare `..`.
                Advance();
                Expr? end = CanStartExpression(Kind) ? ParseBinary(Precedence.Range + 1) : null;
                return new RangeExpr(t.Start, null, end, t.Kind == TokenKind.DotDotEq);
            }
        }
        return ParsePostfix(ParsePrimary());
    }

    private Expr ParseUnaryOperand()
    {
        EnterNesting();
        try
        {
            return ParseUnary();
        }
        finally
        {
            _depth--;
        }
    }

    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.LParen when !t.NewlineBefore:
                {
                    var args = ParseArguments();
                    expr = new CallExpr(expr is NameExpr or PathExpr ? expr.Pos : t.Start, expr, args);
                    continue;
                }
                case TokenKind.LBracket when !t.NewlineBefore:
                {
                    Advance();
                    bool saved = _noStructLiteral;
                    _noStructLiteral = false;
                    var index = ParseExpression();
                    _noStructLiteral = saved;
                    Expect(TokenKind.RBracket);
                    expr = new IndexExpr(t.Start, expr, index);
                    continue;
                }
                case TokenKind.Dot:
                case TokenKind.QuestionDot:
                {
                    Advance();
                    bool optional = t.Kind == TokenKind.QuestionDot;
                    var nameTok = Current;
                    if (nameTok.Kind == TokenKind.Int)
                    {
                        Advance();
                        expr = new FieldExpr(nameTok.Start, expr, nameTok.IntValue.ToString(CultureInfo.InvariantCulture), optional);
                        continue;
                    }
                    if (nameTok.Kind == TokenKind.Await)
                    {
                        Advance();
                        continue;
                    }
                    string name = Kind is TokenKind.Identifier ? Advance().Text!
                        : SyntaxFacts.IsKeyword(Kind) ? SyntaxFacts.GetText(Advance().Kind)!
                        : throw Error(Current, $"expected field or method name after '.', found {SyntaxFacts.Describe(Current)}");
                    if (Kind == TokenKind.ColonColon && PeekKind() == TokenKind.Less)
                    {
                        Advance();
                        ParseGenericArgs();
                    }
                    if (Kind == TokenKind.LParen && !Current.NewlineBefore)
                    {
                        var args = ParseArguments();
                        expr = new MethodCallExpr(nameTok.Start, expr, name, args, optional);
                    }
                    else
                    {
                        expr = new FieldExpr(nameTok.Start, expr, name, optional);
                    }
                    continue;
                }
                case TokenKind.Question when !t.SpaceBefore || !CanStartExpression(PeekKind()):
                    Advance();
                    expr = new TryExpr(t.Start, expr);
                    continue;
                case TokenKind.PlusPlus when !t.NewlineBefore:
                case TokenKind.MinusMinus when !t.NewlineBefore:
                    Advance();
                    CheckAssignable(expr);
                    expr = new IncDecExpr(t.Start, expr, t.Kind == TokenKind.PlusPlus, Prefix: false);
                    continue;
                default:
                    return expr;
            }
        }
    }

    private List<Argument> ParseArguments()
    {
        Expect(TokenKind.LParen);
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        var args = new List<Argument>();
        while (Kind != TokenKind.RParen)
        {
            string? name = null;
            // Named argument `f(b = 2)`; `f(x == 2)` and `f(x = y)` as assignment are told apart by `=`.
            if (Kind == TokenKind.Identifier && PeekKind() == TokenKind.Eq)
            {
                name = Advance().Text;
                Advance();
            }
            args.Add(new Argument(name, ParseExpression()));
            if (!Match(TokenKind.Comma)) break;
        }
        _noStructLiteral = saved;
        Expect(TokenKind.RParen, "')' or ',' in argument list");
        return args;
    }

    private Expr ParsePrimary()
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Int:
                Advance();
                return new LiteralExpr(t.Start, Literal.FromInt(t.IntValue));
            case TokenKind.Float:
                Advance();
                return new LiteralExpr(t.Start, Literal.FromFloat(t.FloatValue));
            case TokenKind.String:
            case TokenKind.Char:
                Advance();
                return new LiteralExpr(t.Start, Literal.FromString(t.Text!));
            case TokenKind.FString:
                Advance();
                return ParseFString(t);
            case TokenKind.True:
                Advance();
                return new LiteralExpr(t.Start, Literal.True);
            case TokenKind.False:
                Advance();
                return new LiteralExpr(t.Start, Literal.False);
            case TokenKind.Null:
                Advance();
                return new LiteralExpr(t.Start, Literal.Nil);
            case TokenKind.SelfValue:
                Advance();
                return new SelfExpr(t.Start);
            case TokenKind.Identifier:
            case TokenKind.SelfType:
                return ParseNameOrPath();
            case TokenKind.LParen:
                return ParseParenthesized();
            case TokenKind.LBracket:
                return ParseArrayLiteral();
            case TokenKind.LBrace:
                return IsObjectLiteralStart() ? ParseObjectLiteral() : ParseBlock();
            case TokenKind.Pipe:
            case TokenKind.PipePipe:
                return ParseLambda();
            case TokenKind.Move:
                Advance();
                return ParseLambda();
            case TokenKind.Async when PeekKind() is TokenKind.Pipe or TokenKind.PipePipe or TokenKind.LBrace or TokenKind.Move:
                Advance();
                Match(TokenKind.Move);
                return Kind == TokenKind.LBrace ? ParseBlock() : ParseLambda();
            case TokenKind.Unsafe when PeekKind() == TokenKind.LBrace:
                Advance();
                return ParseBlock();
            case TokenKind.Backslash:
                return ParseBackslashLambda();
            case TokenKind.Fun:
                return ParseAnonymousFunction();
            case TokenKind.If:
                return ParseIf();
            case TokenKind.Match:
                return ParseMatch();
            case TokenKind.While:
                return ParseWhile(null);
            case TokenKind.Loop:
                return ParseLoop(null);
            case TokenKind.For:
                return ParseFor(null);
            case TokenKind.Lifetime when PeekKind() == TokenKind.Colon:
            {
                Advance();
                Advance();
                return ParseLabelledLoop(t.Text!);
            }
            case TokenKind.At when PeekKind() == TokenKind.Identifier && PeekKind(2) == TokenKind.Colon:
            {
                Advance();
                string label = Advance().Text!;
                Advance();
                return ParseLabelledLoop(label);
            }
            case TokenKind.Break:
            {
                Advance();
                string? label = ParseOptionalLabel();
                Expr? value = null;
                if (!Current.NewlineBefore && CanStartExpression(Kind) && Kind != TokenKind.LBrace) value = ParseExpression();
                return new BreakExpr(t.Start, label, value);
            }
            case TokenKind.Continue:
            {
                Advance();
                return new ContinueExpr(t.Start, ParseOptionalLabel());
            }
            case TokenKind.Return:
            {
                Advance();
                Expr? value = null;
                if (!Current.NewlineBefore && Kind is not (TokenKind.Semicolon or TokenKind.RBrace or TokenKind.RParen
                        or TokenKind.RBracket or TokenKind.Comma or TokenKind.EndOfFile))
                    value = ParseExpression();
                return new ReturnExpr(t.Start, value);
            }
            case TokenKind.Let:
                throw Error(t, "'let' is a statement and cannot be used as a value here");
            default:
                throw Error(t, $"expected an expression, found {SyntaxFacts.Describe(t)}");
        }
    }

    private string? ParseOptionalLabel()
    {
        if (Kind == TokenKind.Lifetime && !Current.NewlineBefore) return Advance().Text;
        if (Kind == TokenKind.At && PeekKind() == TokenKind.Identifier && !Current.NewlineBefore)
        {
            Advance();
            return Advance().Text;
        }
        return null;
    }

    private Expr ParseLabelledLoop(string label) => Kind switch
    {
        TokenKind.While => ParseWhile(label),
        TokenKind.Loop => ParseLoop(label),
        TokenKind.For => ParseFor(label),
        TokenKind.LBrace => ParseLabelledBlock(label),
        _ => throw Error(Current, $"expected a loop after label '{label}', found {SyntaxFacts.Describe(Current)}"),
    };

    /// <summary><c>'a: { ... break 'a v ... }</c> runs once as a loop whose body ends with a break.</summary>
    private Expr ParseLabelledBlock(string label)
    {
        var block = ParseBlock();
        // The block's value must survive: `loop { break 'label { block } }`.
        var body = new BlockExpr(block.Pos, new Stmt[] { new ExprStmt(block.Pos, new BreakExpr(block.Pos, label, block)) });
        return new LoopExpr(block.Pos, label, body);
    }

    private Expr ParseNameOrPath()
    {
        var first = Advance();
        string firstName = first.Kind == TokenKind.SelfType ? "Self" : first.Text!;

        // Macro call: name!(...) / name![...] / name!{...}
        if (first.Kind == TokenKind.Identifier && Kind == TokenKind.Bang && !Current.SpaceBefore
            && PeekKind() is TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace)
            return ParseMacro(first);

        // Arrow lambda `x => x * 2`.
        if (first.Kind == TokenKind.Identifier && Kind == TokenKind.FatArrow && !_noStructLiteral && !_noArrowLambda)
        {
            Advance();
            var body = ParseExpression();
            return new LambdaExpr(first.Start, new[] { new Param(first.Start, new BindingPattern(first.Start, firstName, false, null), null) }, body);
        }

        var segments = new List<string> { firstName };
        while (Kind == TokenKind.ColonColon)
        {
            Advance();
            if (Kind == TokenKind.Less)
            {
                ParseGenericArgs(); // turbofish: Vec::<i32>::new
                continue;
            }
            segments.Add(ExpectIdentifier("name after '::'"));
        }
        // Generic type arguments before `::` in expression position, e.g. `Vec<i32>::new()` is not
        // Rust syntax; ignore.
        Expr expr = segments.Count == 1 ? new NameExpr(first.Start, firstName) : new PathExpr(first.Start, segments);

        if (Kind == TokenKind.LBrace && !_noStructLiteral && LooksLikeStructLiteral(segments[^1]))
            return ParseStructLiteral(first.Start, segments);
        return expr;
    }

    private bool LooksLikeStructLiteral(string typeName)
    {
        if (typeName.Length == 0 || !char.IsUpper(typeName[0])) return false;
        var a = PeekToken(1);
        var b = PeekToken(2);
        return a.Kind switch
        {
            TokenKind.RBrace => true,
            TokenKind.DotDot => true,
            TokenKind.Identifier => b.Kind is TokenKind.Colon or TokenKind.Comma or TokenKind.RBrace,
            TokenKind.Int => b.Kind == TokenKind.Colon,
            _ => false,
        };
    }

    private Expr ParseStructLiteral(int pos, List<string> path)
    {
        Expect(TokenKind.LBrace);
        var fields = new List<FieldInit>();
        Expr? baseExpr = null;
        while (Kind != TokenKind.RBrace)
        {
            if (Match(TokenKind.DotDot))
            {
                baseExpr = ParseExpression();
                break;
            }
            var nameTok = Current;
            string name = nameTok.Kind == TokenKind.Int ? Advance().IntValue.ToString(CultureInfo.InvariantCulture) : ExpectIdentifier("field name");
            Expr value = Match(TokenKind.Colon) ? ParseExpression() : new NameExpr(nameTok.Start, name);
            if (fields.Exists(f => f.Name == name)) _diagnostics.Error(nameTok.Start, $"field '{name}' specified more than once");
            fields.Add(new FieldInit(nameTok.Start, name, value));
            if (!Match(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RBrace, "'}' or ',' in struct literal");
        return new StructLiteralExpr(pos, string.Join("::", path), fields, baseExpr);
    }

    /// <summary>
    /// <c>matches!(value, Pattern)</c> or <c>matches!(value, Pattern if guard)</c>: its second argument is a
    /// pattern, so it becomes <c>match value { Pattern if guard => true, _ => false }</c> here.
    /// </summary>
    private Expr ParseMatchesMacro(Token nameTok, TokenKind close)
    {
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        var scrutinee = ParseExpression();
        Expect(TokenKind.Comma, "',' between the value and the pattern of matches!");
        int p = Current.Start;
        var pattern = ParsePattern(allowOr: true, mutableBindings: false);
        Expr? guard = null;
        if (Match(TokenKind.If)) guard = ParseExpression();
        Match(TokenKind.Comma);
        _noStructLiteral = saved;
        Expect(close, $"'{SyntaxFacts.GetText(close)}' to close macro matches!");
        return new MatchExpr(nameTok.Start, scrutinee,
        [
            new MatchArm(p, pattern, guard, new LiteralExpr(p, Literal.True)),
            new MatchArm(p, new WildcardPattern(p), null, new LiteralExpr(p, Literal.False)),
        ]);
    }

    private Expr ParseMacro(Token nameTok)
    {
        string name = nameTok.Text!;
        Advance(); // !
        var open = Current.Kind;
        var close = open switch { TokenKind.LParen => TokenKind.RParen, TokenKind.LBracket => TokenKind.RBracket, _ => TokenKind.RBrace };
        Advance();
        if (name == "matches") return ParseMatchesMacro(nameTok, close);
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        var args = new List<Expr>();
        Expr? repeat = null;
        while (Kind != close)
        {
            args.Add(ParseExpression());
            if (args.Count == 1 && Kind == TokenKind.Semicolon)
            {
                Advance();
                repeat = ParseExpression();
                break;
            }
            if (!Match(TokenKind.Comma)) break;
        }
        _noStructLiteral = saved;
        Expect(close, $"'{SyntaxFacts.GetText(close)}' to close macro {name}!");
        return new MacroExpr(nameTok.Start, name, args, repeat);
    }

    private Expr ParseParenthesized()
    {
        var open = Advance();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            if (Kind == TokenKind.RParen)
            {
                Advance();
                if (Kind == TokenKind.FatArrow) return ParseArrowLambdaBody(open, new List<Expr>());
                return new LiteralExpr(open.Start, Literal.Nil);
            }
            var first = ParseExpression();
            if (Kind == TokenKind.RParen)
            {
                Advance();
                if (Kind == TokenKind.FatArrow && first is NameExpr) return ParseArrowLambdaBody(open, new List<Expr> { first });
                return first;
            }
            var items = new List<Expr> { first };
            while (Match(TokenKind.Comma))
            {
                if (Kind == TokenKind.RParen) break;
                items.Add(ParseExpression());
            }
            Expect(TokenKind.RParen, "')' or ',' in tuple");
            if (Kind == TokenKind.FatArrow) return ParseArrowLambdaBody(open, items);
            return new TupleExpr(open.Start, items);
        }
        finally
        {
            _noStructLiteral = saved;
        }
    }

    private Expr ParseArrowLambdaBody(Token open, List<Expr> items)
    {
        var ps = new List<Param>();
        foreach (var e in items)
        {
            if (e is not NameExpr n) throw Error(open, "lambda parameters must be names");
            ps.Add(new Param(n.Pos, new BindingPattern(n.Pos, n.Name, false, null), null));
        }
        Expect(TokenKind.FatArrow);
        return new LambdaExpr(open.Start, ps, ParseExpression());
    }

    private Expr ParseArrayLiteral()
    {
        var open = Advance();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        try
        {
            var items = new List<Expr>();
            while (Kind != TokenKind.RBracket)
            {
                items.Add(ParseExpression());
                if (items.Count == 1 && Match(TokenKind.Semicolon))
                {
                    var count = ParseExpression();
                    Expect(TokenKind.RBracket);
                    return new ArrayRepeatExpr(open.Start, items[0], count);
                }
                if (!Match(TokenKind.Comma)) break;
            }
            Expect(TokenKind.RBracket, "']' or ',' in array literal");
            return new ArrayExpr(open.Start, items);
        }
        finally
        {
            _noStructLiteral = saved;
        }
    }

    private bool IsObjectLiteralStart()
    {
        var a = PeekToken(1);
        var b = PeekToken(2);
        if (a.Kind == TokenKind.DotDotDot) return true;
        return a.Kind is TokenKind.Identifier or TokenKind.String && b.Kind == TokenKind.Colon;
    }

    private Expr ParseObjectLiteral()
    {
        var open = Advance();
        var entries = new List<ObjectEntry>();
        while (Kind != TokenKind.RBrace)
        {
            if (Match(TokenKind.DotDotDot))
            {
                entries.Add(new ObjectEntry(null, ParseExpression()));
            }
            else
            {
                var keyTok = Current;
                string key = keyTok.Kind is TokenKind.Identifier or TokenKind.String ? Advance().Text! : throw Error(keyTok, "expected a key in object literal");
                Expect(TokenKind.Colon);
                entries.Add(new ObjectEntry(key, ParseExpression()));
            }
            if (!Match(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RBrace, "'}' or ',' in object literal");
        return new ObjectExpr(open.Start, entries);
    }

    private Expr ParseLambda()
    {
        var start = Current;
        var ps = new List<Param>();
        if (Match(TokenKind.PipePipe))
        {
            // no parameters
        }
        else
        {
            Expect(TokenKind.Pipe);
            while (Kind != TokenKind.Pipe)
            {
                int p = Current.Start;
                var pattern = ParseBindingPattern(false);
                if (Match(TokenKind.Colon)) ParseType();
                ps.Add(new Param(p, pattern, null));
                if (!Match(TokenKind.Comma)) break;
            }
            Expect(TokenKind.Pipe, "'|' to close lambda parameters");
        }
        Expr body;
        if (Match(TokenKind.Arrow))
        {
            ParseType();
            body = ParseBlock();
        }
        else
        {
            body = ParseExpression();
        }
        return new LambdaExpr(start.Start, ps, body);
    }

    private Expr ParseBackslashLambda()
    {
        var start = Advance();
        var ps = new List<Param>();
        while (Kind == TokenKind.Identifier)
        {
            var n = Advance();
            ps.Add(new Param(n.Start, new BindingPattern(n.Start, n.Text!, false, null), null));
            Match(TokenKind.Comma);
        }
        Expect(TokenKind.Arrow);
        return new LambdaExpr(start.Start, ps, ParseExpression());
    }

    private Expr ParseAnonymousFunction()
    {
        var start = Advance();
        var (_, ps) = ParseParamList();
        if (Match(TokenKind.Arrow)) ParseType();
        return new LambdaExpr(start.Start, ps, ParseBlock());
    }

    /// <summary>An <c>if</c> and its <c>else if</c> chain, read in a loop (a long chain must not recurse in the parser).</summary>
    private Expr ParseIf()
    {
        var heads = new List<(Token Start, Pattern? Pattern, Expr Condition, BlockExpr Then)>();
        Expr? last = null;
        while (true)
        {
            var start = Advance();
            Pattern? pattern = null;
            if (Kind == TokenKind.Let)
            {
                Advance();
                pattern = ParsePattern(allowOr: true, mutableBindings: false);
                Expect(TokenKind.Eq);
            }
            var cond = ParseHeadExpression();
            heads.Add((start, pattern, cond, ParseBlock()));
            if (Kind != TokenKind.Else) break;
            Advance();
            if (Kind != TokenKind.If)
            {
                last = ParseBlock();
                break;
            }
        }
        for (int i = heads.Count - 1; i >= 0; i--)
        {
            var (start, pattern, cond, then) = heads[i];
            last = pattern != null ? new IfLetExpr(start.Start, pattern, cond, then, last) : new IfExpr(start.Start, cond, then, last);
        }
        return last!;
    }

    private Expr ParseMatch()
    {
        var start = Advance();
        var scrutinee = ParseHeadExpression();
        Expect(TokenKind.LBrace);
        var arms = new List<MatchArm>();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        while (Kind != TokenKind.RBrace)
        {
            if (Kind == TokenKind.EndOfFile) throw Error(start, "unclosed 'match'");
            int p = Current.Start;
            var pattern = ParsePattern(allowOr: true, mutableBindings: false);
            Expr? guard = null;
            if (Match(TokenKind.If))
            {
                // In a guard, `x => ...` is the arm's arrow, not an arrow lambda.
                bool savedArrow = _noArrowLambda;
                _noArrowLambda = true;
                try
                {
                    guard = ParseExpression();
                }
                finally
                {
                    _noArrowLambda = savedArrow;
                }
            }
            Expect(TokenKind.FatArrow, "'=>' in match arm");
            var body = ParseExpression();
            arms.Add(new MatchArm(p, pattern, guard, body));
            if (!Match(TokenKind.Comma) && Kind != TokenKind.RBrace && !IsBlockLike(body) && !Current.NewlineBefore)
                throw Error(Current, $"expected ',' or '}}' after match arm, found {SyntaxFacts.Describe(Current)}");
        }
        _noStructLiteral = saved;
        Advance();
        return new MatchExpr(start.Start, scrutinee, arms);
    }

    private static bool IsBlockLike(Expr e) => e is BlockExpr or IfExpr or IfLetExpr or MatchExpr or WhileExpr or LoopExpr or ForExpr;

    private Expr ParseWhile(string? label)
    {
        var start = Advance();
        if (Kind == TokenKind.Let)
        {
            Advance();
            var pattern = ParsePattern(allowOr: true, mutableBindings: false);
            Expect(TokenKind.Eq);
            var value = ParseHeadExpression();
            return new WhileLetExpr(start.Start, label, pattern, value, ParseBlock());
        }
        var cond = ParseHeadExpression();
        return new WhileExpr(start.Start, label, cond, ParseBlock());
    }

    private Expr ParseLoop(string? label)
    {
        var start = Advance();
        return new LoopExpr(start.Start, label, ParseBlock());
    }

    private Expr ParseFor(string? label)
    {
        var start = Advance();
        Pattern pattern = ParseBindingPattern(false);
        // Bare `for k, v in pairs` form.
        if (Kind == TokenKind.Comma)
        {
            var items = new List<Pattern> { pattern };
            while (Match(TokenKind.Comma)) items.Add(ParseBindingPattern(false));
            pattern = new TuplePattern(pattern.Pos, items);
        }
        Expect(TokenKind.In, "'in' in for loop");
        var iterable = ParseHeadExpression();
        return new ForExpr(start.Start, label, pattern, iterable, ParseBlock());
    }

    // ---------------------------------------------------------------- f-strings

    private Expr ParseFString(Token t)
    {
        string raw = t.Text!;
        int contentStart = t.Start + 2; // f"
        var parts = new List<FStringPart>();
        var text = new StringBuilder();
        int i = 0;
        while (i < raw.Length)
        {
            char c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                i = DecodeEscape(raw, i, text);
                continue;
            }
            if (c == '{' && i + 1 < raw.Length && raw[i + 1] == '{')
            {
                text.Append('{');
                i += 2;
                continue;
            }
            if (c == '}' && i + 1 < raw.Length && raw[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
                continue;
            }
            if (c == '{')
            {
                int close = FindInterpolationEnd(raw, i + 1, out int colon);
                if (close < 0)
                {
                    _diagnostics.Error(contentStart + i, "unclosed '{' in f-string");
                    break;
                }
                if (text.Length > 0)
                {
                    parts.Add(new FStringPart(text.ToString(), null, null));
                    text.Clear();
                }
                int exprEnd = colon >= 0 ? colon : close;
                string? spec = colon >= 0 ? raw[(colon + 1)..close] : null;
                if (raw[(i + 1)..exprEnd].Trim().Length == 0)
                {
                    _diagnostics.Error(contentStart + i, "empty expression in f-string");
                }
                else
                {
                    var expr = ParseEmbeddedExpression(contentStart + i + 1, contentStart + exprEnd);
                    parts.Add(new FStringPart(null, expr, spec));
                }
                i = close + 1;
                continue;
            }
            text.Append(c);
            i++;
        }
        if (text.Length > 0 || parts.Count == 0) parts.Add(new FStringPart(text.ToString(), null, null));
        return new FStringExpr(t.Start, parts);
    }

    /// <summary>Finds the '}' closing an interpolation, skipping nested brackets and strings; reports a top-level ':' (format spec).</summary>
    private static int FindInterpolationEnd(string raw, int from, out int colon)
    {
        colon = -1;
        int depth = 0;
        for (int j = from; j < raw.Length; j++)
        {
            char c = raw[j];
            if (c == '"' || c == '\'')
            {
                // A quote inside an f-string interpolation arrives escaped (\") or plain; skip to its twin.
                int k = raw.IndexOf(c, j + 1);
                if (k < 0) return -1;
                j = k;
                continue;
            }
            if (c == '\\') continue;
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == '}')
            {
                if (depth == 0) return j;
                depth--;
            }
            else if (c == ':' && depth == 0 && colon < 0)
            {
                bool path = (j + 1 < raw.Length && raw[j + 1] == ':') || (j > from && raw[j - 1] == ':');
                if (!path) colon = j;
            }
        }
        return -1;
    }

    private Expr ParseEmbeddedExpression(int start, int end)
    {
        var tokens = new Lexer(_source, _diagnostics, start, end).LexAll();
        // Escaped quotes inside an interpolation (f"{m[\"k\"]}") reach the lexer as \" pairs; the
        // lexer reports them, so only simple expressions are supported there.
        var sub = new Parser(_source, tokens, _diagnostics);
        try
        {
            var e = sub.ParseExpression();
            if (sub.Kind != TokenKind.EndOfFile) _diagnostics.Error(sub.Current.Start, "unexpected text in f-string interpolation");
            return e;
        }
        catch (ParseError)
        {
            return new ErrorExpr(start);
        }
    }

    private static int DecodeEscape(string raw, int i, StringBuilder sb)
    {
        char e = raw[i + 1];
        switch (e)
        {
            case 'n': sb.Append('\n'); return i + 2;
            case 't': sb.Append('\t'); return i + 2;
            case 'r': sb.Append('\r'); return i + 2;
            case '0': sb.Append('\0'); return i + 2;
            case '\\': sb.Append('\\'); return i + 2;
            case '"': sb.Append('"'); return i + 2;
            case '\'': sb.Append('\''); return i + 2;
            case '{': sb.Append('{'); return i + 2;
            case '}': sb.Append('}'); return i + 2;
            case 'u' when i + 2 < raw.Length && raw[i + 2] == '{':
            {
                int close = raw.IndexOf('}', i + 3);
                if (close > 0 && int.TryParse(raw.AsSpan(i + 3, close - i - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp)
                    && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
                {
                    sb.Append(char.ConvertFromUtf32(cp));
                    return close + 1;
                }
                sb.Append("\\u");
                return i + 2;
            }
            default:
                sb.Append('\\').Append(e);
                return i + 2;
        }
    }
}
