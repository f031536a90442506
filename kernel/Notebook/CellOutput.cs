namespace Ruchy.Notebook;

public enum OutputStream { Stdout, Stderr }

/// <summary>
/// Where a running cell's outputs go as they happen: text on stdout/stderr and rich displays.
/// Front doors turn these into Jupyter iopub messages or .NET Interactive events. Calls come from
/// the executing thread.
/// </summary>
public interface ICellOutput
{
    void Write(OutputStream stream, string text);

    /// <summary>A display (plot, table, report) that is not the cell's value; <paramref name="displayId"/> names it for later updates.</summary>
    void Display(MimeBundle bundle, string? displayId = null);
}

/// <summary>Collects everything; for tests and for callers that want the outputs afterwards.</summary>
public sealed class RecordingOutput : ICellOutput
{
    private readonly object _gate = new();
    public List<(OutputStream Stream, string Text)> Writes { get; } = new();
    public List<MimeBundle> Displays { get; } = new();

    public void Write(OutputStream stream, string text)
    {
        lock (_gate) Writes.Add((stream, text));
    }

    public void Display(MimeBundle bundle, string? displayId = null)
    {
        lock (_gate) Displays.Add(bundle);
    }

    public string Stdout => Join(OutputStream.Stdout);
    public string Stderr => Join(OutputStream.Stderr);

    private string Join(OutputStream stream)
    {
        lock (_gate)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var (s, t) in Writes)
                if (s == stream) sb.Append(t);
            return sb.ToString();
        }
    }
}
