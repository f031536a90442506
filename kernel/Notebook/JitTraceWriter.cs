using System.Text;

namespace Ruchy.Notebook;

/// <summary>
/// The JIT trace of a notebook session (<c>%jit on</c>): one writer for the whole session, pointed at the running
/// cell's stderr. Code compiled in one cell keeps its trace writer and may deoptimize in a later one, so its events
/// must go to the cell running then, and nowhere while the trace is off.
/// </summary>
internal sealed class JitTraceWriter : TextWriter
{
    /// <summary>The running cell's stream while the trace is on; null otherwise (events are dropped).</summary>
    public TextWriter? Target { get; set; }

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Target?.Write(value);

    public override void Write(string? value) => Target?.Write(value);

    public override void WriteLine(string? value) => Target?.WriteLine(value);
}

/// <summary><c>%jit off|on|il</c>.</summary>
public enum JitTraceMode { Off, On, Il }
