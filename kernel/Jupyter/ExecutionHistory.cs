using System.Text;
using System.Text.RegularExpressions;

namespace Ruchy.Kernel.Jupyter;

/// <summary>One executed cell as history_request returns it: its line (execution count), input and the plain text of its result.</summary>
public sealed record HistoryEntry(int Line, string Input, string? Output);

/// <summary>
/// The cells this kernel process executed with store_history. There is no history database: the
/// kernel answers for its own session only, always numbered <see cref="Session"/>, so a client that
/// reads the session from a tail reply can use it in a range request.
/// </summary>
public sealed class ExecutionHistory
{
    public const int Session = 1;
    private readonly List<HistoryEntry> _entries = new();
    private readonly object _gate = new();

    public void Add(int line, string input, string? output)
    {
        lock (_gate) _entries.Add(new HistoryEntry(line, input, output));
    }

    /// <summary>The last <paramref name="n"/> entries, oldest first.</summary>
    public List<HistoryEntry> Tail(int n)
    {
        lock (_gate)
        {
            int count = Math.Clamp(n, 0, _entries.Count);
            return _entries.GetRange(_entries.Count - count, count);
        }
    }

    /// <summary>Lines in [start, stop) of a session; session 0 or a negative one means this one (IPython counts back from the current session), another number has no entries.</summary>
    public List<HistoryEntry> Range(int session, int start, int? stop)
    {
        var result = new List<HistoryEntry>();
        if (session > 0 && session != Session) return result;
        lock (_gate)
            foreach (var e in _entries)
                if (e.Line >= start && (stop == null || e.Line < stop)) result.Add(e);
        return result;
    }

    /// <summary>Entries whose input matches the glob <paramref name="pattern"/> (<c>*</c>, <c>?</c>), the last <paramref name="n"/> if given, each input once if <paramref name="unique"/>.</summary>
    public List<HistoryEntry> Search(string pattern, int? n, bool unique)
    {
        var regex = GlobToRegex(pattern);
        var matches = new List<HistoryEntry>();
        lock (_gate)
        {
            var seen = unique ? new HashSet<string>() : null;
            // Newest first so "unique" keeps the latest occurrence, as IPython does.
            for (int i = _entries.Count - 1; i >= 0; i--)
            {
                var e = _entries[i];
                if (!regex.IsMatch(e.Input)) continue;
                if (seen != null && !seen.Add(e.Input)) continue;
                matches.Add(e);
                if (n != null && matches.Count >= n) break;
            }
        }
        matches.Reverse();
        return matches;
    }

    private static Regex GlobToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        foreach (char c in pattern)
            sb.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
