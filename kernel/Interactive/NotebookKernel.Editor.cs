using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Ruchy.Notebook;
using CodeAnalysisSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;
using InteractiveCompletion = Microsoft.DotNet.Interactive.Events.CompletionItem;

namespace RuchyLab.Interactive;

/// <summary>Editor services: completions, hover and diagnostics. They compile nothing into the session and run no code.</summary>
public abstract partial class NotebookKernel :
    IKernelCommandHandler<RequestCompletions>,
    IKernelCommandHandler<RequestHoverText>,
    IKernelCommandHandler<RequestDiagnostics>
{
    public Task HandleAsync(RequestCompletions command, KernelInvocationContext context)
    {
        int cursor = LinePositions.ToOffset(command.Code, command.LinePosition);
        var result = Session.Complete(command.Code, cursor);
        var items = new List<InteractiveCompletion>(result.Matches.Count);
        foreach (var match in result.Matches)
            items.Add(new InteractiveCompletion(match.Text, CompletionKind(match.Kind), match.Text, match.Text, match.Text, null, match.Detail));
        context.Publish(new CompletionsProduced(items, command, LinePositions.Span(command.Code, result.CursorStart, result.CursorEnd)));
        return Task.CompletedTask;
    }

    /// <summary>The session's kinds as the completion tags editors draw icons for (Roslyn's WellKnownTags).</summary>
    private static string CompletionKind(string kind) => kind switch
    {
        "function" or "builtin" => "Method",
        "method" => "Method",
        "variable" => "Local",
        "keyword" => "Keyword",
        "type" => "Class",
        "field" => "Field",
        "variant" => "EnumMember",
        "magic" or "switch" => "Property",
        _ => "Text",
    };

    public Task HandleAsync(RequestHoverText command, KernelInvocationContext context)
    {
        int cursor = LinePositions.ToOffset(command.Code, command.LinePosition);
        var result = Session.Inspect(command.Code, cursor);
        if (result.Found && result.Data is { } data)
        {
            string markdown = data.Get("text/markdown") ?? data.PlainText;
            FormattedValue[] content = [new FormattedValue("text/markdown", markdown), new FormattedValue(PlainTextFormatter.MimeType, data.PlainText)];
            context.Publish(new HoverTextProduced(command, content, LinePositions.Span(command.Code, result.Start, result.End)));
        }
        return Task.CompletedTask;
    }

    public Task HandleAsync(RequestDiagnostics command, KernelInvocationContext context)
    {
        PublishDiagnostics(command.Code, command, context);
        return Task.CompletedTask;
    }

    /// <summary>Publishes the compiler's diagnostics for <paramref name="code"/> (1-based in the session, 0-based here).</summary>
    private void PublishDiagnostics(string code, KernelCommand command, KernelInvocationContext context)
    {
        var found = Session.Diagnose(code);
        var diagnostics = new List<Diagnostic>(found.Count);
        var text = new List<FormattedValue>(found.Count);
        foreach (var d in found)
        {
            var span = new LinePositionSpan(
                new LinePosition(Math.Max(0, d.Line - 1), Math.Max(0, d.Column - 1)),
                new LinePosition(Math.Max(0, d.EndLine - 1), Math.Max(0, d.EndColumn - 1)));
            var severity = d.Severity switch
            {
                Ruchy.Notebook.DiagnosticSeverity.Error => CodeAnalysisSeverity.Error,
                Ruchy.Notebook.DiagnosticSeverity.Warning => CodeAnalysisSeverity.Warning,
                _ => CodeAnalysisSeverity.Info,
            };
            diagnostics.Add(new Diagnostic(span, severity, "RUCHY", d.Message));
            text.Add(new FormattedValue(PlainTextFormatter.MimeType, d.ToString()));
        }
        context.Publish(new DiagnosticsProduced(diagnostics, text, command));
    }
}
