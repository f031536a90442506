using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Connection;

namespace RuchyLab.Interactive;

/// <summary>
/// The out-of-process kernel behind <c>#!connect stdio --kernel-name ruchy --command ["ruchy","interactive","stdio"]</c>:
/// a composite of the Ruchy and MeTTa kernels served by the package's <see cref="KernelHost"/>, one
/// JSON envelope per line on stdout, commands on stdin. Nothing else may reach stdout, so the process's
/// Console.Out is pointed at stderr before anything runs.
/// </summary>
public static class StdioKernelServer
{
    public const string Usage = "usage: ruchy interactive stdio [--default-kernel ruchy|metta] [--kernel-host AUTHORITY]";

    public static async Task<int> RunAsync(string[] args)
    {
        string? hostAuthority = null;
        string defaultKernel = "ruchy";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--kernel-host" when i + 1 < args.Length: hostAuthority = args[++i]; break;
                case "--default-kernel" when i + 1 < args.Length && args[i + 1] is "ruchy" or "metta": defaultKernel = args[++i]; break;
                case "stdio": break;
                case "-h" or "--help":
                    Console.Error.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"ruchy interactive stdio: unexpected argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        // Events are published from several threads (the session thread's outputs, the scheduler's
        // completions); the host writes each without waiting, so the writer must serialize them.
        var envelopes = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" });
        Console.SetOut(Console.Error);
        var commands = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));

        using var kernel = new CompositeKernel("ruchylab");
        RuchyLabKernelExtension.Add(kernel);
        kernel.DefaultKernelName = defaultKernel;

        var hostUri = hostAuthority != null ? KernelHost.CreateHostUri(hostAuthority) : KernelHost.CreateHostUriForCurrentProcessId();
        var sender = KernelCommandAndEventSender.FromTextWriter(envelopes, KernelHost.CreateHostUri("stdio"));
        var receiver = KernelCommandAndEventReceiver.FromTextReader(commands);
        using var host = kernel.UseHost(sender, receiver, hostUri);
        var quit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kernel.UseQuitCommand(() =>
        {
            quit.TrySetResult();
            return Task.CompletedTask;
        });

        await host.ConnectAsync();
        // The host stops reading when stdin closes; the notebook sends Quit first when it shuts down cleanly.
        await Task.WhenAny(quit.Task, WaitForEndOfInput(receiver));
        return 0;
    }

    private static Task WaitForEndOfInput(IKernelCommandAndEventReceiver receiver)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Subscribe(new EndObserver(ended));
        return ended.Task;
    }

    private sealed class EndObserver(TaskCompletionSource ended) : IObserver<CommandOrEvent>
    {
        public void OnCompleted() => ended.TrySetResult();
        public void OnError(Exception error) => ended.TrySetResult();
        public void OnNext(CommandOrEvent value) { }
    }
}
