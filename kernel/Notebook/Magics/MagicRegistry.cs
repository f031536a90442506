using System.Text;

namespace Ruchy.Notebook;

/// <summary>Where a magic may appear: a line (<c>%name args</c>), a whole cell (<c>%%name args</c> then a body), or both.</summary>
[Flags]
public enum MagicKind { Line = 1, Cell = 2, Both = Line | Cell }

/// <summary>What a magic gets: the session, its arguments, the cell body (cell magics), the outputs.</summary>
public sealed record MagicCall(NotebookSession Session, string Name, string Arguments, string? Body, ICellOutput Output)
{
    public bool IsCell => Body != null;
}

/// <summary>A bad magic invocation (unknown name, bad option); the cell fails with this message.</summary>
public sealed class MagicException(string message) : Exception(message);

/// <summary>One magic: its name, usage line and help text, and what it does. Returns the cell's result (null: no value).</summary>
public sealed record Magic(string Name, MagicKind Kind, string Usage, string Help, Func<MagicCall, CellResult?> Run);

/// <summary>
/// The magics of a session. Jupyter cells use <c>%name</c> lines (run in order before the code that
/// follows them) and <c>%%name</c> as a cell's first line; the .NET Interactive adapter maps its
/// <c>#!name</c> directives onto <see cref="Invoke"/>.
/// </summary>
public sealed class MagicRegistry
{
    private readonly List<Magic> _magics = new();

    public IReadOnlyList<Magic> All => _magics;

    public void Add(Magic magic) => _magics.Add(magic);

    public Magic? Find(string name)
    {
        foreach (var m in _magics)
            if (m.Name == name) return m;
        return null;
    }

    public static MagicRegistry CreateDefault()
    {
        var registry = new MagicRegistry();
        registry.Add(new Magic("lsmagic", MagicKind.Line, "%lsmagic", "List the magics with their usage.", call => CellResult.Ok(registry.Listing())));
        SessionMagics.Register(registry);
        TimeitMagic.Register(registry);
        HarnessMagics.Register(registry);
        JitMagics.Register(registry);
        return registry;
    }

    /// <summary>The usage and help of every magic, as text and as an HTML table.</summary>
    public MimeBundle Listing()
    {
        var text = new StringBuilder();
        var html = new StringBuilder("<table><thead><tr><th>magic</th><th>what it does</th></tr></thead><tbody>");
        foreach (var m in _magics)
        {
            text.Append(m.Usage).Append('\n').Append("    ").Append(m.Help.Replace("\n", "\n    ")).Append('\n');
            html.Append("<tr><td><code>").Append(System.Net.WebUtility.HtmlEncode(m.Usage)).Append("</code></td><td>")
                .Append(System.Net.WebUtility.HtmlEncode(m.Help)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        return new MimeBundle(text.ToString().TrimEnd('\n')).With("text/html", html.ToString());
    }

    /// <summary>Runs one magic by name (the .NET Interactive directives call this).</summary>
    public CellResult? Invoke(NotebookSession session, string name, string arguments, string? body, ICellOutput output)
    {
        var magic = Find(name) ?? throw new MagicException($"unknown magic '{name}'; %lsmagic lists them");
        if (body != null && !magic.Kind.HasFlag(MagicKind.Cell)) throw new MagicException($"%{name} is a line magic; use %{name} {magic.Usage.Split(' ', 2).ElementAtOrDefault(1)} on a line of its own");
        if (body == null && !magic.Kind.HasFlag(MagicKind.Line)) throw new MagicException($"%%{name} is a cell magic: put it on the first line of the cell, the code below it");
        return magic.Run(new MagicCall(session, name, arguments.Trim(), body, output));
    }

    /// <summary>
    /// Runs the magics of a cell: <c>%%name</c> on the first line takes the whole cell; leading
    /// <c>%name</c> lines run in order, then the rest of the cell as code. Null when the cell has no magic.
    /// </summary>
    internal CellResult? TryRun(NotebookSession session, string code, ICellOutput output)
    {
        int start = 0;
        while (start < code.Length && char.IsWhiteSpace(code[start])) start++;
        if (start >= code.Length || code[start] != '%') return null;
        if (code.AsSpan(start).StartsWith("%%"))
        {
            int eol = code.IndexOf('\n', start);
            string header = eol < 0 ? code[(start + 2)..] : code[(start + 2)..eol];
            string body = eol < 0 ? "" : code[(eol + 1)..];
            var (name, args) = SplitHeader(header);
            return Invoke(session, name, args, body, output) ?? CellResult.Ok(null);
        }
        CellResult? last = null;
        int pos = start;
        while (pos < code.Length)
        {
            int lineEnd = code.IndexOf('\n', pos);
            if (lineEnd < 0) lineEnd = code.Length;
            string line = code[pos..lineEnd].Trim();
            if (line.Length > 0 && line[0] != '%') break;
            pos = Math.Min(lineEnd + 1, code.Length);
            if (line.Length == 0) continue;
            if (line.StartsWith("%%", StringComparison.Ordinal))
                throw new MagicException($"{line.Split(' ')[0]} is a cell magic: it must be the first line of the cell");
            var (name, args) = SplitHeader(line[1..]);
            last = Invoke(session, name, args, null, output);
            if (last is { Status: not CellStatus.Ok }) return last;
        }
        string rest = code[pos..];
        if (rest.Trim().Length > 0) return session.ExecuteCode(rest, session.Language, output);
        return last ?? CellResult.Ok(null);
    }

    private static (string Name, string Arguments) SplitHeader(string header)
    {
        header = header.Trim();
        int space = header.IndexOfAny([' ', '\t']);
        return space < 0 ? (header, "") : (header[..space], header[(space + 1)..].Trim());
    }
}
