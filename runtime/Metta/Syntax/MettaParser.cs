using System.Globalization;
using System.Text;
using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Syntax;

/// <summary>
/// S-expression parser. It reads one top-level atom at a time because <c>bind!</c> can add tokens
/// that change how later text parses. Words become grounded numbers, bools, strings, bound tokens
/// (e.g. <c>&amp;self</c>), variables or symbols.
/// </summary>
internal sealed class MettaParser
{
    private readonly string _text;
    private readonly string _file;
    private readonly Func<string, Atom?> _token;
    private int _pos, _line = 1, _col = 1;
    // Syntax check only: words are not classified (no tokens looked up, no symbols interned).
    private bool _syntaxOnly;
    private int _depth;

    // Deepest expression nesting: the parser, the evaluator and the printer recurse once per level.
    public const int MaxNesting = 1000;

    public MettaParser(string text, string file, Func<string, Atom?> token)
    {
        _text = text;
        _file = file;
        _token = token;
    }

    /// <summary>The next top-level item, or null at the end of the text.</summary>
    public TopItem? Next()
    {
        SkipSpace();
        if (_pos >= _text.Length) return null;
        int line = _line, col = _col;
        bool query = false;
        if (_text[_pos] == '!' && (_pos + 1 >= _text.Length || _text[_pos + 1] == '(' || char.IsWhiteSpace(_text[_pos + 1])))
        {
            query = true;
            Advance();
            SkipSpace();
            if (_pos >= _text.Length) throw Error(line, col, "'!' must be followed by an atom");
        }
        var atom = ParseAtom(new Dictionary<string, Var>());
        return new TopItem(atom, query, line, col);
    }

    /// <summary>Parses all atoms of a text (no queries expected; used for small snippets and tests).</summary>
    public static List<Atom> ParseAll(string text, Func<string, Atom?>? token = null)
    {
        var p = new MettaParser(text, "<text>", token ?? (_ => null));
        var list = new List<Atom>();
        while (p.Next() is { } item) list.Add(item.Atom);
        return list;
    }

    public static Atom ParseOne(string text) => ParseAll(text)[0];

    /// <summary>
    /// Throws the first syntax error of the whole text, if any. Syntax does not depend on the tokens
    /// <c>bind!</c> adds, so a program can be checked before any of its queries runs.
    /// </summary>
    public static void CheckSyntax(string text, string file)
    {
        var p = new MettaParser(text, file, _ => null) { _syntaxOnly = true };
        while (p.Next() != null) { }
    }

    private Atom ParseAtom(Dictionary<string, Var> vars)
    {
        SkipSpace();
        if (_pos >= _text.Length) throw Error(_line, _col, "unexpected end of input");
        char c = _text[_pos];
        int line = _line, col = _col;
        if (c == '(')
        {
            if (++_depth > MaxNesting) throw Error(line, col, $"expression nested too deeply (more than {MaxNesting} levels)");
            Advance();
            var items = new List<Atom>();
            while (true)
            {
                SkipSpace();
                if (_pos >= _text.Length) throw Error(line, col, "unclosed '(' (missing ')')");
                if (_text[_pos] == ')') { Advance(); break; }
                items.Add(ParseAtom(vars));
            }
            _depth--;
            return items.Count == 0 ? Expr.Unit : new Expr(items.ToArray());
        }
        if (c == ')') throw Error(line, col, "unexpected ')'");
        if (c == '"') return ParseString(line, col);
        var word = ReadWord();
        if (word.Length == 0) throw Error(line, col, $"unexpected character '{c}'");
        return Classify(word, line, col);
    }

    private Atom Classify(string word, int line, int col)
    {
        if (word[0] == '$')
        {
            if (word.Length == 1) throw Error(line, col, "variable name expected after '$'");
            if (word.Contains('#')) throw Error(line, col, $"'#' is reserved in variable names: {word}");
            return _syntaxOnly ? Expr.Unit : Var.Named(word[1..]);
        }
        if (_syntaxOnly) return Expr.Unit;
        if (_token(word) is { } bound) return bound;
        if (word == "True") return BoolAtom.True;
        if (word == "False") return BoolAtom.False;
        if (IsInteger(word) && long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return Num.Of(i);
        if (IsFloat(word) && double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return Num.Of(f);
        return SymbolTable.Intern(word);
    }

    private static bool IsInteger(string w)
    {
        int i = (w[0] == '-' || w[0] == '+') ? 1 : 0;
        if (i >= w.Length) return false;
        for (; i < w.Length; i++) if (!char.IsAsciiDigit(w[i])) return false;
        return true;
    }

    private static bool IsFloat(string w)
    {
        int i = (w[0] == '-' || w[0] == '+') ? 1 : 0;
        int digits = 0;
        while (i < w.Length && char.IsAsciiDigit(w[i])) { i++; digits++; }
        if (digits == 0) return false;
        bool frac = false, exp = false;
        if (i < w.Length && w[i] == '.')
        {
            i++; int d = 0;
            while (i < w.Length && char.IsAsciiDigit(w[i])) { i++; d++; }
            if (d == 0) return false;
            frac = true;
        }
        if (i < w.Length && (w[i] == 'e' || w[i] == 'E'))
        {
            i++;
            if (i < w.Length && (w[i] == '-' || w[i] == '+')) i++;
            int d = 0;
            while (i < w.Length && char.IsAsciiDigit(w[i])) { i++; d++; }
            if (d == 0) return false;
            exp = true;
        }
        return i == w.Length && (frac || exp);
    }

    private Atom ParseString(int line, int col)
    {
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error(line, col, "unterminated string literal");
            char c = _text[_pos];
            Advance();
            if (c == '"') break;
            if (c == '\\')
            {
                if (_pos >= _text.Length) throw Error(line, col, "unterminated string literal");
                char e = _text[_pos];
                Advance();
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
            }
            else sb.Append(c);
        }
        return new Str(sb.ToString());
    }

    private string ReadWord()
    {
        int start = _pos;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c) || c == '(' || c == ')' || c == ';' || c == '"') break;
            Advance();
        }
        return _text[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == ';') { while (_pos < _text.Length && _text[_pos] != '\n') Advance(); }
            else if (char.IsWhiteSpace(c)) Advance();
            else break;
        }
    }

    private void Advance()
    {
        if (_text[_pos] == '\n') { _line++; _col = 1; } else _col++;
        _pos++;
    }

    private MettaSyntaxException Error(int line, int col, string message) => new(_file, line, col, message);
}
