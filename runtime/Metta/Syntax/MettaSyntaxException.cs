namespace Ruchy.Metta.Syntax;

/// <summary>A syntax error with its position, printed as <c>file:line:col: message</c>.</summary>
internal sealed class MettaSyntaxException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Detail { get; } = message;
}
