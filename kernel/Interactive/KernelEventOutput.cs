using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Ruchy.Notebook;

namespace RuchyLab.Interactive;

/// <summary>
/// A running cell's outputs as .NET Interactive events, published as they happen (from the session
/// thread): stdout and stderr text, displays, and updates of a display shown before under the same id.
/// </summary>
internal sealed class KernelEventOutput(KernelInvocationContext context, KernelCommand command) : ICellOutput
{
    private readonly HashSet<string> _shownIds = new(StringComparer.Ordinal);

    public void Write(OutputStream stream, string text)
    {
        FormattedValue[] values = [new FormattedValue(PlainTextFormatter.MimeType, text)];
        Publish(stream == OutputStream.Stdout
            ? new StandardOutputValueProduced(command, values)
            : new StandardErrorValueProduced(command, values));
    }

    public void Display(MimeBundle bundle, string? displayId = null)
    {
        var values = FormattedValues(bundle);
        if (displayId != null && !_shownIds.Add(displayId))
            Publish(new DisplayedValueUpdated(bundle.PlainText, displayId, command, values));
        else
            Publish(new DisplayedValueProduced(bundle.PlainText, command, values, displayId));
    }

    public static FormattedValue[] FormattedValues(MimeBundle bundle)
    {
        var values = new FormattedValue[bundle.Items.Count];
        for (int i = 0; i < values.Length; i++) values[i] = new FormattedValue(bundle.Items[i].Key, bundle.Items[i].Value);
        return values;
    }

    private void Publish(KernelEvent e)
    {
        // After a Cancel the command may already be finished while the cell winds down; its late output has nowhere to go.
        if (context.IsComplete) return;
        try
        {
            context.Publish(e);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
