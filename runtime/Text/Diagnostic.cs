namespace Ruchy.Text;

/// <summary>A problem found in a source file, printed as <c>file:line:col: message</c>.</summary>
public sealed record Diagnostic(string Path, int Line, int Column, Severity Severity, string Message)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        Severity == Severity.Error
            ? $"{Path}:{Line}:{Column}: {Message}"
            : $"{Path}:{Line}:{Column}: warning: {Message}";
}
