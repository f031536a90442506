using System.Text;
using Ruchy.Core;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy.Syntax;

/// <summary>
/// Recursive-descent parser with a Pratt loop for binary operators (precedence table in
/// <see cref="Precedence"/>). Newlines are not statement terminators, but a call <c>(</c> or index
/// <c>[</c> must start on the line of its callee, so a line beginning with <c>(</c> starts a new statement.
/// On a syntax error the current statement is skipped and parsing resumes at the next one, so one
/// run reports several errors.
/// </summary>
public sealed partial class Parser
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    // Struct literals are not allowed in `if`/`while`/`match`/`for` heads: `if x == P { ... }`.
    private bool _noStructLiteral;

    // Bounds the parser's own recursion (brackets, blocks, `if`s, types, patterns): ~1 KB of stack a level.
    private const int MaxNesting = 400;

    /// <summary>
    /// Deepest syntax tree accepted (in nodes from the root): every pass after the parser recurses over the
    /// tree, and this bound keeps them within the runtime's large stack (a 150,000-deep <c>x+x+...</c> chain
    /// still runs on every tier). Documented in the README.
    /// </summary>
    public const int MaxTreeDepth = 100_000;

    // Set once "unclosed '{'" is reported at the end of the file: the enclosing blocks add nothing but noise.
    private bool _reportedUnclosed;

    private sealed class ParseError : Exception
    {
    }

    public Parser(SourceText source, List<Token> tokens, DiagnosticBag diagnostics)
    {
        _source = source;
        _tokens = tokens;
        _diagnostics = diagnostics;
    }

    public static ProgramAst Parse(SourceText source, DiagnosticBag diagnostics)
    {
        var tokens = Lexer.Tokenize(source, diagnostics);
        return new Parser(source, tokens, diagnostics).ParseProgram();
    }

    // ---------------------------------------------------------------- token helpers

    private Token Current => _tokens[_pos];
    private TokenKind Kind => _tokens[_pos].Kind;
    private Token PeekToken(int ahead = 1) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
    private TokenKind PeekKind(int ahead = 1) => PeekToken(ahead).Kind;

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.EndOfFile) _pos++;
        return t;
    }

    private bool Match(TokenKind kind)
    {
        if (Kind != kind) return false;
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string? what = null)
    {
        if (Kind == kind) return Advance();
        // `>>` closes two generic lists: split it.
        if (kind == TokenKind.Greater && SplitGreater()) return Advance();
        throw Error(Current, $"expected {what ?? "'" + SyntaxFacts.GetText(kind) + "'"}, found {SyntaxFacts.Describe(Current)}");
    }

    private bool SplitGreater()
    {
        var t = Current;
        TokenKind rest = t.Kind switch
        {
            TokenKind.GreaterGreater => TokenKind.Greater,
            TokenKind.GreaterEq => TokenKind.Eq,
            TokenKind.GreaterGreaterEq => TokenKind.GreaterEq,
            _ => TokenKind.EndOfFile,
        };
        if (rest == TokenKind.EndOfFile) return false;
        _tokens[_pos] = new Token(TokenKind.Greater, t.Start, 1, SpaceBefore: t.SpaceBefore, NewlineBefore: t.NewlineBefore);
        _tokens.Insert(_pos + 1, new Token(rest, t.Start + 1, t.Length - 1));
        return true;
    }

    private string ExpectIdentifier(string what = "identifier")
    {
        if (Kind == TokenKind.Identifier) return Advance().Text!;
        throw Error(Current, $"expected {what}, found {SyntaxFacts.Describe(Current)}");
    }

    private ParseError Error(Token at, string message)
    {
        _diagnostics.Error(at.Start, message);
        return new ParseError();
    }

    private void EnterNesting()
    {
        if (++_depth > MaxNesting) throw Error(Current, $"expression nested too deeply (more than {MaxNesting} levels)");
    }

    // ---------------------------------------------------------------- program and statements

    public ProgramAst ParseProgram()
    {
        var statements = new List<Stmt>();
        List<Stmt>? longOnes = null;
        while (Kind != TokenKind.EndOfFile)
        {
            int before = _pos;
            try
            {
                int start = Current.Start;
                var s = ParseStatement();
                if (s != null)
                {
                    statements.Add(s);
                    if (_tokens[Math.Max(_pos - 1, 0)].End - start >= MinCheckedSpan) (longOnes ??= []).Add(s);
                }
                Match(TokenKind.Semicolon);
            }
            catch (ParseError)
            {
                Synchronize(topLevel: true);
            }
            if (_pos == before && Kind != TokenKind.EndOfFile)
            {
                if (Kind == TokenKind.RBrace) _diagnostics.Error(Current.Start, "unexpected '}'");
                Advance();
            }
        }
        // Left-leaning chains (`1+1+...`, `a.f().f()...`) are parsed by loops, so only the finished tree shows their depth.
        if (longOnes != null && TreeDepth.FindTooDeep(longOnes, MaxTreeDepth) is int at)
            _diagnostics.Error(at, $"expression nested too deeply (more than {MaxTreeDepth} levels)");
        return new ProgramAst(statements);
    }

    // A statement has fewer nodes than twice its characters (so a depth below that): only one spanning at least a
    // quarter of the depth limit in characters can be too deep, and only those are measured (the walk costs ~10% of a parse).
    private const int MinCheckedSpan = MaxTreeDepth / 4;

    /// <summary>Skips to the start of the next statement after an error.</summary>
    private void Synchronize(bool topLevel)
    {
        int braces = 0;
        bool first = true;
        while (Kind != TokenKind.EndOfFile)
        {
            var t = Current;
            if (!first && braces == 0 && t.NewlineBefore && StartsStatement(t.Kind)) return;
            first = false;
            switch (t.Kind)
            {
                case TokenKind.Semicolon when braces == 0:
                    Advance();
                    return;
                case TokenKind.LBrace:
                    braces++;
                    break;
                case TokenKind.RBrace:
                    if (braces == 0)
                    {
                        if (!topLevel) return;
                        break;
                    }
                    braces--;
                    if (braces == 0 && topLevel)
                    {
                        Advance();
                        return;
                    }
                    break;
            }
            Advance();
        }
    }

    private static bool StartsStatement(TokenKind k) => k is TokenKind.Let or TokenKind.Var or TokenKind.Fun
        or TokenKind.Struct or TokenKind.Enum or TokenKind.Impl or TokenKind.Trait or TokenKind.Const
        or TokenKind.Static or TokenKind.If or TokenKind.While or TokenKind.For or TokenKind.Loop
        or TokenKind.Match or TokenKind.Return or TokenKind.Pub or TokenKind.Use or TokenKind.Identifier
        or TokenKind.Hash or TokenKind.Break or TokenKind.Continue;

    private Stmt? ParseStatement()
    {
        SkipAttributes();
        if (Kind == TokenKind.Pub) SkipVisibility();
        switch (Kind)
        {
            case TokenKind.Let:
            case TokenKind.Var:
                return ParseLet();
            case TokenKind.Const:
            case TokenKind.Static:
                if (PeekKind() == TokenKind.Fun) { Advance(); return ParseFunDecl(); }
                return ParseLet();
            case TokenKind.Fun when PeekKind() == TokenKind.Identifier:
                return ParseFunDecl();
            case TokenKind.Async when PeekKind() == TokenKind.Fun:
                Advance();
                return ParseFunDecl();
            case TokenKind.Unsafe when PeekKind() == TokenKind.Fun:
                Advance();
                return ParseFunDecl();
            case TokenKind.Struct:
                return ParseStruct();
            case TokenKind.Enum:
                return ParseEnum();
            case TokenKind.Impl:
                return ParseImpl();
            case TokenKind.Trait:
                return ParseTrait();
            case TokenKind.Use:
                SkipUse();
                return null;
            case TokenKind.Extern:
                SkipUse();
                return null;
            case TokenKind.Type when PeekKind() == TokenKind.Identifier:
                SkipUse();
                return null;
            case TokenKind.Mod:
                return ParseMod();
            case TokenKind.Semicolon:
                Advance();
                return null;
        }
        var start = Current;
        var e = ParseExpressionStatement();
        return new ExprStmt(start.Start, e);
    }

    private void SkipAttributes()
    {
        while (Kind == TokenKind.Hash && (PeekKind() == TokenKind.LBracket || (PeekKind() == TokenKind.Bang && PeekKind(2) == TokenKind.LBracket)))
        {
            Advance();
            Match(TokenKind.Bang);
            SkipBalanced(TokenKind.LBracket, TokenKind.RBracket);
        }
    }

    private void SkipVisibility()
    {
        Advance(); // pub
        if (Kind == TokenKind.LParen) SkipBalanced(TokenKind.LParen, TokenKind.RParen);
    }

    /// <summary>Skips a bracketed group starting at the current open token, nesting included.</summary>
    private void SkipBalanced(TokenKind open, TokenKind close)
    {
        var start = Expect(open);
        int depth = 1;
        while (depth > 0)
        {
            if (Kind == TokenKind.EndOfFile) throw Error(start, $"unclosed '{SyntaxFacts.GetText(open)}'");
            if (Kind == open) depth++;
            else if (Kind == close) depth--;
            Advance();
        }
    }

    /// <summary><c>use a::b::{c, d};</c> and similar declarations that have no run-time meaning.</summary>
    private void SkipUse()
    {
        var start = Current;
        Advance();
        while (Kind != TokenKind.Semicolon && Kind != TokenKind.EndOfFile)
        {
            if (Kind == TokenKind.LBrace) { SkipBalanced(TokenKind.LBrace, TokenKind.RBrace); continue; }
            if (Current.NewlineBefore && _pos > 0 && StartsStatement(Kind) && Kind != TokenKind.Identifier) break;
            if (Current.NewlineBefore && Current.Start > start.Start && PeekKind() is not TokenKind.ColonColon && _tokens[_pos - 1].Kind is not (TokenKind.ColonColon or TokenKind.Comma or TokenKind.Eq)) break;
            Advance();
        }
        Match(TokenKind.Semicolon);
    }

    /// <summary><c>mod name { items }</c>: items are hoisted into the enclosing scope (no namespacing yet).</summary>
    private Stmt? ParseMod()
    {
        var start = Advance();
        ExpectIdentifier("module name");
        if (Match(TokenKind.Semicolon)) throw Error(start, "external module files ('mod name;') are not supported");
        var items = new List<Stmt>();
        EnterNesting();
        try
        {
            Expect(TokenKind.LBrace);
            while (Kind != TokenKind.RBrace && Kind != TokenKind.EndOfFile)
            {
                var s = ParseStatement();
                if (s != null) items.Add(s);
                Match(TokenKind.Semicolon);
            }
            Expect(TokenKind.RBrace);
        }
        finally
        {
            _depth--;
        }
        return new ExprStmt(start.Start, new BlockExpr(start.Start, items));
    }

    private Stmt ParseLet()
    {
        var start = Advance(); // let / var / const / static
        bool mutable = start.Kind == TokenKind.Var;
        if (Match(TokenKind.Mut)) mutable = true;
        var pattern = ParseBindingPattern(mutable);
        if (Match(TokenKind.Colon)) ParseType();
        Expr? init = null;
        BlockExpr? elseBlock = null;
        if (Match(TokenKind.Eq))
        {
            init = ParseExpression();
            if (Kind == TokenKind.Else && pattern is not BindingPattern)
            {
                Advance();
                elseBlock = ParseBlock();
            }
        }
        // `let x = 10 in x * 2` (let-in expression): the body becomes a block containing the let.
        if (Kind == TokenKind.In && init != null && !Current.NewlineBefore)
        {
            Advance();
            var body = ParseExpression();
            var let = new LetStmt(start.Start, pattern, init, null);
            return new ExprStmt(start.Start, new BlockExpr(start.Start, new Stmt[] { let, new ExprStmt(body.Pos, body) }));
        }
        return new LetStmt(start.Start, pattern, init, elseBlock, start.Kind == TokenKind.Const);
    }

    private FunDecl ParseFunDecl()
    {
        var start = Expect(TokenKind.Fun);
        string name = ExpectIdentifier("function name");
        SkipGenericParams();
        var (self, parameters) = ParseParamList();
        if (Match(TokenKind.Arrow)) ParseType();
        SkipWhereClause();
        if (Kind == TokenKind.Semicolon)
        {
            // A signature without a body (trait item): an empty body stands in.
            return new FunDecl(start.Start, name, self, parameters, new BlockExpr(Current.Start, Array.Empty<Stmt>()));
        }
        var body = ParseBlock();
        return new FunDecl(start.Start, name, self, parameters, body);
    }

    private void SkipGenericParams()
    {
        if (Kind != TokenKind.Less) return;
        Advance();
        int depth = 1;
        while (depth > 0)
        {
            if (Kind == TokenKind.EndOfFile) throw Error(Current, "unclosed generic parameter list");
            if (Kind == TokenKind.Less) depth++;
            else if (Kind == TokenKind.Greater) depth--;
            else if (Kind == TokenKind.GreaterGreater) depth -= 2;
            Advance();
        }
    }

    private void SkipWhereClause()
    {
        if (Kind != TokenKind.Where) return;
        while (Kind != TokenKind.LBrace && Kind != TokenKind.Semicolon && Kind != TokenKind.EndOfFile) Advance();
    }

    private (SelfKind, List<Param>) ParseParamList()
    {
        Expect(TokenKind.LParen);
        var self = SelfKind.None;
        var list = new List<Param>();
        while (Kind != TokenKind.RParen)
        {
            SkipAttributes();
            int p = Current.Start;
            if (list.Count == 0 && self == SelfKind.None && TryParseSelfParam(out var sk))
            {
                self = sk;
            }
            else
            {
                var pattern = ParseBindingPattern(false);
                bool mutRef = false;
                if (Match(TokenKind.Colon))
                {
                    mutRef = Kind is TokenKind.Amp or TokenKind.AmpAmp && PeekKind() == TokenKind.Mut;
                    ParseType();
                }
                Expr? def = null;
                if (Match(TokenKind.Eq)) def = ParseExpression();
                list.Add(new Param(p, pattern, def, mutRef));
            }
            if (!Match(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RParen);
        return (self, list);
    }

    private bool TryParseSelfParam(out SelfKind kind)
    {
        int save = _pos;
        kind = SelfKind.Value;
        if (Match(TokenKind.Amp))
        {
            kind = SelfKind.Ref;
            if (Kind == TokenKind.Lifetime) Advance();
            if (Match(TokenKind.Mut)) kind = SelfKind.RefMut;
        }
        else if (Kind == TokenKind.Mut && PeekKind() == TokenKind.SelfValue)
        {
            // `mut self` takes self by value (a mutable local copy), not by reference.
            Advance();
            kind = SelfKind.Value;
        }
        if (Kind != TokenKind.SelfValue)
        {
            _pos = save;
            return false;
        }
        Advance();
        if (Match(TokenKind.Colon))
        {
            // `self: &mut Self` style.
            if (Kind == TokenKind.Amp && PeekKind() == TokenKind.Mut) kind = SelfKind.RefMut;
            else if (Kind == TokenKind.Amp) kind = SelfKind.Ref;
            ParseType();
        }
        return true;
    }

    private StructDecl ParseStruct()
    {
        var start = Advance();
        string name = ExpectIdentifier("struct name");
        SkipGenericParams();
        var fields = new List<FieldDecl>();
        var methods = new List<FunDecl>();
        if (Kind == TokenKind.LParen)
        {
            Advance();
            int i = 0;
            while (Kind != TokenKind.RParen)
            {
                if (Kind == TokenKind.Pub) SkipVisibility();
                int p = Current.Start;
                ParseType();
                fields.Add(new FieldDecl(p, (i++).ToString(System.Globalization.CultureInfo.InvariantCulture), null));
                if (!Match(TokenKind.Comma)) break;
            }
            Expect(TokenKind.RParen);
            SkipWhereClause();
            Match(TokenKind.Semicolon);
            return new StructDecl(start.Start, name, StructShape.Tuple, fields, methods);
        }
        SkipWhereClause();
        if (Kind != TokenKind.LBrace)
        {
            Match(TokenKind.Semicolon);
            return new StructDecl(start.Start, name, StructShape.Unit, fields, methods);
        }
        Advance();
        while (Kind != TokenKind.RBrace && Kind != TokenKind.EndOfFile)
        {
            SkipAttributes();
            if (Kind == TokenKind.Pub) SkipVisibility();
            if (Kind == TokenKind.Fun)
            {
                methods.Add(ParseFunDecl());
                Match(TokenKind.Comma);
                continue;
            }
            Match(TokenKind.Mut);
            int p = Current.Start;
            string field = ExpectIdentifier("field name");
            Expect(TokenKind.Colon);
            ParseType();
            Expr? def = null;
            if (Match(TokenKind.Eq)) def = ParseExpression();
            if (fields.Exists(f => f.Name == field)) _diagnostics.Error(p, $"field '{field}' is declared twice");
            fields.Add(new FieldDecl(p, field, def));
            if (!Match(TokenKind.Comma)) Match(TokenKind.Semicolon);
        }
        Expect(TokenKind.RBrace);
        return new StructDecl(start.Start, name, StructShape.Named, fields, methods);
    }

    private EnumDecl ParseEnum()
    {
        var start = Advance();
        string name = ExpectIdentifier("enum name");
        SkipGenericParams();
        Expect(TokenKind.LBrace);
        var variants = new List<VariantDecl>();
        while (Kind != TokenKind.RBrace && Kind != TokenKind.EndOfFile)
        {
            SkipAttributes();
            int p = Current.Start;
            string vname = ExpectIdentifier("variant name");
            var shape = StructShape.Unit;
            var names = new List<string>();
            Expr? disc = null;
            if (Kind == TokenKind.LParen)
            {
                Advance();
                shape = StructShape.Tuple;
                while (Kind != TokenKind.RParen)
                {
                    ParseType();
                    names.Add(names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!Match(TokenKind.Comma)) break;
                }
                Expect(TokenKind.RParen);
            }
            else if (Kind == TokenKind.LBrace)
            {
                Advance();
                shape = StructShape.Named;
                while (Kind != TokenKind.RBrace)
                {
                    if (Kind == TokenKind.Pub) SkipVisibility();
                    names.Add(ExpectIdentifier("field name"));
                    Expect(TokenKind.Colon);
                    ParseType();
                    if (!Match(TokenKind.Comma)) break;
                }
                Expect(TokenKind.RBrace);
            }
            if (Match(TokenKind.Eq)) disc = ParseExpression();
            variants.Add(new VariantDecl(p, vname, shape, names, disc));
            if (!Match(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RBrace);
        return new EnumDecl(start.Start, name, variants);
    }

    private ImplDecl ParseImpl()
    {
        var start = Advance();
        SkipGenericParams();
        string first = ParseTypePathName();
        string? trait = null;
        string typeName = first;
        if (Match(TokenKind.For))
        {
            trait = first;
            typeName = ParseTypePathName();
        }
        SkipWhereClause();
        var methods = ParseItemBody();
        return new ImplDecl(start.Start, typeName, trait, methods);
    }

    private TraitDecl ParseTrait()
    {
        var start = Advance();
        string name = ExpectIdentifier("trait name");
        SkipGenericParams();
        if (Match(TokenKind.Colon))
        {
            while (Kind != TokenKind.LBrace && Kind != TokenKind.Where && Kind != TokenKind.EndOfFile) Advance();
        }
        SkipWhereClause();
        var methods = ParseItemBody();
        return new TraitDecl(start.Start, name, methods);
    }

    /// <summary>The body of an impl or trait: functions, plus associated types and consts (skipped).</summary>
    private List<FunDecl> ParseItemBody()
    {
        Expect(TokenKind.LBrace);
        var methods = new List<FunDecl>();
        while (Kind != TokenKind.RBrace && Kind != TokenKind.EndOfFile)
        {
            SkipAttributes();
            if (Kind == TokenKind.Pub) SkipVisibility();
            if (Kind is TokenKind.Async or TokenKind.Unsafe) Advance();
            if (Kind == TokenKind.Fun)
            {
                var f = ParseFunDecl();
                methods.Add(f);
                Match(TokenKind.Semicolon);
                continue;
            }
            if (Kind is TokenKind.Type or TokenKind.Const)
            {
                while (Kind != TokenKind.Semicolon && Kind != TokenKind.RBrace && Kind != TokenKind.EndOfFile) Advance();
                Match(TokenKind.Semicolon);
                continue;
            }
            throw Error(Current, $"expected a function in impl/trait body, found {SyntaxFacts.Describe(Current)}");
        }
        Expect(TokenKind.RBrace);
        return methods;
    }

    /// <summary>A type path like <c>Point</c>, <c>Stack&lt;T&gt;</c> or <c>fmt::Display</c>: returns its last segment.</summary>
    private string ParseTypePathName()
    {
        string name = Kind == TokenKind.SelfType ? Advance().Text ?? "Self" : ExpectIdentifier("type name");
        while (Match(TokenKind.ColonColon)) name = ExpectIdentifier("type name");
        if (Kind == TokenKind.Less) SkipGenericParams();
        return name;
    }

    // ---------------------------------------------------------------- types (parsed, then ignored)

    /// <summary>Parses a type and returns its source text (needed only by <c>as</c> casts).</summary>
    private string ParseType()
    {
        int start = Current.Start;
        ParseTypeInner();
        int end = _tokens[_pos - 1].End;
        return _source.Text[start..end];
    }

    private void ParseTypeInner()
    {
        EnterNesting();
        try
        {
            switch (Kind)
            {
                case TokenKind.Amp:
                case TokenKind.AmpAmp:
                    Advance();
                    if (Kind == TokenKind.Lifetime) Advance();
                    Match(TokenKind.Mut);
                    ParseTypeInner();
                    return;
                case TokenKind.Star:
                    Advance();
                    if (!Match(TokenKind.Const)) Match(TokenKind.Mut);
                    ParseTypeInner();
                    return;
                case TokenKind.LParen:
                    Advance();
                    while (Kind != TokenKind.RParen)
                    {
                        ParseTypeInner();
                        if (!Match(TokenKind.Comma)) break;
                    }
                    Expect(TokenKind.RParen);
                    return;
                case TokenKind.LBracket:
                    Advance();
                    ParseTypeInner();
                    if (Match(TokenKind.Semicolon)) ParseExpression();
                    Expect(TokenKind.RBracket);
                    return;
                case TokenKind.Fun:
                    Advance();
                    Expect(TokenKind.LParen);
                    while (Kind != TokenKind.RParen)
                    {
                        ParseTypeInner();
                        if (!Match(TokenKind.Comma)) break;
                    }
                    Expect(TokenKind.RParen);
                    if (Match(TokenKind.Arrow)) ParseTypeInner();
                    return;
                case TokenKind.Impl:
                case TokenKind.Dyn:
                    Advance();
                    ParseTypeInner();
                    while (Match(TokenKind.Plus)) ParseTypeInner();
                    return;
                case TokenKind.Bang:
                    Advance();
                    return;
                case TokenKind.Lifetime:
                    Advance();
                    return;
                case TokenKind.Identifier:
                case TokenKind.SelfType:
                case TokenKind.SelfValue:
                    Advance();
                    while (true)
                    {
                        if (Kind == TokenKind.ColonColon && PeekKind() is TokenKind.Identifier or TokenKind.Less)
                        {
                            Advance();
                            if (Kind == TokenKind.Identifier) Advance();
                            continue;
                        }
                        if (Kind == TokenKind.Less)
                        {
                            ParseGenericArgs();
                            continue;
                        }
                        if (Kind == TokenKind.LParen && _tokens[_pos - 1].Text is "Fn" or "FnMut" or "FnOnce")
                        {
                            Advance();
                            while (Kind != TokenKind.RParen)
                            {
                                ParseTypeInner();
                                if (!Match(TokenKind.Comma)) break;
                            }
                            Expect(TokenKind.RParen);
                            if (Match(TokenKind.Arrow)) ParseTypeInner();
                            continue;
                        }
                        break;
                    }
                    return;
                default:
                    throw Error(Current, $"expected a type, found {SyntaxFacts.Describe(Current)}");
            }
        }
        finally
        {
            _depth--;
        }
    }

    private void ParseGenericArgs()
    {
        Expect(TokenKind.Less);
        while (Kind != TokenKind.Greater)
        {
            if (Kind is TokenKind.GreaterGreater or TokenKind.GreaterEq or TokenKind.GreaterGreaterEq) break;
            if (Kind == TokenKind.Lifetime) Advance();
            else if (Kind == TokenKind.Identifier && PeekKind() == TokenKind.Eq)
            {
                Advance();
                Advance();
                ParseTypeInner();
            }
            else ParseTypeInner();
            while (Match(TokenKind.Plus)) ParseTypeInner();
            if (!Match(TokenKind.Comma)) break;
        }
        Expect(TokenKind.Greater);
    }

    // ---------------------------------------------------------------- blocks

    private BlockExpr ParseBlock()
    {
        // Counted before the '{' is taken, so that recovery from a nesting error skips this block whole.
        EnterNesting();
        bool saved = _noStructLiteral;
        _noStructLiteral = false;
        var statements = new List<Stmt>();
        Token open;
        try
        {
            open = Expect(TokenKind.LBrace);
            while (Kind != TokenKind.RBrace)
            {
                if (Kind == TokenKind.EndOfFile) throw UnclosedAtEnd(open);
                int before = _pos;
                try
                {
                    var s = ParseStatement();
                    if (s != null) statements.Add(s);
                    Match(TokenKind.Semicolon);
                }
                catch (ParseError)
                {
                    Synchronize(topLevel: false);
                }
                if (_pos == before) Advance();
            }
            Advance();
        }
        finally
        {
            _noStructLiteral = saved;
            _depth--;
        }
        return new BlockExpr(open.Start, statements);
    }

    /// <summary>The end of the file inside a block: only the innermost open block is reported.</summary>
    private ParseError UnclosedAtEnd(Token open)
    {
        if (_reportedUnclosed) return new ParseError();
        _reportedUnclosed = true;
        return Error(open, "unclosed '{'");
    }
}
