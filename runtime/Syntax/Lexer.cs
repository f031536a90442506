using System.Globalization;
using System.Text;
using Ruchy.Text;

namespace Ruchy.Syntax;

/// <summary>
/// Turns source text into tokens. Whitespace and comments (<c>//</c>, nested <c>/* */</c>, and
/// <c>#</c> line comments unless <c>#[</c> / <c>#!</c> starts an attribute) are skipped but recorded
/// on the next token as <see cref="Token.SpaceBefore"/>/<see cref="Token.NewlineBefore"/>.
/// </summary>
public sealed class Lexer
{
    private readonly string _text;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private readonly int _end;
    private TokenKind _previous = TokenKind.EndOfFile;

    public Lexer(SourceText source, DiagnosticBag diagnostics) : this(source, diagnostics, 0, source.Text.Length)
    {
    }

    /// <summary>Lexes only <c>[start, end)</c> of the source (used for expressions inside f-strings).</summary>
    public Lexer(SourceText source, DiagnosticBag diagnostics, int start, int end)
    {
        _text = source.Text;
        _pos = start;
        _end = end;
        _diagnostics = diagnostics;
    }

    public static List<Token> Tokenize(SourceText source, DiagnosticBag diagnostics) => new Lexer(source, diagnostics).LexAll();

    public List<Token> LexAll()
    {
        var tokens = new List<Token>((_end - _pos) / 3 + 8);
        // A leading "#!" line (shebang) is not Ruchy.
        if (_pos == 0 && _text.StartsWith("#!") && !_text.StartsWith("#!["))
            while (_pos < _end && _text[_pos] != '\n') _pos++;
        while (true)
        {
            var t = Next();
            tokens.Add(t);
            _previous = t.Kind;
            if (t.Kind == TokenKind.EndOfFile) return tokens;
        }
    }

    private char Peek(int ahead = 0) => _pos + ahead < _end ? _text[_pos + ahead] : '\0';

    private Token Next()
    {
        bool space = false, newline = false;
        SkipTrivia(ref space, ref newline);
        int start = _pos;
        if (_pos >= _end) return new Token(TokenKind.EndOfFile, start, 0, SpaceBefore: space, NewlineBefore: newline);

        char c = _text[_pos];
        Token t;
        if (char.IsAsciiDigit(c)) t = LexNumber();
        else if (c == '"') t = LexString(start, TokenKind.String, 1);
        else if ((c == 'f' || c == 'F') && Peek(1) == '"') t = LexString(start, TokenKind.FString, 2);
        else if (c == 'r' && (Peek(1) == '"' || (Peek(1) == '#' && (Peek(2) == '"' || Peek(2) == '#')))) t = LexRawString(start);
        else if (c == 'b' && Peek(1) == '\'') t = LexByte(start);
        else if (c == 'b' && Peek(1) == '"') t = LexString(start, TokenKind.String, 2);
        else if (c == '\'') t = LexCharOrLifetime(start);
        else if (IsIdentStart(c)) t = LexIdentifier(start);
        else t = LexPunctuation(start);
        return t with { SpaceBefore = space, NewlineBefore = newline };
    }

