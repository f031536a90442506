using System.Text;
using Ruchy.Builtins;
using Ruchy.Syntax;
using Ruchy.Text;
using Ruchy.Switches;
using Ruchy.Tiers;

namespace Ruchy.Notebook;

/// <summary>Editor services: completions, inspection (hover), is-complete and diagnostics. None of them runs code.</summary>
public sealed partial class NotebookSession
{
    private static readonly string[] KeywordList =
    [
        "fn", "fun", "let", "mut", "const", "if", "else", "match", "for", "in", "while", "loop", "break", "continue",
        "return", "struct", "enum", "impl", "trait", "pub", "use", "mod", "as", "self", "Self", "true", "false", "type", "where",
    ];

    /// <summary>Completions for the word that ends at <paramref name="cursor"/> (a UTF-16 offset into <paramref name="code"/>).</summary>
    public CompletionResult Complete(string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor;
        while (start > 0 && IsWordChar(code[start - 1])) start--;
        string prefix = code[start..cursor];
        var items = new List<CompletionItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Offer(string text, string kind, string? detail = null)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal) && seen.Add(text)) items.Add(new CompletionItem(text, kind, detail));
        }

        int lineStart = code.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        if (start > 0 && code[start - 1] == '%' && code.AsSpan(lineStart, start - lineStart).Trim().Length <= 2)
        {
            foreach (var m in Magics.All) Offer(m.Name, "magic", m.Usage);
        }
        else if (IsMagicLine(code, lineStart, "opt") || IsMagicLine(code, lineStart, "engine"))
        {
            if (IsMagicLine(code, lineStart, "engine"))
                foreach (var tier in TierRegistry.All) Offer(tier.Name, "switch", tier.Description);
            else
                foreach (var sw in SwitchRegistry.All)
                    if (sw.Domain != SwitchDomain.Host) Offer(sw.Name + "=", "switch", $"{sw.ValuesText}: {SessionMagics.Describe(sw)}");
        }
        else if (Language == CellLanguage.Metta)
        {
            foreach (var word in MettaWords) Offer(word, "builtin");
        }
        else if (start >= 2 && code[start - 1] == ':' && code[start - 2] == ':')
        {
            int typeEnd = start - 2, typeStart = typeEnd;
            while (typeStart > 0 && IsWordChar(code[typeStart - 1])) typeStart--;
            string typeName = code[typeStart..typeEnd];
            foreach (var type in _ruchy.Environment.UserTypes)
            {
                if (type.Name != typeName) continue;
                foreach (var v in type.Variants) Offer(v.Name, "variant");
            }
            for (int i = 0; i < _ruchy.Environment.GlobalCount; i++)
            {
                string g = _ruchy.Environment.GlobalName(i);
                if (g.StartsWith(typeName + "::", StringComparison.Ordinal)) Offer(g[(typeName.Length + 2)..], "method", SignatureOf(g));
            }
        }
        else if (start > 0 && code[start - 1] == '.')
        {
            foreach (var type in _ruchy.Environment.UserTypes)
                foreach (var field in type.FieldNames) Offer(field, "field", type.Name);
            for (int i = 0; i < _ruchy.Environment.GlobalCount; i++)
            {
                string g = _ruchy.Environment.GlobalName(i);
                int sep = g.IndexOf("::", StringComparison.Ordinal);
                if (sep > 0) Offer(g[(sep + 2)..], "method", SignatureOf(g));
            }
            foreach (var id in Enum.GetValues<MethodId>())
                if (id != MethodId.Unknown) Offer(MethodNames.NameOf(id), "method");
        }
        else
        {
            if (prefix.Length == 0 && cursor > 0 && !char.IsWhiteSpace(code[cursor - 1]) && code[cursor - 1] is not ('(' or ',' or '{' or '[' or '='))
                return new CompletionResult(cursor, cursor, items);
            for (int i = 0; i < _ruchy.Environment.GlobalCount; i++)
            {
                string g = _ruchy.Environment.GlobalName(i);
                if (g.Contains("::", StringComparison.Ordinal)) continue;
                bool isFunction = _ruchy.Environment.FunctionAt(i) != null;
                Offer(g, isFunction ? "function" : "variable", isFunction ? SignatureOf(g) : null);
            }
            foreach (var type in _ruchy.Environment.UserTypes) Offer(type.Name, "type");
            foreach (var name in BuiltinTable.Names) Offer(name, "builtin", BuiltinDocs.Signature(name));
            foreach (var k in KeywordList) Offer(k, "keyword");
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Text, b.Text));
        return new CompletionResult(start, cursor, items);
    }

    private static bool IsMagicLine(string code, int lineStart, string magic)
    {
        var line = code.AsSpan(lineStart).TrimStart();
        return line.StartsWith("%" + magic + " ") || line.StartsWith("%%" + magic + " ");
    }

    private static readonly string[] MettaWords =
    [
        "match", "let", "let*", "if", "case", "superpose", "collapse", "add-atom", "remove-atom", "get-atoms", "new-space",
        "bind!", "import!", "println!", "trace!", "assertEqual", "assertEqualToResult", "car-atom", "cdr-atom", "cons-atom",
        "get-type", "get-metatype", "unify", "empty", "quote", "unquote", "nop", "sealed", "new-state", "get-state", "change-state!",
        "&self", "True", "False", "Empty", "Error", "Number", "Symbol", "Expression", "Atom", "Type", "->", "=", ":",
    ];

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c > 127;

    private string? SignatureOf(string name)
    {
        int sep = name.IndexOf("::", StringComparison.Ordinal);
        return Signatures.TryGet(sep >= 0 ? name[(sep + 2)..] : name, out var signature, out _) ? signature : null;
    }

    /// <summary>What the name at <paramref name="cursor"/> is: a session function (its signature and doc comment), variable, type, built-in, switch or magic.</summary>
    public InspectResult Inspect(string code, int cursor, int detailLevel = 0)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        int start = cursor, end = cursor;
        while (start > 0 && (IsWordChar(code[start - 1]) || code[start - 1] is '!' or '-' && Language == CellLanguage.Metta)) start--;
        while (end < code.Length && IsWordChar(code[end])) end++;
        if (start == end) return InspectResult.NotFound;
        string word = code[start..end];
        bool isMagic = start > 0 && code[start - 1] == '%';
        string? text = isMagic ? MagicHelp(word) : Describe(word, detailLevel);
        if (text == null) return InspectResult.NotFound;
        var html = "<pre>" + System.Net.WebUtility.HtmlEncode(text) + "</pre>";
        return new InspectResult(true, new MimeBundle(text).With("text/markdown", "```\n" + text + "\n```").With("text/html", html), start, end);
    }

    private string? MagicHelp(string name) => Magics.Find(name) is { } m ? $"{m.Usage}\n\n{m.Help}" : null;

    private string? Describe(string word, int detailLevel)
    {
        if (Language == CellLanguage.Metta)
            return Array.IndexOf(MettaWords, word) >= 0 ? $"{word}: MeTTa standard library" : null;
        var env = _ruchy.Environment;
        if (env.TryGetGlobal(word, out int index))
        {
            if (env.FunctionAt(index) is { } f)
            {
                string signature = Signatures.TryGet(word, out var s, out var doc) ? s : $"fn {word}({string.Join(", ", f.ParamNames)})";
                return doc != null ? $"{signature}\n\n{doc}" : signature;
            }
            if (_ruchy.TryGetVariable(word, out var value))
            {
                string rendering = detailLevel > 0 ? Values.ValueFormatter.Debug(value) : ValueDisplay.Summary(value);
                return $"{word}: {ValueDisplay.TypeName(value)} = {rendering}";
            }
        }
        foreach (var type in env.UserTypes)
        {
            if (type.Name != word) continue;
            var sb = new StringBuilder(type.Variants.Length > 0 ? $"enum {word} {{ " : $"struct {word} {{ ");
            if (type.Variants.Length > 0)
                for (int i = 0; i < type.Variants.Length; i++) sb.Append(i > 0 ? ", " : "").Append(type.Variants[i].Name);
            else
                sb.Append(string.Join(", ", type.FieldNames));
            sb.Append(" }");
            for (int i = 0; i < env.GlobalCount; i++)
                if (env.GlobalName(i).StartsWith(word + "::", StringComparison.Ordinal))
                    sb.Append('\n').Append(SignatureOf(env.GlobalName(i)) ?? env.GlobalName(i));
            return sb.ToString();
        }
        if (BuiltinDocs.Describe(word) is { } builtin) return builtin;
        if (SwitchRegistry.TryFind(word, out var sw) && sw.Domain != SwitchDomain.Host)
            return $"{(sw.Domain == SwitchDomain.Metta ? "MeTTa switch" : "switch")} {sw.Name} = {sw.ValuesText}: {sw.Description} (%opt {sw.Name}=…)";
        if (MethodNames.Lookup(word) != MethodId.Unknown) return $".{word}(…): built-in method";
        if (SyntaxFacts.KeywordKind(word) != null) return $"{word}: keyword";
        return null;
    }

    /// <summary>
    /// Complete when the code parses; incomplete when a bracket, string or block comment is still
    /// open or the parser ran into the end of the text (the indent follows the open brackets);
    /// invalid when it fails before the end.
    /// </summary>
    public IsCompleteResult IsComplete(string code)
    {
        if (code.TrimStart().StartsWith('%')) return new IsCompleteResult(Completeness.Complete);
        if (Language == CellLanguage.Metta) return MettaIsComplete(code);
        var source = SourceText.From(code, "<cell>");
        var lexDiagnostics = new DiagnosticBag(source);
        var tokens = Lexer.Tokenize(source, lexDiagnostics);
        foreach (var d in lexDiagnostics.Items)
            if (d.Message.StartsWith("unterminated", StringComparison.Ordinal)) return new IsCompleteResult(Completeness.Incomplete, "");
        int depth = 0;
        foreach (var t in tokens)
        {
            if (t.Kind is TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace) depth++;
            else if (t.Kind is TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace) depth--;
        }
        if (depth < 0) return new IsCompleteResult(Completeness.Invalid);
        if (depth > 0) return new IsCompleteResult(Completeness.Incomplete, new string(' ', 4 * depth));
        var diagnostics = new DiagnosticBag(source);
        Parser.Parse(source, diagnostics);
        if (!diagnostics.HasErrors) return new IsCompleteResult(Completeness.Complete);
        var (endLine, endColumn) = source.GetLineColumn(code.TrimEnd().Length);
        foreach (var d in diagnostics.Items)
            if (d.IsError && (d.Line > endLine || (d.Line == endLine && d.Column >= endColumn) || d.Message.Contains("end of file", StringComparison.Ordinal)))
                return new IsCompleteResult(Completeness.Incomplete, "");
        return new IsCompleteResult(Completeness.Invalid);
    }

    private static IsCompleteResult MettaIsComplete(string code)
    {
        int depth = 0;
        bool inString = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == ';')
            {
                while (i < code.Length && code[i] != '\n') i++;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        if (depth < 0) return new IsCompleteResult(Completeness.Invalid);
        return inString || depth > 0 ? new IsCompleteResult(Completeness.Incomplete, new string(' ', 2 * depth)) : new IsCompleteResult(Completeness.Complete);
    }

    /// <summary>Errors and warnings of a cell compiled against the session (nothing is declared or run).</summary>
    public IReadOnlyList<CellDiagnostic> Diagnose(string code)
    {
        if (code.TrimStart().StartsWith('%') || Language == CellLanguage.Metta) return Array.Empty<CellDiagnostic>();
        var list = new List<CellDiagnostic>();
        foreach (var d in _ruchy.Check(SourceText.From(code, "<cell>")))
            list.Add(new CellDiagnostic(d.Line, d.Column, d.Line, d.Column + 1,
                d.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.Message));
        return list;
    }
}
