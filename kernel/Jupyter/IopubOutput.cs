using System.Text.Json.Nodes;
using Ruchy.Notebook;

namespace Ruchy.Kernel.Jupyter;

/// <summary>Turns a running cell's outputs into IOPub <c>stream</c> and <c>display_data</c> messages, each parented to the execute request.</summary>
internal sealed class IopubOutput(KernelMessenger messenger, byte[] parentHeader) : ICellOutput
{
    public void Write(OutputStream stream, string text)
    {
        if (text.Length == 0) return;
        messenger.Publish("stream", parentHeader, new JsonObject
        {
            ["name"] = stream == OutputStream.Stderr ? "stderr" : "stdout",
            ["text"] = text,
        });
    }

    public void Display(MimeBundle bundle, string? displayId = null)
    {
        var content = new JsonObject
        {
            ["data"] = MimeData.ToJson(bundle),
            ["metadata"] = new JsonObject(),
        };
        var transient = new JsonObject();
        if (displayId != null) transient["display_id"] = displayId;
        content["transient"] = transient;
        messenger.Publish("display_data", parentHeader, content);
    }
}

/// <summary>A silent execute shows nothing.</summary>
internal sealed class DiscardOutput : ICellOutput
{
    public static readonly DiscardOutput Instance = new();
    public void Write(OutputStream stream, string text) { }
    public void Display(MimeBundle bundle, string? displayId = null) { }
}

internal static class MimeData
{
    /// <summary>A MIME bundle as Jupyter's <c>data</c> dict; <c>application/json</c> (and <c>+json</c> types) go unpacked, as protocol 5 requires.</summary>
    public static JsonObject ToJson(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in bundle.Items)
        {
            if (mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal))
            {
                try
                {
                    data[mime] = JsonNode.Parse(value);
                    continue;
                }
                catch (System.Text.Json.JsonException) { }
            }
            data[mime] = value;
        }
        return data;
    }
}
