using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Ruchy.Notebook;

namespace RuchyLab.Interactive;

/// <summary>
/// A .NET Interactive kernel over one <see cref="NotebookSession"/>: cells, magics as directives,
/// editor services and value sharing. <see cref="RuchyKernel"/> and <see cref="MettaKernel"/> differ
/// only in the session's language and their names.
/// </summary>
public abstract partial class NotebookKernel : Kernel,
    IKernelCommandHandler<SubmitCode>
{
    private readonly SessionThread _thread;
    private readonly DirectiveCursor _directives = new();
    private PendingMagic? _pending;

    protected NotebookKernel(string name, string languageName, CellLanguage language) : base(name)
    {
        Session = new NotebookSession(language);
        _thread = new SessionThread(name + " session");
        RegisterForDisposal(_thread);
        KernelInfo.LanguageName = languageName;
        KernelInfo.DisplayName = $"{languageName} (Ruchy Lab)";
        KernelInfo.Description = $"{languageName} cells run by the Ruchy Lab runtime; #!lsmagic lists the magics";
        foreach (var directive in MagicDirectives.Create(Session.Magics))
            AddDirective<RuchyMagicCommand>(directive, HandleMagicAsync);
        // #!set (and #!share) in this kernel's cells: they end in a SendValue to it.
        this.UseValueSharing();
    }

    public NotebookSession Session { get; }

    /// <summary>A cell magic waiting for the code below its directive line.</summary>
    private sealed record PendingMagic(string Name, string Arguments);

    public async Task HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        var pending = Interlocked.Exchange(ref _pending, null);
        string code = pending == null ? command.Code : $"%%{pending.Name} {pending.Arguments}\n{command.Code}";
        var result = await RunCellAsync(code, command, context);
        Report(result, command, context, diagnose: pending == null ? command.Code : null);
    }

    private async Task HandleMagicAsync(RuchyMagicCommand command, KernelInvocationContext context)
    {
        string directive = command.InvokedDirective ?? "";
        string name = directive.StartsWith("#!", StringComparison.Ordinal) ? directive[2..] : directive;
        // The directive's own line, from the cell it was split out of (the command that carries it).
        var cell = context.Command as SubmitCode;
        var (arguments, codeFollows) = cell != null ? _directives.Next(cell, cell.Code, directive) : ("", false);
        var magic = Session.Magics.Find(name);
        if (magic == null)
        {
            context.Fail(command, message: $"{directive}: no such magic in the {Name} kernel; #!lsmagic lists them");
            return;
        }
        if (codeFollows && magic.Kind.HasFlag(MagicKind.Cell))
        {
            _pending = new PendingMagic(name, arguments);
            return;
        }
        string text = magic.Kind.HasFlag(MagicKind.Line) ? $"%{name} {arguments}" : $"%%{name} {arguments}\n";
        var result = await RunCellAsync(text, command, context, storeHistory: false);
        Report(result, command, context, diagnose: null, valueAsDisplay: true);
    }

    private async Task<CellResult> RunCellAsync(string code, KernelCommand command, KernelInvocationContext context, bool storeHistory = true)
    {
        var output = new KernelEventOutput(context, command);
        // Cancel reaches a running command as this token; the session stops the cell at its next step.
        using var cancel = context.CancellationToken.Register(Session.Interrupt);
        return await _thread.Run(() => Session.Execute(code, output, storeHistory));
    }

    private void Report(CellResult result, KernelCommand command, KernelInvocationContext context, string? diagnose, bool valueAsDisplay = false)
    {
        if (context.IsComplete) return;
        switch (result.Status)
        {
            case CellStatus.Ok:
                if (result.Value is { } value)
                {
                    var values = KernelEventOutput.FormattedValues(value);
                    context.Publish(valueAsDisplay
                        ? new DisplayedValueProduced(value.PlainText, command, values)
                        : new ReturnValueProduced(value.PlainText, command, values));
                }
                break;
            case CellStatus.Interrupted:
                context.Fail(command, message: "interrupted");
                break;
            default:
                var error = result.Error!;
                if (diagnose != null && error.Name == "SyntaxError") PublishDiagnostics(diagnose, command, context);
                context.Fail(command, message: FailureMessage(error));
                break;
        }
    }

    /// <summary>
    /// The error as one text: the message, then the trace lines (locations, call stack) that add to it.
    /// Hosts label a failure as an error themselves, so the trace's own "Error: " prefix goes.
    /// </summary>
    internal static string FailureMessage(CellError error)
    {
        var lines = new List<string>();
        foreach (var line in error.Traceback)
            if (line.Length > 0) lines.Add(lines.Count == 0 && line.StartsWith("Error: ", StringComparison.Ordinal) ? line["Error: ".Length..] : line);
        if (lines.Count == 0 || !lines.Any(l => l.Contains(error.Message, StringComparison.Ordinal))) lines.Insert(0, error.Message);
        return string.Join("\n", lines);
    }
}
