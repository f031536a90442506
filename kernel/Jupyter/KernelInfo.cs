using System.Reflection;
using System.Text.Json.Nodes;
using Ruchy.Notebook;

namespace Ruchy.Kernel.Jupyter;

/// <summary>The kernel_info_reply content for the Ruchy and MeTTa kernels.</summary>
internal static class KernelInfo
{
    public static string Version { get; } = ReadVersion();

    public static JsonObject Reply(CellLanguage language)
    {
        bool metta = language == CellLanguage.Metta;
        var languageInfo = new JsonObject
        {
            ["name"] = metta ? "metta" : "ruchy",
            ["version"] = Version,
            ["mimetype"] = metta ? "text/x-metta" : "text/x-ruchy",
            ["file_extension"] = metta ? ".metta" : ".ruchy",
            // Lexers nbconvert and CodeMirror know; close enough to highlight keywords and strings.
            ["pygments_lexer"] = metta ? "scheme" : "rust",
            ["codemirror_mode"] = metta ? "scheme" : "rust",
            ["nbconvert_exporter"] = "script",
        };
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = JupyterMessage.ProtocolVersion,
            ["implementation"] = "ruchy",
            ["implementation_version"] = Version,
            ["language_info"] = languageInfo,
            ["banner"] = metta
                ? $"MeTTa (Ruchy Lab {Version}): Hyperon semantics; each ! query shows its results."
                : $"Ruchy (Ruchy Lab {Version}): the value of a cell's last expression is its result.",
            ["debugger"] = false,
            ["help_links"] = new JsonArray
            {
                new JsonObject { ["text"] = "Ruchy", ["url"] = "https://github.com/paiml/ruchy" },
                new JsonObject { ["text"] = "MeTTa", ["url"] = "https://metta-lang.dev" },
            },
        };
    }

    private static string ReadVersion()
    {
        var asm = typeof(KernelInfo).Assembly;
        string? v = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(v)) return asm.GetName().Version?.ToString() ?? "0.0.0";
        int plus = v.IndexOf('+');
        return plus > 0 ? v[..plus] : v;
    }
}
