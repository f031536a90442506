namespace Ruchy.Notebook;

public enum CellStatus { Ok, Error, Interrupted }

/// <summary>A failed cell: a short name (<c>RuntimeError</c>, <c>SyntaxError</c>, <c>Interrupted</c>, <c>MagicError</c>), the message and the trace lines (locations, call stack).</summary>
public sealed record CellError(string Name, string Message, IReadOnlyList<string> Traceback);

/// <summary>The outcome of one cell: its status, the value of its last expression (null when unit or none), the error when it failed.</summary>
public sealed record CellResult(CellStatus Status, MimeBundle? Value, CellError? Error)
{
    public static CellResult Ok(MimeBundle? value) => new(CellStatus.Ok, value, null);
    public static CellResult Failed(CellError error) => new(CellStatus.Error, null, error);
}

public enum CellLanguage { Ruchy, Metta }

/// <summary>One completion: the text to insert, its kind (<c>function</c>, <c>variable</c>, <c>keyword</c>, <c>builtin</c>, <c>method</c>, <c>type</c>, <c>magic</c>, <c>switch</c>) and a one-line detail (signature).</summary>
public sealed record CompletionItem(string Text, string Kind, string? Detail = null);

/// <summary>Completions replace <c>code[CursorStart..CursorEnd]</c> (UTF-16 offsets).</summary>
public sealed record CompletionResult(int CursorStart, int CursorEnd, IReadOnlyList<CompletionItem> Matches);

/// <summary>Hover/inspect: what the name under the cursor is (signature and doc), or not found.</summary>
public sealed record InspectResult(bool Found, MimeBundle? Data, int Start = 0, int End = 0)
{
    public static readonly InspectResult NotFound = new(false, null);
}

public enum Completeness { Complete, Incomplete, Invalid, Unknown }

/// <summary>Is-complete for multi-line input: <see cref="Indent"/> is what the next line should start with when incomplete.</summary>
public sealed record IsCompleteResult(Completeness Status, string Indent = "");

public enum DiagnosticSeverity { Info, Warning, Error }

/// <summary>A diagnostic with 1-based line and column, as the compiler reports it.</summary>
public sealed record CellDiagnostic(int Line, int Column, int EndLine, int EndColumn, DiagnosticSeverity Severity, string Message)
{
    public override string ToString() => $"{Line}:{Column}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}

/// <summary>A session variable as front doors list it (name, type, short value).</summary>
public sealed record VariableInfo(string Name, string TypeName, string Summary);
