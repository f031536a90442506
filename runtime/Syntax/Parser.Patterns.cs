using Ruchy.Syntax.Ast;

namespace Ruchy.Syntax;

public sealed partial class Parser
{
    // In `let`, parameters and `for`, a bare capitalised name (`const MAX = 1`) binds instead of naming a variant.
    private bool _bareNamesBind;

    private Pattern ParseBindingPattern(bool mutableBindings)
    {
        bool saved = _bareNamesBind;
        _bareNamesBind = true;
        try
        {
            return ParsePattern(allowOr: false, mutableBindings);
        }
        finally
        {
            _bareNamesBind = saved;
        }
    }

    /// <summary>
    /// Parses a pattern. A bare lower-case name binds; a bare capitalised name (<c>None</c>, <c>Red</c>)
    /// is a variant or constant, as in Rust.
    /// </summary>
    private Pattern ParsePattern(bool allowOr, bool mutableBindings)
    {
        EnterNesting();
        try
        {
            int start = Current.Start;
            if (allowOr) Match(TokenKind.Pipe);
            var first = ParseSinglePattern(mutableBindings);
            if (!allowOr || Kind != TokenKind.Pipe) return first;
            var alts = new List<Pattern> { first };
            while (Match(TokenKind.Pipe)) alts.Add(ParseSinglePattern(mutableBindings));
            return new OrPattern(start, alts);
        }
        finally
        {
            _depth--;
        }
    }

    private Pattern ParseSinglePattern(bool mutableBindings)
    {
        var t = Current;
        switch (t.Kind)
        {
            case TokenKind.Identifier when t.Text == "_":
                Advance();
                return new WildcardPattern(t.Start);
            case TokenKind.DotDot:
            {
                Advance();
                string? name = Kind == TokenKind.Identifier ? Advance().Text : null;
                return new RestPattern(t.Start, name);
            }
            case TokenKind.Amp:
            case TokenKind.AmpAmp:
                Advance();
                Match(TokenKind.Mut);
                return ParseSinglePattern(mutableBindings);
            case TokenKind.Ref:
                Advance();
                Match(TokenKind.Mut);
                return ParseSinglePattern(mutableBindings);
            case TokenKind.Mut:
            {
                Advance();
                var n = Current;
                string name = ExpectIdentifier("name after 'mut'");
                return new BindingPattern(n.Start, name, true, ParseAtSubpattern());
            }
            case TokenKind.LParen:
            {
                Advance();
                var items = new List<Pattern>();
                bool trailingComma = false;
                while (Kind != TokenKind.RParen)
                {
                    items.Add(ParsePattern(allowOr: true, mutableBindings));
                    trailingComma = false;
                    if (!Match(TokenKind.Comma)) break;
                    trailingComma = true;
                }
                Expect(TokenKind.RParen, "')' in tuple pattern");
                if (items.Count == 1 && !trailingComma) return items[0];
                if (items.Count == 0) return new LiteralPattern(t.Start, Literal.Nil);
                return new TuplePattern(t.Start, items);
            }
            case TokenKind.LBracket:
            {
                Advance();
                var items = new List<Pattern>();
                while (Kind != TokenKind.RBracket)
                {
                    // `name @ ..` binds the rest, like `..name`.
                    if (Kind == TokenKind.Identifier && PeekKind() == TokenKind.At && PeekKind(2) == TokenKind.DotDot)
                    {
                        var n = Advance();
                        Advance();
                        Advance();
                        items.Add(new RestPattern(n.Start, n.Text));
                    }
                    else items.Add(ParsePattern(allowOr: true, mutableBindings));
                    if (!Match(TokenKind.Comma)) break;
                }
                Expect(TokenKind.RBracket, "']' in array pattern");
                return new ArrayPattern(t.Start, items);
            }
            case TokenKind.Int:
            case TokenKind.Float:
            case TokenKind.String:
            case TokenKind.Char:
            case TokenKind.True:
            case TokenKind.False:
            case TokenKind.Null:
            case TokenKind.Minus:
                return ParseLiteralOrRangePattern();
            case TokenKind.Identifier:
            case TokenKind.SelfType:
                return ParsePathPattern(mutableBindings);
            default:
                throw Error(t, $"expected a pattern, found {SyntaxFacts.Describe(t)}");
        }
    }