    private void SkipTrivia(ref bool space, ref bool newline)
    {
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c == '\n') { newline = true; space = true; _pos++; }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF') { space = true; _pos++; }
            else if (c == '/' && Peek(1) == '/')
            {
                space = true;
                while (_pos < _end && _text[_pos] != '\n') _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                space = true;
                int start = _pos;
                int depth = 0;
                while (_pos < _end)
                {
                    if (_text[_pos] == '/' && Peek(1) == '*') { depth++; _pos += 2; }
                    else if (_text[_pos] == '*' && Peek(1) == '/') { depth--; _pos += 2; if (depth == 0) break; }
                    else { if (_text[_pos] == '\n') newline = true; _pos++; }
                }
                if (depth != 0) _diagnostics.Error(start, "unterminated block comment");
            }
            else if (c == '#' && Peek(1) != '[' && !(Peek(1) == '!' && Peek(2) == '['))
            {
                space = true;
                while (_pos < _end && _text[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    /// <summary>True for a name a program could declare: identifier characters, not a keyword.</summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !IsIdentStart(name[0]) || SyntaxFacts.KeywordKind(name) != null) return false;
        foreach (char c in name)
            if (!IsIdentPart(c)) return false;
        return true;
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && char.IsLetter(c));
    private static bool IsIdentPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && char.IsLetterOrDigit(c));

    private Token LexIdentifier(int start)
    {
        while (_pos < _end && IsIdentPart(_text[_pos])) _pos++;
        string text = _text[start.._pos];
        if (SyntaxFacts.KeywordKind(text) is { } kw) return new Token(kw, start, _pos - start, text);
        return new Token(TokenKind.Identifier, start, _pos - start, text);
    }

    private Token LexNumber()
    {
        int start = _pos;
        if (Peek() == '0' && (Peek(1) is 'x' or 'X' or 'b' or 'B' or 'o' or 'O'))
        {
            int radix = Peek(1) switch { 'x' or 'X' => 16, 'b' or 'B' => 2, _ => 8 };
            _pos += 2;
            var digits = new StringBuilder();
            while (_pos < _end && (Uri.IsHexDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                if (_text[_pos] != '_') digits.Append(_text[_pos]);
                _pos++;
            }
            SkipNumberSuffix();
            try
            {
                ulong value = Convert.ToUInt64(digits.ToString(), radix);
                return new Token(TokenKind.Int, start, _pos - start, IntValue: unchecked((long)value));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                _diagnostics.Error(start, $"invalid integer literal '{_text[start.._pos]}'");
                return new Token(TokenKind.Int, start, _pos - start);
            }
        }

        var sb = new StringBuilder();
        ReadDigits(sb);
        bool isFloat = false;
        // After '.', a number is a tuple index: "t.0.1" is t . 0 . 1, never t . 0.1.
        bool tupleIndex = _previous == TokenKind.Dot;
        if (!tupleIndex && Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isFloat = true;
            sb.Append('.');
            _pos++;
            ReadDigits(sb);
        }
        if (!tupleIndex && (Peek() == 'e' || Peek() == 'E') &&
            (char.IsAsciiDigit(Peek(1)) || ((Peek(1) == '-' || Peek(1) == '+') && char.IsAsciiDigit(Peek(2)))))
        {
            isFloat = true;
            sb.Append('e');
            _pos++;
            if (Peek() == '-' || Peek() == '+') sb.Append(_text[_pos++]);
            ReadDigits(sb);
        }
        if (!tupleIndex && (Peek() == 'f') && (Peek(1) == '3' || Peek(1) == '6')) isFloat = true;
        if (!tupleIndex) SkipNumberSuffix();

        string s = sb.ToString();
        if (isFloat)
        {
            double d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Token(TokenKind.Float, start, _pos - start, FloatValue: d);
        }
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
        {
            _diagnostics.Error(start, $"integer literal '{s}' is too large for a 64-bit integer");
        }
        return new Token(TokenKind.Int, start, _pos - start, IntValue: v);
    }

    private void ReadDigits(StringBuilder sb)
    {
        while (_pos < _end && (char.IsAsciiDigit(_text[_pos]) || (_text[_pos] == '_' && sb.Length > 0)))
        {
            if (_text[_pos] != '_') sb.Append(_text[_pos]);
            _pos++;
        }
    }

    private static readonly string[] Suffixes =
        ["i128", "u128", "isize", "usize", "i16", "i32", "i64", "u16", "u32", "u64", "f32", "f64", "i8", "u8"];

    private void SkipNumberSuffix()
    {
        foreach (var s in Suffixes)
        {
            if (_pos + s.Length <= _end && string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0 &&
                !(_pos + s.Length < _end && IsIdentPart(_text[_pos + s.Length])))
            {
                _pos += s.Length;
                return;
            }
        }
    }

    private Token LexString(int start, TokenKind kind, int prefix)
    {
        _pos += prefix;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _end)
            {
                _diagnostics.Error(start, "unterminated string literal");
                break;
            }
            char c = _text[_pos];
            if (c == '"') { _pos++; break; }
            if (c == '\\')
            {
                if (kind == TokenKind.FString)
                {
                    // f-strings are decoded by the parser, which must see escapes and braces as written.
                    sb.Append(c);
                    if (_pos + 1 < _end) sb.Append(_text[_pos + 1]);
                    _pos += 2;
                    continue;
                }
                ReadEscape(sb);
                continue;
            }
            sb.Append(c);
            _pos++;
        }
        return new Token(kind, start, _pos - start, sb.ToString());
    }

