using System.CommandLine;
using System.Diagnostics;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy interactive stdio</c>: the out-of-process kernel for .NET Interactive
/// (<c>#!connect stdio --kernel-name ruchy --command ["ruchy","interactive","stdio"]</c>). The kernel itself
/// is the <c>ruchy-interactive</c> executable (kernel/Interactive/Host), which carries the
/// Microsoft.DotNet.Interactive dependency; this command finds it and runs it with this process's
/// stdin, stdout and stderr, so the JSON envelopes pass straight through.
/// </summary>
public static class InteractiveCommand
{
    private const string HostName = "ruchy-interactive";

    public static Command Create()
    {
        var cmd = new Command("interactive", "The .NET Interactive (Polyglot Notebooks) kernel.");
        var kernelHost = new Option<string?>("--kernel-host") { Description = "Authority of the kernel URI (the notebook host passes it)", HelpName = "AUTHORITY" };
        var defaultKernel = new Option<string>("--default-kernel") { Description = "Kernel for cells without #!ruchy or #!metta", HelpName = "ruchy|metta", DefaultValueFactory = _ => "ruchy" };
        defaultKernel.AcceptOnlyFromAmong("ruchy", "metta");
        var stdio = new Command("stdio", $"Serve the ruchy and metta kernels as JSON envelopes on stdin/stdout (runs {HostName}; set RUCHY_INTERACTIVE to its path if it is not beside ruchy).")
        {
            kernelHost, defaultKernel,
        };
        stdio.SetAction(parse =>
        {
            var args = new List<string> { "stdio", "--default-kernel", parse.GetValue(defaultKernel)! };
            if (parse.GetValue(kernelHost) is { } authority) args.AddRange(["--kernel-host", authority]);
            return Run(args);
        });
        cmd.Subcommands.Add(stdio);
        return cmd;
    }

    private static int Run(List<string> args)
    {
        string? host = Locate();
        if (host == null)
        {
            Console.Error.WriteLine($"ruchy interactive: cannot find {HostName}.dll; build or publish kernel/Interactive/Host next to ruchy "
                + $"(into {Path.Combine(AppContext.BaseDirectory, "interactive")}) or set RUCHY_INTERACTIVE to its path");
            return 1;
        }
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (host.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            start.FileName = DotnetHost();
            start.ArgumentList.Add(host);
        }
        else start.FileName = host;
        foreach (var a in args) start.ArgumentList.Add(a);
        // No redirection: the child inherits our stdio, so nothing of ours can get between the envelopes.
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>RUCHY_INTERACTIVE, then beside ruchy (published layout), then the source tree's build output.</summary>
    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("RUCHY_INTERACTIVE") is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        string self = AppContext.BaseDirectory;
        foreach (var dir in new[] { self, Path.Combine(self, "interactive") })
        {
            string dll = Path.Combine(dir, HostName + ".dll");
            if (File.Exists(dll)) return dll;
        }
        // kernel/bin/CONFIG/TFM/ -> kernel/Interactive/Host/bin/CONFIG/TFM/
        var tfm = new DirectoryInfo(self.TrimEnd(Path.DirectorySeparatorChar));
        if (tfm.Parent is { Parent.Parent: { } kernelDir } config)
        {
            string dll = Path.Combine(kernelDir.FullName, "Interactive", "Host", "bin", config.Name, tfm.Name, HostName + ".dll");
            if (File.Exists(dll)) return dll;
        }
        return null;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)) return path;
        string? self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
