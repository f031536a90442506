using System.Text.Json;

namespace Ruchy.Kernel.Jupyter;

/// <summary>A connection file that cannot be used; the message names the file and the field.</summary>
public sealed class ConnectionFileException(string message) : Exception(message);

/// <summary>
/// The JSON file a Jupyter client writes before starting the kernel: where to bind the five sockets
/// and how to sign messages. A port of 0 means "any free port" (tests use it; clients never do).
/// </summary>
public sealed record ConnectionFile(
    string Transport,
    string Ip,
    int ShellPort,
    int IopubPort,
    int StdinPort,
    int ControlPort,
    int HbPort,
    string SignatureScheme,
    string Key,
    string? KernelName)
{
    public static ConnectionFile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConnectionFileException($"{path}: cannot read the connection file: {ex.Message}");
        }
        return Parse(text, path);
    }

    public static ConnectionFile Parse(string json, string where = "<connection file>")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex)
        {
            throw new ConnectionFileException($"{where}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ConnectionFileException($"{where}: expected a JSON object");
            string transport = OptionalString(root, "transport", where) ?? "tcp";
            if (transport != "tcp")
                throw new ConnectionFileException($"{where}: transport \"{transport}\" is not supported; only \"tcp\" is (start the kernel with --transport tcp)");
            string key = OptionalString(root, "key", where) ?? "";
            string scheme = OptionalString(root, "signature_scheme", where) ?? "hmac-sha256";
            if (key.Length > 0 && scheme != "hmac-sha256")
                throw new ConnectionFileException($"{where}: signature_scheme \"{scheme}\" is not supported; only \"hmac-sha256\" is");
            return new ConnectionFile(
                transport,
                OptionalString(root, "ip", where) ?? "127.0.0.1",
                Port(root, "shell_port", where),
                Port(root, "iopub_port", where),
                Port(root, "stdin_port", where),
                Port(root, "control_port", where),
                Port(root, "hb_port", where),
                scheme,
                key,
                OptionalString(root, "kernel_name", where));
        }
    }

    /// <summary>The ZeroMQ endpoint for a port on this file's address.</summary>
    public string Endpoint(int port) => $"{Transport}://{Ip}:{port}";

    private static string? OptionalString(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new ConnectionFileException($"{where}: \"{name}\" must be a string, not {value.ValueKind}");
        return value.GetString();
    }

    private static int Port(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new ConnectionFileException($"{where}: \"{name}\" is missing");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int port) || port < 0 || port > 65535)
            throw new ConnectionFileException($"{where}: \"{name}\" must be a port number (0-65535), not {value.GetRawText()}");
        return port;
    }
}
