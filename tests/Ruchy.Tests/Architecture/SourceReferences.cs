using System.Text;
using System.Text.RegularExpressions;

namespace Ruchy.Tests.Architecture;

/// <summary>
/// The runtime namespaces a C# source file names: in <c>using</c> directives (plain, static, alias,
/// global), as <c>Ruchy.X.…</c> or <c>global::Ruchy.X.…</c>, and as a name relative to the enclosing
/// <c>Ruchy</c> namespace (<c>Values.Value</c>, <c>Syntax.Ast.BinaryOp</c>). Comments and the text of
/// string and character literals are ignored; code inside interpolation holes is not.
/// A reference is reported by its top-level segment: <c>Ruchy.Syntax.Ast.Expr</c> is "Syntax", the
/// facade namespace <c>Ruchy</c> itself is "".
/// </summary>
internal static partial class SourceReferences
{
    /// <summary>Top-level runtime namespaces referenced by <paramref name="source"/>, with the line of each first use.</summary>
    public static IReadOnlyDictionary<string, int> Of(string source, IReadOnlyCollection<string> topLevelNamespaces)
    {
        string code = CodeOnly(source);
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string top, int index)
        {
            if (!found.ContainsKey(top)) found[top] = 1 + code.AsSpan(0, index).Count('\n');
        }
        foreach (Match m in UsingFacade().Matches(code)) Add("", m.Index);
        foreach (Match m in Qualified().Matches(code)) Add(m.Groups[1].Value, m.Index);
        foreach (Match m in Relative().Matches(code))
            if (topLevelNamespaces.Contains(m.Groups[1].Value)) Add(m.Groups[1].Value, m.Index);
        return found;
    }

    // `using Ruchy;` (also static/alias/global forms cannot name a namespace alone, but `using R = Ruchy;` can).
    [GeneratedRegex(@"\busing\s+(?:\w+\s*=\s*)?(?:global\s*::\s*)?Ruchy\s*;")]
    private static partial Regex UsingFacade();

    // Ruchy.X or global::Ruchy.X, not as the tail of a longer name (Foo.Ruchy.X).
    [GeneratedRegex(@"(?<![\w.@]|::)(?:global\s*::\s*)?\bRuchy\s*\.\s*([A-Za-z_]\w*)")]
    private static partial Regex Qualified();

    // X.… where X starts a dotted name (not `a.X.…`, not `global::X`); X must be a runtime namespace.
    [GeneratedRegex(@"(?<![\w.@]|::)\b([A-Za-z_]\w*)\s*\.\s*[A-Za-z_]")]
    private static partial Regex Relative();

    /// <summary>The source with comments and the contents of string and character literals blanked out (line breaks kept).</summary>
    public static string CodeOnly(string s)
    {
        var sb = new StringBuilder(s.Length);
        int i = 0;
        CopyCode(s, ref i, sb, stopAtBrace: false);
        return sb.ToString();
    }

    // Copies code from i, blanking comments and literals, until the end (or an unmatched '}' when in an interpolation hole).
    private static void CopyCode(string s, ref int i, StringBuilder sb, bool stopAtBrace)
    {
        int depth = 0;
        while (i < s.Length)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
                continue;
            }
            if (c == '/' && next == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                int stop = end < 0 ? s.Length : end + 2;
                Blank(s, i, stop, sb);
                i = stop;
                continue;
            }
            if (c == '\'')
            {
                int start = i++;
                while (i < s.Length && s[i] != '\'' && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
                i = Math.Min(i + 1, s.Length);
                Blank(s, start, i, sb);
                continue;
            }
            if (c == '"' || ((c == '$' || c == '@') && StartsString(s, i)))
            {
                SkipString(s, ref i, sb);
                continue;
            }
            if (c == '@' && (char.IsLetter(next) || next == '_'))
            {
                // A verbatim identifier (@class): the name without the '@'.
                sb.Append(' ');
                i++;
                continue;
            }
            if (stopAtBrace)
            {
                if (c == '{') depth++;
                else if (c == '}' && depth-- == 0) return;
            }
            sb.Append(c);
            i++;
        }
    }

    private static bool StartsString(string s, int i)
    {
        while (i < s.Length && s[i] is '$' or '@') i++;
        return i < s.Length && s[i] == '"';
    }

    private static void SkipString(string s, ref int i, StringBuilder sb)
    {
        int start = i;
        int dollars = 0;
        bool verbatim = false;
        while (s[i] is '$' or '@')
        {
            if (s[i] == '$') dollars++;
            else verbatim = true;
            i++;
        }
        int quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"') quotes++;
        if (quotes >= 3)
        {
            // Raw string literal: ends at the same run of quotes. (Interpolation holes in raw strings are blanked too.)
            int end = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
            int stop = end < 0 ? s.Length : end + quotes;
            Blank(s, start, stop, sb);
            i = stop;
            return;
        }
        i++; // opening quote
        Blank(s, start, i, sb);
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '"')
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == '"')
                {
                    sb.Append("  ");
                    i += 2;
                    continue;
                }
                sb.Append(' ');
                i++;
                return;
            }
            if (c == '\\' && !verbatim)
            {
                Blank(s, i, Math.Min(i + 2, s.Length), sb);
                i += 2;
                continue;
            }
            if (c == '\n' && !verbatim) return;
            if (dollars > 0 && c == '{')
            {
                if (i + 1 < s.Length && s[i + 1] == '{')
                {
                    sb.Append("  ");
                    i += 2;
                    continue;
                }
                // An interpolation hole is code.
                sb.Append(' ');
                i++;
                CopyCode(s, ref i, sb, stopAtBrace: true);
                if (i < s.Length)
                {
                    sb.Append(' ');
                    i++;
                }
                continue;
            }
            sb.Append(c == '\n' ? '\n' : ' ');
            i++;
        }
    }

    private static void Blank(string s, int from, int to, StringBuilder sb)
    {
        for (int k = from; k < to && k < s.Length; k++) sb.Append(s[k] == '\n' ? '\n' : ' ');
    }
}
