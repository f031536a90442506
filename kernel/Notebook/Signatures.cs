using System.Text.RegularExpressions;

namespace Ruchy.Notebook;

/// <summary>
/// Signatures and doc comments of the functions cells define, read from the cell text as written
/// (<c>/// doc</c> lines above <c>fn name(a: i64) -&gt; i64</c>), for hover and inspect. The resolved tree
/// keeps no types or comments, and users want to see what they wrote.
/// </summary>
internal sealed partial class Signatures
{
    private readonly Dictionary<string, (string Signature, string? Doc)> Known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _cellOf = new(StringComparer.Ordinal);
    private readonly object Gate = new();

    /// <summary>The text of the cell that last defined <paramref name="name"/> (disassembly maps positions into it).</summary>
    public string? CellOf(string name)
    {
        lock (Gate) return _cellOf.TryGetValue(name, out var code) ? code : null;
    }

    [GeneratedRegex(@"((?:^[ \t]*//[^\n]*\n)*)[ \t]*(?:pub[ \t]+)?(fun|fn)[ \t]+([A-Za-z_]\w*)[ \t]*(<[^>\n]*>)?[ \t]*\(([^)]*)\)([ \t]*->[ \t]*[^{\n]+)?", RegexOptions.Multiline)]
    private static partial Regex FunctionHeader();

    public void Learn(string code)
    {
        foreach (Match m in FunctionHeader().Matches(code))
        {
            string signature = $"fn {m.Groups[3].Value}{m.Groups[4].Value}({Regex.Replace(m.Groups[5].Value, @"\s+", " ").Trim()}){m.Groups[6].Value.TrimEnd()}";
            string? doc = null;
            if (m.Groups[1].Length > 0)
            {
                var lines = new List<string>();
                foreach (var line in m.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    lines.Add(line.Trim().TrimStart('/').Trim());
                doc = string.Join("\n", lines).Trim();
                if (doc.Length == 0) doc = null;
            }
            lock (Gate)
            {
                Known[m.Groups[3].Value] = (signature, doc);
                _cellOf[m.Groups[3].Value] = code;
            }
        }
    }

    /// <summary>Names of the functions and methods a piece of code defines, in order.</summary>
    public static List<string> DeclaredIn(string code)
    {
        var names = new List<string>();
        foreach (Match m in FunctionHeader().Matches(code)) names.Add(m.Groups[3].Value);
        return names;
    }

    public bool TryGet(string name, out string signature, out string? doc)
    {
        lock (Gate)
        {
            if (Known.TryGetValue(name, out var s))
            {
                signature = s.Signature;
                doc = s.Doc;
                return true;
            }
        }
        signature = "";
        doc = null;
        return false;
    }
}
