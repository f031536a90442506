using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Ruchy.Notebook;

namespace RuchyLab.Interactive;

/// <summary>
/// The session's magics as <c>#!name</c> directives. A directive line is split out of the cell by the
/// host before the code runs, so a magic that can take a cell (<c>#!timeit</c>, <c>#!compare</c>,
/// <c>#!disasm</c>) followed by code is held until that code arrives and then runs with it as its body,
/// exactly as <c>%%name</c> would in Jupyter; without code below it, it runs at once as <c>%name</c>.
/// </summary>
internal static class MagicDirectives
{
    /// <summary>Magics whose names are kernel names: in a notebook <c>#!ruchy</c> and <c>#!metta</c> already pick the kernel.</summary>
    private static readonly HashSet<string> KernelNames = new(StringComparer.Ordinal) { "ruchy", "metta" };

    public static IEnumerable<KernelActionDirective> Create(MagicRegistry magics)
    {
        foreach (var magic in magics.All)
        {
            if (KernelNames.Contains(magic.Name)) continue;
            var directive = new KernelActionDirective("#!" + magic.Name)
            {
                Description = $"{magic.Help}\nUsage: {magic.Usage.Replace("%%", "#!").Replace("%", "#!")}",
            };
            // Free text after the name; named options from the usage line so the parser accepts them.
            directive.Parameters.Add(new KernelDirectiveParameter("--text", "arguments") { AllowImplicitName = true, MaxOccurrences = 1000 });
            foreach (var (name, flag) in OptionsOf(magic.Usage))
                if (!directive.Parameters.Any(p => p.Name == name))
                    directive.Parameters.Add(new KernelDirectiveParameter(name) { Flag = flag });
            yield return directive;
        }
    }

    /// <summary>Options named in a usage line: <c>[-n N]</c> takes a value, <c>[-o]</c> is a flag.</summary>
    internal static IEnumerable<(string Name, bool Flag)> OptionsOf(string usage)
    {
        var words = usage.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i].TrimStart('[');
            if (word.Length < 2 || word[0] != '-' || !(char.IsLetter(word[1]) || word[1] == '-')) continue;
            bool closed = word.EndsWith(']');
            string name = word.TrimEnd(']');
            bool flag = closed || i + 1 >= words.Length || words[i + 1].TrimStart('[').StartsWith('-') || words[i + 1] == "|";
            yield return (name, flag);
        }
    }

    /// <summary>The text after <c>#!name</c> on its line in the cell, and whether code follows the directive lines.</summary>
    internal static (string Arguments, bool CodeFollows) Locate(string cell, string directiveName, ref int searchFrom)
    {
        var lines = cell.Split('\n');
        for (int i = searchFrom; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith(directiveName, StringComparison.Ordinal)) continue;
            if (line.Length > directiveName.Length && !char.IsWhiteSpace(line[directiveName.Length])) continue;
            searchFrom = i + 1;
            bool codeFollows = false;
            for (int j = i + 1; j < lines.Length && !codeFollows; j++)
            {
                string next = lines[j].Trim();
                codeFollows = next.Length > 0 && !next.StartsWith("#!", StringComparison.Ordinal);
            }
            return (line[directiveName.Length..].Trim(), codeFollows);
        }
        return ("", false);
    }
}

/// <summary>Where the last directive of a cell was found, so that a magic used twice in one cell reads its own line.</summary>
internal sealed class DirectiveCursor
{
    private readonly ConditionalWeakTable<KernelCommand, StrongBox<int>> _positions = new();

    public (string Arguments, bool CodeFollows) Next(KernelCommand cell, string code, string directiveName)
    {
        var box = _positions.GetValue(cell, _ => new StrongBox<int>(0));
        return MagicDirectives.Locate(code, directiveName, ref box.Value);
    }
}
