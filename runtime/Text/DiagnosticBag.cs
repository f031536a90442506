namespace Ruchy.Text;

/// <summary>Collects diagnostics for one source file in the order they were found.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();
    private readonly HashSet<(int Line, int Column, Severity Severity)> _reported = new();
    private readonly SourceText _source;

    public DiagnosticBag(SourceText source) => _source = source;

    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors { get; private set; }
    public int ErrorCount { get; private set; }

    public void Error(int offset, string message) => Add(offset, Severity.Error, message);
    public void Warning(int offset, string message) => Add(offset, Severity.Warning, message);

    private void Add(int offset, Severity severity, string message)
    {
        var (line, col) = _source.GetLineColumn(offset);
        // Recovery can report the same spot twice; one message per location is enough (a set: a file can have many).
        if (!_reported.Add((line, col, severity))) return;
        _items.Add(new Diagnostic(_source.Path, line, col, severity, message));
        if (severity == Severity.Error)
        {
            HasErrors = true;
            ErrorCount++;
        }
    }
}
