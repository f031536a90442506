namespace Ruchy.Values;

/// <summary>
/// A Ruchy run-time error (division by zero, bad index, failed assertion...). Thrown by helpers
/// without a location; the executing tier fills in <see cref="Line"/>/<see cref="Column"/> from the
/// node or instruction that was running, and the call stack for the report.
/// </summary>
public sealed class RuchyError : Exception
{
    public RuchyError(string message) : base(message)
    {
    }

    public RuchyError(string message, int line, int column) : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; set; }
    public int Column { get; set; }
    public bool HasLocation => Line > 0;

    /// <summary>Innermost call first: "name (file:line:col)".</summary>
    public List<string> StackTraceLines { get; } = new();
}
