using System.CommandLine;
using NetMQ;
using Ruchy.Kernel.Jupyter;
using Ruchy.Notebook;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy kernel install</c> writes the Jupyter kernelspecs (Ruchy and MeTTa);
/// <c>ruchy kernel start CONNECTION_FILE</c> is what Jupyter runs. Logs go to stderr only.
/// </summary>
public static class KernelCommand
{
    public static Command Create()
    {
        var cmd = new Command("kernel", "The Jupyter kernel: `ruchy kernel install` once, then pick Ruchy or MeTTa in Jupyter.");
        cmd.Subcommands.Add(CreateInstall());
        cmd.Subcommands.Add(CreateStart());
        return cmd;
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = "Install for the current user (~/.local/share/jupyter/kernels; the default)" };
        var prefix = new Option<string?>("--prefix") { Description = "Install under DIR/share/jupyter/kernels (then set JUPYTER_PATH=DIR/share/jupyter, or use an environment's prefix)", HelpName = "DIR" };
        var name = new Option<string?>("--name") { Description = "Kernel name of the Ruchy spec (default ruchy); the MeTTa spec is then NAME-metta (default metta)", HelpName = "NAME" };
        var cmd = new Command("install", "Write the kernelspecs `ruchy` (Ruchy) and `metta` (MeTTa) that start this executable.") { user, prefix, name };
        cmd.SetAction(parse =>
        {
            string? dir = parse.GetValue(prefix);
            string? kernelName = parse.GetValue(name);
            if (parse.GetValue(user) && dir != null)
            {
                Console.Error.WriteLine("ruchy kernel install: give --user or --prefix, not both");
                return 2;
            }
            if (kernelName != null && !KernelSpecInstaller.IsValidName(kernelName))
            {
                Console.Error.WriteLine($"ruchy kernel install: --name '{kernelName}' is not a valid kernel name (ASCII letters, digits, '-', '.', '_')");
                return 2;
            }
            try
            {
                var written = KernelSpecInstaller.Install(KernelSpecInstaller.KernelsDirectory(dir), KernelSpecInstaller.Specs(kernelName), KernelSpecInstaller.LauncherCommand());
                foreach (var path in written) Console.WriteLine($"Installed kernelspec {Path.GetFileName(path)} in {path}");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("ruchy kernel install: " + ex.Message);
                return 1;
            }
        });
        return cmd;
    }

    private static Command CreateStart()
    {
        var file = new Argument<FileInfo>("connection-file") { Description = "The connection file Jupyter wrote ({connection_file} in kernel.json)" };
        var language = new Option<string>("--language") { Description = "The language of cells", HelpName = "ruchy|metta", DefaultValueFactory = _ => "ruchy" };
        language.AcceptOnlyFromAmong("ruchy", "metta");
        var cmd = new Command("start", "Run the kernel for a Jupyter client (Jupyter starts this; logs go to stderr).") { file, language };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var lang = parse.GetValue(language) == "metta" ? CellLanguage.Metta : CellLanguage.Ruchy;
            return Start(path.FullName, lang);
        });
        return cmd;
    }

    private static int Start(string connectionFile, CellLanguage language)
    {
        try
        {
            var connection = ConnectionFile.Load(connectionFile);
            bool stuck;
            using (var server = new JupyterServer(connection, new NotebookSession(language), Console.Error))
            {
                server.Start();
                server.WaitForShutdown();
                stuck = server.IsExecuting;
            }
            if (stuck)
            {
                // A cell that ignored the interrupt runs on a foreground thread the runtime would wait for;
                // Jupyter expects the process gone promptly after shutdown_reply.
                Console.Error.WriteLine("ruchy kernel: a cell is still running; exiting anyway");
                NetMQConfig.Cleanup(block: false);
                Environment.Exit(0);
            }
            return 0;
        }
        catch (ConnectionFileException ex)
        {
            Console.Error.WriteLine("ruchy kernel: " + ex.Message);
            return 1;
        }
        finally
        {
            // Without this NetMQ's background threads can keep the process from exiting.
            NetMQConfig.Cleanup(block: false);
        }
    }
}
