using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ruchy.Kernel.Jupyter;

/// <summary>
/// One Jupyter wire message: routing identities, then <c>&lt;IDS|MSG&gt;</c>, the signature, header,
/// parent header, metadata, content and optional binary buffers. The four JSON parts are kept as the
/// exact bytes received or sent (signatures are over those bytes, never a re-serialization) and
/// parsed for reading.
/// </summary>
public sealed class JupyterMessage
{
    public const string ProtocolVersion = "5.3";
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private JupyterMessage(IReadOnlyList<byte[]> identities, byte[] header, byte[] parent, byte[] metadata, byte[] content, IReadOnlyList<byte[]> buffers)
    {
        Identities = identities;
        HeaderBytes = header;
        ParentBytes = parent;
        MetadataBytes = metadata;
        ContentBytes = content;
        Buffers = buffers;
        Header = ParseObject(header, "header");
        Content = ParseObject(content, "content");
        MsgType = Header.TryGetProperty("msg_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new FormatException("header has no string msg_type");
        MsgId = Header.TryGetProperty("msg_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
    }

    /// <summary>Routing frames before the delimiter; replies on shell, control and stdin must echo them.</summary>
    public IReadOnlyList<byte[]> Identities { get; }
    public byte[] HeaderBytes { get; }
    public byte[] ParentBytes { get; }
    public byte[] MetadataBytes { get; }
    public byte[] ContentBytes { get; }
    public IReadOnlyList<byte[]> Buffers { get; }
    public JsonElement Header { get; }
    public JsonElement Content { get; }
    public string MsgType { get; }
    public string MsgId { get; }

    /// <summary>The parent header, parsed (an empty object when there is none).</summary>
    public JsonElement Parent => ParseObject(ParentBytes, "parent_header");

    /// <summary>
    /// Splits received frames into a message. Returns null with <paramref name="error"/> set when the
    /// frames are malformed (no delimiter, too few frames, JSON that is not an object), the
    /// signature does not match or was seen before (a replay); such messages must be dropped, never acted on.
    /// </summary>
    public static JupyterMessage? TryParse(List<byte[]> frames, MessageSigner signer, out string? error)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0)
        {
            error = $"malformed message: no <IDS|MSG> delimiter among {frames.Count} frames";
            return null;
        }
        if (frames.Count < delimiter + 6)
        {
            error = $"malformed message: {frames.Count - delimiter - 1} frames after the delimiter, expected at least 5 (signature, header, parent, metadata, content)";
            return null;
        }
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (!signer.Verify(frames[delimiter + 1], header, parent, metadata, content))
        {
            error = frames[delimiter + 1].Length == 0 ? "unsigned message (a key is set)" : "invalid signature";
            return null;
        }
        if (!signer.RecordReceived(frames[delimiter + 1]))
        {
            error = "duplicate signature: a replayed message";
            return null;
        }
        var identities = frames.GetRange(0, delimiter);
        var buffers = frames.GetRange(delimiter + 6, frames.Count - delimiter - 6);
        try
        {
            var message = new JupyterMessage(identities, header, parent, metadata, content, buffers);
            ParseObject(parent, "parent_header");
            ParseObject(metadata, "metadata");
            error = null;
            return message;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            error = "malformed message: " + ex.Message;
            return null;
        }
    }

    /// <summary>A new message with a fresh msg_id (jupyter_client rejects a repeated signature as a replay).</summary>
    public static JupyterMessage Create(string msgType, string session, byte[]? parentHeader, JsonObject content, IReadOnlyList<byte[]>? identities = null)
    {
        return new JupyterMessage(
            identities ?? Array.Empty<byte[]>(),
            BuildHeader(msgType, session),
            parentHeader ?? EmptyObject,
            EmptyObject,
            ToUtf8(content),
            Array.Empty<byte[]>());
    }

    /// <summary>The frames to send: identities (or the IOPub topic), delimiter, signature, the four JSON parts, buffers.</summary>
    public List<byte[]> ToFrames(MessageSigner signer, byte[]? topic = null)
    {
        var frames = new List<byte[]>(Identities.Count + 7 + Buffers.Count);
        if (topic != null) frames.Add(topic);
        foreach (var id in Identities) frames.Add(id);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(HeaderBytes, ParentBytes, MetadataBytes, ContentBytes)));
        frames.Add(HeaderBytes);
        frames.Add(ParentBytes);
        frames.Add(MetadataBytes);
        frames.Add(ContentBytes);
        foreach (var b in Buffers) frames.Add(b);
        return frames;
    }

    /// <summary>ISO 8601 in UTC with six fractional digits: jupyter_client 7.4 parses at most six.</summary>
    public static string FormatDate(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static byte[] ToUtf8(JsonNode node)
    {
        using var stream = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) node.WriteTo(writer);
        return stream.ToArray();
    }

    private static byte[] BuildHeader(string msgType, string session)
    {
        using var stream = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("msg_id", Guid.NewGuid().ToString());
            w.WriteString("session", session);
            w.WriteString("username", "ruchy");
            w.WriteString("date", FormatDate(DateTime.UtcNow));
            w.WriteString("msg_type", msgType);
            w.WriteString("version", ProtocolVersion);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static JsonElement ParseObject(byte[] bytes, string part)
    {
        JsonElement element;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            element = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{part} is not valid JSON: {ex.Message}");
        }
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{part} is not a JSON object");
        return element;
    }
}
