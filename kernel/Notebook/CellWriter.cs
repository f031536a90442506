using System.Text;

namespace Ruchy.Notebook;

/// <summary>
/// The TextWriter a cell prints to: it buffers and hands text to the front door at each newline
/// (and at flush), so long-running cells show output as it happens without a message per character.
/// </summary>
internal sealed class CellWriter : TextWriter
{
    private readonly ICellOutput _output;
    private readonly OutputStream _stream;
    private readonly StringBuilder _buffer = new();
    private long _lastFlush = Environment.TickCount64;

    public CellWriter(ICellOutput output, OutputStream stream)
    {
        _output = output;
        _stream = stream;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        _buffer.Append(value);
        if (value == '\n') FlushIfDue();
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        _buffer.Append(value);
        if (value[^1] == '\n' || _buffer.Length >= 4096) FlushIfDue();
    }

    // A message per line would flood the front door in tight print loops; 50 ms keeps output live.
    private void FlushIfDue()
    {
        if (_buffer.Length >= 4096 || Environment.TickCount64 - _lastFlush >= 50) Flush();
    }

    public override void Flush()
    {
        if (_buffer.Length == 0) return;
        _output.Write(_stream, _buffer.ToString());
        _buffer.Clear();
        _lastFlush = Environment.TickCount64;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
