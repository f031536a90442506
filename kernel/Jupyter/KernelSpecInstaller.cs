using System.Text.Json.Nodes;

namespace Ruchy.Kernel.Jupyter;

/// <summary>One kernelspec to write: its directory name, display name and the language the kernel starts with.</summary>
public sealed record KernelSpec(string Name, string DisplayName, string Language);

/// <summary>
/// Writes <c>kernel.json</c> files that make Jupyter start this executable as a kernel. Interrupts
/// go by message: a .NET process dies on SIGINT unless it handles it, and a message works the same
/// on every platform.
/// </summary>
public static class KernelSpecInstaller
{
    /// <summary>The two kernels: Ruchy under <paramref name="name"/> and MeTTa under <c>metta</c> (or <c>NAME-metta</c> when a name was given).</summary>
    public static IReadOnlyList<KernelSpec> Specs(string? name = null) =>
    [
        new KernelSpec(name ?? "ruchy", "Ruchy", "ruchy"),
        new KernelSpec(name == null ? "metta" : name + "-metta", "MeTTa", "metta"),
    ];

    /// <summary>The kernels directory: the user's (<c>~/.local/share/jupyter/kernels</c>, or <c>$JUPYTER_DATA_DIR/kernels</c>) or <c>PREFIX/share/jupyter/kernels</c>.</summary>
    public static string KernelsDirectory(string? prefix)
    {
        if (prefix != null) return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
        string? dataDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (!string.IsNullOrEmpty(dataDir)) return Path.Combine(dataDir, "kernels");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
        if (OperatingSystem.IsMacOS())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Jupyter", "kernels");
        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        string data = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : xdg;
        return Path.Combine(data, "jupyter", "kernels");
    }

    /// <summary>
    /// The command that runs this executable: the apphost itself, or <c>dotnet ruchy.dll</c> when
    /// the process was started through the dotnet host.
    /// </summary>
    public static IReadOnlyList<string> LauncherCommand()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running (Environment.ProcessPath is null)");
        string file = Path.GetFileNameWithoutExtension(process);
        if (file.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return [process, typeof(KernelSpecInstaller).Assembly.Location];
        return [process];
    }

    /// <summary>The kernel.json content for one spec.</summary>
    public static JsonObject KernelJson(KernelSpec spec, IReadOnlyList<string> launcher)
    {
        var argv = new JsonArray();
        foreach (var part in launcher) argv.Add(part);
        argv.Add("kernel");
        argv.Add("start");
        argv.Add("--language");
        argv.Add(spec.Language);
        argv.Add("{connection_file}");
        return new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = spec.DisplayName,
            ["language"] = spec.Language,
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
    }

    /// <summary>Writes every spec under <paramref name="kernelsDirectory"/>; returns the directories written.</summary>
    public static List<string> Install(string kernelsDirectory, IReadOnlyList<KernelSpec> specs, IReadOnlyList<string> launcher)
    {
        var written = new List<string>();
        foreach (var spec in specs)
        {
            string dir = Path.Combine(kernelsDirectory, spec.Name);
            Directory.CreateDirectory(dir);
            var json = KernelJson(spec, launcher).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            File.WriteAllText(Path.Combine(dir, "kernel.json"), json + "\n");
            written.Add(dir);
        }
        return written;
    }

    /// <summary>Kernel names are directory names Jupyter accepts: ASCII letters, digits, '-', '.', '_'.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0) return false;
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) return false;
        return true;
    }
}