    private Pattern? ParseAtSubpattern()
    {
        if (!Match(TokenKind.At)) return null;
        return ParseSinglePattern(false);
    }

    private Literal ParsePatternLiteral()
    {
        var t = Current;
        bool negative = Match(TokenKind.Minus);
        var lit = Advance();
        switch (lit.Kind)
        {
            case TokenKind.Int: return Literal.FromInt(negative ? -lit.IntValue : lit.IntValue);
            case TokenKind.Float: return Literal.FromFloat(negative ? -lit.FloatValue : lit.FloatValue);
            case TokenKind.String when !negative:
            case TokenKind.Char when !negative:
                return Literal.FromString(lit.Text!);
            case TokenKind.True when !negative: return Literal.True;
            case TokenKind.False when !negative: return Literal.False;
            case TokenKind.Null when !negative: return Literal.Nil;
            default:
                throw Error(t, $"expected a literal in pattern, found {SyntaxFacts.Describe(lit)}");
        }
    }

    private Pattern ParseLiteralOrRangePattern()
    {
        int start = Current.Start;
        var low = ParsePatternLiteral();
        if (Kind is TokenKind.DotDotEq or TokenKind.DotDot or TokenKind.DotDotDot)
        {
            bool inclusive = Advance().Kind != TokenKind.DotDot;
            var high = ParsePatternLiteral();
            return new RangePattern(start, low, high, inclusive);
        }
        return new LiteralPattern(start, low);
    }

    private Pattern ParsePathPattern(bool mutableBindings)
    {
        var first = Advance();
        var path = new List<string> { first.Kind == TokenKind.SelfType ? "Self" : first.Text! };
        while (Kind == TokenKind.ColonColon)
        {
            Advance();
            path.Add(ExpectIdentifier("name in pattern path"));
        }
        if (Kind == TokenKind.LParen)
        {
            Advance();
            var items = new List<Pattern>();
            while (Kind != TokenKind.RParen)
            {
                items.Add(ParsePattern(allowOr: true, mutableBindings));
                if (!Match(TokenKind.Comma)) break;
            }
            Expect(TokenKind.RParen, "')' in pattern");
            return new VariantPattern(first.Start, path, items);
        }
        if (Kind == TokenKind.LBrace && (path.Count > 1 || char.IsUpper(path[0][0])))
        {
            Advance();
            var fields = new List<FieldPattern>();
            bool rest = false;
            while (Kind != TokenKind.RBrace)
            {
                if (Match(TokenKind.DotDot))
                {
                    rest = true;
                    break;
                }
                bool mut = Match(TokenKind.Mut);
                var nameTok = Current;
                string name = nameTok.Kind == TokenKind.Int ? Advance().IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : ExpectIdentifier("field name in pattern");
                Pattern p = Match(TokenKind.Colon)
                    ? ParsePattern(allowOr: true, mutableBindings)
                    : new BindingPattern(nameTok.Start, name, mut || mutableBindings, null);
                fields.Add(new FieldPattern(name, p));
                if (!Match(TokenKind.Comma)) break;
            }
            Expect(TokenKind.RBrace, "'}' in struct pattern");
            return new StructPattern(first.Start, path, fields, rest);
        }
        if (path.Count == 1)
        {
            string name = path[0];
            if (char.IsUpper(name[0]) && Kind != TokenKind.At && !_bareNamesBind)
                return new VariantPattern(first.Start, path, null);
            return new BindingPattern(first.Start, name, mutableBindings, ParseAtSubpattern());
        }
        return new VariantPattern(first.Start, path, null);
    }
}