    /// <summary>Decodes one escape at _pos (which is on the backslash). Unknown escapes are kept as written.</summary>
    private void ReadEscape(StringBuilder sb)
    {
        int start = _pos;
        char e = Peek(1);
        _pos += 2;
        switch (e)
        {
            case 'n': sb.Append('\n'); break;
            case 't': sb.Append('\t'); break;
            case 'r': sb.Append('\r'); break;
            case '0': sb.Append('\0'); break;
            case '\\': sb.Append('\\'); break;
            case '"': sb.Append('"'); break;
            case '\'': sb.Append('\''); break;
            case '\n':
                // Line continuation: skip the newline and leading whitespace of the next line.
                while (_pos < _end && char.IsWhiteSpace(_text[_pos])) _pos++;
                break;
            case 'u' when Peek() == '{':
            {
                int close = _text.IndexOf('}', _pos, _end - _pos);
                if (close > 0 && int.TryParse(_text.AsSpan(_pos + 1, close - _pos - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int cp)
                    && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
                {
                    sb.Append(char.ConvertFromUtf32(cp));
                    _pos = close + 1;
                }
                else
                {
                    _diagnostics.Error(start, "invalid unicode escape");
                    sb.Append("\\u");
                }
                break;
            }
            case 'x' when Uri.IsHexDigit(Peek()) && Uri.IsHexDigit(Peek(1)):
                sb.Append((char)Convert.ToInt32(_text.Substring(_pos, 2), 16));
                _pos += 2;
                break;
            default:
                sb.Append('\\');
                if (e != '\0') sb.Append(e);
                break;
        }
    }

    private Token LexRawString(int start)
    {
        _pos++; // r
        int hashes = 0;
        while (Peek() == '#') { hashes++; _pos++; }
        if (Peek() != '"')
        {
            _diagnostics.Error(start, "malformed raw string");
            return new Token(TokenKind.Bad, start, _pos - start, _text[start.._pos]);
        }
        _pos++;
        int contentStart = _pos;
        while (_pos < _end)
        {
            if (_text[_pos] == '"')
            {
                int h = 0;
                while (h < hashes && Peek(1 + h) == '#') h++;
                if (h == hashes)
                {
                    string content = _text[contentStart.._pos];
                    _pos += 1 + hashes;
                    return new Token(TokenKind.String, start, _pos - start, content);
                }
            }
            _pos++;
        }
        _diagnostics.Error(start, "unterminated raw string literal");
        return new Token(TokenKind.String, start, _pos - start, _text[contentStart.._pos]);
    }

    private Token LexByte(int start)
    {
        _pos++; // b
        var t = LexCharOrLifetime(_pos);
        if (t.Kind == TokenKind.Char && t.Text!.Length == 1)
            return new Token(TokenKind.Int, start, _pos - start, IntValue: t.Text[0]);
        _diagnostics.Error(start, "invalid byte literal");
        return new Token(TokenKind.Int, start, _pos - start);
    }

    private Token LexCharOrLifetime(int start)
    {
        // 'a' and '\n' are characters; 'outer (no closing quote right after one char) is a label.
        if (Peek(1) == '\\')
        {
            var sb = new StringBuilder();
            _pos++;
            ReadEscape(sb);
            if (Peek() == '\'')
            {
                _pos++;
                return new Token(TokenKind.Char, start, _pos - start, sb.ToString());
            }
            // More than one character after an escape ('\tx'): a string, as in ruchy.
            int afterEscape = _pos;
            if (TryLexQuotedString(start, out var quoted)) return quoted;
            _pos = afterEscape;
            _diagnostics.Error(start, "unterminated character literal");
            return new Token(TokenKind.Char, start, _pos - start, sb.ToString());
        }
        int cpLen = char.IsHighSurrogate(Peek(1)) ? 2 : 1;
        if (Peek(1 + cpLen) == '\'' && Peek(1) != '\'')
        {
            string ch = _text.Substring(_pos + 1, cpLen);
            _pos += 2 + cpLen;
            return new Token(TokenKind.Char, start, _pos - start, ch);
        }
        if (IsIdentStart(Peek(1)))
        {
            _pos++;
            int nameStart = _pos;
            while (_pos < _end && IsIdentPart(_text[_pos])) _pos++;
            // 'abc' (several characters in single quotes) is a string in Ruchy.
            if (Peek() == '\'')
            {
                _pos++;
                return new Token(TokenKind.String, start, _pos - start, _text[nameStart..(_pos - 1)]);
            }
            // A label is defined with ':' or follows break/continue; a lifetime follows '&' or sits in
            // generics. Anything else with a closing quote later on the line is a string: 'hello world'.
            bool labelPosition = Peek() == ':' || _previous is TokenKind.Break or TokenKind.Continue
                or TokenKind.Amp or TokenKind.AmpAmp or TokenKind.Less or TokenKind.Comma or TokenKind.Plus;
            if (!labelPosition)
            {
                int afterName = _pos;
                if (TryLexQuotedString(start, out var quoted)) return quoted;
                _pos = afterName;
            }
            return new Token(TokenKind.Lifetime, start, _pos - start, _text[nameStart.._pos]);
        }
        // Multi-character single-quoted string such as 'hello world'.
        if (TryLexQuotedString(start, out var text)) return text;
        _pos = start + 1;
        _diagnostics.Error(start, "unterminated character literal");
        return new Token(TokenKind.Bad, start, 1, "'");
    }

    /// <summary>
    /// A single-quoted string from <paramref name="start"/> to the next unescaped quote on the line, with
    /// escapes decoded as in double-quoted strings (ruchy reads 'a\nb' as "a", newline, "b").
    /// Leaves _pos unspecified when there is no closing quote.
    /// </summary>
    private bool TryLexQuotedString(int start, out Token token)
    {
        var sb = new StringBuilder();
        _pos = start + 1;
        while (_pos < _end && _text[_pos] != '\n')
        {
            char c = _text[_pos];
            if (c == '\'')
            {
                _pos++;
                token = new Token(TokenKind.String, start, _pos - start, sb.ToString());
                return true;
            }
            if (c == '\\' && _pos + 1 < _end && _text[_pos + 1] != '\n') ReadEscape(sb);
            else
            {
                sb.Append(c);
                _pos++;
            }
        }
        token = default;
        return false;
    }

    private Token LexPunctuation(int start)
    {
        char c = _text[_pos];
        char n = Peek(1);
        char n2 = Peek(2);
        (TokenKind kind, int len) = c switch
        {
            '(' => (TokenKind.LParen, 1),
            ')' => (TokenKind.RParen, 1),
            '[' => (TokenKind.LBracket, 1),
            ']' => (TokenKind.RBracket, 1),
            '{' => (TokenKind.LBrace, 1),
            '}' => (TokenKind.RBrace, 1),
            ',' => (TokenKind.Comma, 1),
            ';' => (TokenKind.Semicolon, 1),
            ':' => n == ':' ? (TokenKind.ColonColon, 2) : (TokenKind.Colon, 1),
            '.' => n == '.' ? (n2 == '=' ? (TokenKind.DotDotEq, 3) : n2 == '.' ? (TokenKind.DotDotDot, 3) : (TokenKind.DotDot, 2)) : (TokenKind.Dot, 1),
            '-' => n == '>' ? (TokenKind.Arrow, 2) : n == '=' ? (TokenKind.MinusEq, 2) : n == '-' ? (TokenKind.MinusMinus, 2) : (TokenKind.Minus, 1),
            '=' => n == '>' ? (TokenKind.FatArrow, 2) : n == '=' ? (TokenKind.EqEq, 2) : (TokenKind.Eq, 1),
            '!' => n == '=' ? (TokenKind.BangEq, 2) : (TokenKind.Bang, 1),
            '<' => n == '<' ? (n2 == '=' ? (TokenKind.LessLessEq, 3) : (TokenKind.LessLess, 2)) : n == '=' ? (TokenKind.LessEq, 2) : (TokenKind.Less, 1),
            '>' => n == '>' ? (n2 == '=' ? (TokenKind.GreaterGreaterEq, 3) : (TokenKind.GreaterGreater, 2)) : n == '=' ? (TokenKind.GreaterEq, 2) : (TokenKind.Greater, 1),
            '+' => n == '=' ? (TokenKind.PlusEq, 2) : n == '+' ? (TokenKind.PlusPlus, 2) : (TokenKind.Plus, 1),
            '*' => n == '*' ? (n2 == '=' ? (TokenKind.StarStarEq, 3) : (TokenKind.StarStar, 2)) : n == '=' ? (TokenKind.StarEq, 2) : (TokenKind.Star, 1),
            '/' => n == '=' ? (TokenKind.SlashEq, 2) : (TokenKind.Slash, 1),
            '%' => n == '=' ? (TokenKind.PercentEq, 2) : (TokenKind.Percent, 1),
            '&' => n == '&' ? (TokenKind.AmpAmp, 2) : n == '=' ? (TokenKind.AmpEq, 2) : (TokenKind.Amp, 1),
            '|' => n == '|' ? (TokenKind.PipePipe, 2) : n == '=' ? (TokenKind.PipeEq, 2) : n == '>' ? (TokenKind.PipeGreater, 2) : (TokenKind.Pipe, 1),
            '^' => n == '=' ? (TokenKind.CaretEq, 2) : (TokenKind.Caret, 1),
            '~' => (TokenKind.Tilde, 1),
            '?' => n == '?' ? (TokenKind.QuestionQuestion, 2) : n == '.' && !char.IsAsciiDigit(n2) ? (TokenKind.QuestionDot, 2) : (TokenKind.Question, 1),
            '#' => (TokenKind.Hash, 1),
            '@' => (TokenKind.At, 1),
            '$' => (TokenKind.Dollar, 1),
            '\\' => (TokenKind.Backslash, 1),
            _ => (TokenKind.Bad, 1),
        };
        if (kind == TokenKind.Bad)
        {
            int len2 = char.IsHighSurrogate(c) ? 2 : 1;
            _diagnostics.Error(start, $"unexpected character '{_text.Substring(start, Math.Min(len2, _end - start))}'");
            _pos += len2;
            return new Token(TokenKind.Bad, start, len2, _text.Substring(start, len2));
        }
        _pos += len;
        return new Token(kind, start, len);
    }
}
