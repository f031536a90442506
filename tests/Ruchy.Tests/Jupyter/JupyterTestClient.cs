using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;
using Ruchy.Kernel.Jupyter;
using Ruchy.Notebook;

namespace Ruchy.Tests.Jupyter;

/// <summary>
/// A minimal Jupyter client for tests: DEALER sockets for shell and control (as jupyter_client
/// uses), a SUB socket for IOPub. The kernel runs in-process on free ports, or out of process as
/// <c>dotnet ruchy.dll kernel start</c> when a test needs to kill it (an endless cell).
/// </summary>
public sealed class JupyterTestClient : IDisposable
{
    public const string Key = "a0436f6c-1916-498b-8eb9-e81ab9368e84";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly JupyterServer? _server;
    private readonly Process? _process;
    private readonly string? _connectionPath;
    private readonly StringWriter _logBuffer;
    private readonly TextWriter _log;
    private readonly List<DealerSocket> _dealers = new();
    private readonly string _session = Guid.NewGuid().ToString();

    public MessageSigner Signer { get; } = new(Key);
    public DealerSocket Shell { get; }
    public DealerSocket Control { get; }
    public SubscriberSocket Iopub { get; }
    public string Ip { get; } = "127.0.0.1";
    public int ShellPort { get; }
    public int ControlPort { get; }
    public int HbPort { get; }

    /// <summary>Everything the kernel logged so far (its stderr).</summary>
    public string KernelLog
    {
        // TextWriter.Synchronized locks on the wrapper, so this read does not race a write.
        get { lock (_log) return _logBuffer.ToString(); }
    }

    private JupyterTestClient(JupyterServer? server, Process? process, string? connectionPath, int shell, int iopub, int control, int hb, StringWriter logBuffer, TextWriter log)
    {
        _server = server;
        _process = process;
        _connectionPath = connectionPath;
        _logBuffer = logBuffer;
        _log = log;
        ShellPort = shell;
        ControlPort = control;
        HbPort = hb;
        Shell = Dealer("shell-client");
        Control = Dealer("control-client", control: true);
        Iopub = new SubscriberSocket();
        Iopub.Options.Linger = TimeSpan.Zero;
        Iopub.SubscribeToAnyTopic();
        Iopub.Connect($"tcp://{Ip}:{iopub}");
        WaitForIopub();
    }

    public static JupyterTestClient StartInProcess(CellLanguage language = CellLanguage.Ruchy, string key = Key)
    {
        var log = new StringWriter();
        var synced = TextWriter.Synchronized(log);
        var connection = new ConnectionFile("tcp", "127.0.0.1", 0, 0, 0, 0, 0, "hmac-sha256", key, null);
        var server = new JupyterServer(connection, new NotebookSession(language), synced);
        server.Start();
        return new JupyterTestClient(server, null, null, server.ShellPort, server.IopubPort, server.ControlPort, server.HbPort, log, synced);
    }

    /// <summary>Runs <c>dotnet ruchy.dll kernel start</c> (ruchy.dll is copied beside the tests by the project reference).</summary>
    public static JupyterTestClient StartOutOfProcess(string language = "ruchy")
    {
        int[] ports = FreePorts(5);
        string path = Path.Combine(Path.GetTempPath(), $"ruchy-kernel-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, new JsonObject
        {
            ["transport"] = "tcp", ["ip"] = "127.0.0.1",
            ["shell_port"] = ports[0], ["iopub_port"] = ports[1], ["stdin_port"] = ports[2],
            ["control_port"] = ports[3], ["hb_port"] = ports[4],
            ["signature_scheme"] = "hmac-sha256", ["key"] = Key,
        }.ToJsonString());
        string dll = Path.Combine(AppContext.BaseDirectory, "ruchy.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "kernel", "start", "--language", language, path }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var buffer = new StringWriter();
        var log = TextWriter.Synchronized(buffer);
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) log.WriteLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) log.WriteLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new JupyterTestClient(null, process, path, ports[0], ports[1], ports[3], ports[4], buffer, log);
    }

    public bool KernelExited => _process?.HasExited ?? false;

    public bool WaitForServerShutdown(TimeSpan timeout) =>
        _server != null ? _server.WaitForShutdown(timeout) : _process!.WaitForExit(timeout);

    public DealerSocket Dealer(string identity, bool control = false)
    {
        var socket = new DealerSocket();
        socket.Options.Identity = Encoding.ASCII.GetBytes(identity + "-" + Guid.NewGuid().ToString("N")[..8]);
        socket.Options.Linger = TimeSpan.Zero;
        socket.Connect($"tcp://{Ip}:{(control ? ControlPort : ShellPort)}");
        _dealers.Add(socket);
        return socket;
    }

    /// <summary>A signed request; returns it so callers can match the parent msg_id.</summary>
    public JupyterMessage Send(DealerSocket socket, string msgType, JsonObject? content = null)
    {
        var message = JupyterMessage.Create(msgType, _session, null, content ?? new JsonObject());
        socket.SendMultipartBytes(message.ToFrames(Signer));
        return message;
    }

    public JupyterMessage Execute(string code, bool silent = false, bool storeHistory = true, bool stopOnError = true) =>
        Send(Shell, "execute_request", new JsonObject
        {
            ["code"] = code, ["silent"] = silent, ["store_history"] = storeHistory,
            ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = stopOnError,
        });

    /// <summary>The next message on a socket, its signature verified; null on timeout.</summary>
    public JupyterMessage? TryReceive(NetMQSocket socket, TimeSpan timeout)
    {
        var frames = new List<byte[]>();
        if (!socket.TryReceiveMultipartBytes(timeout, ref frames)) return null;
        var message = JupyterMessage.TryParse(frames, Signer, out string? error);
        Assert.True(message != null, "a kernel message failed to parse or verify: " + error);
        return message;
    }

    public JupyterMessage Receive(NetMQSocket socket) =>
        TryReceive(socket, Timeout) ?? throw new Xunit.Sdk.XunitException("no message from the kernel within " + Timeout);

    /// <summary>IOPub messages whose parent is <paramref name="request"/>, up to and including its idle status.</summary>
    public List<JupyterMessage> CollectIopub(JupyterMessage request)
    {
        var result = new List<JupyterMessage>();
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var m = TryReceive(Iopub, deadline - DateTime.UtcNow);
            if (m == null) break;
            if (ParentId(m) != request.MsgId) continue;
            result.Add(m);
            if (m.MsgType == "status" && m.Content.GetProperty("execution_state").GetString() == "idle") return result;
        }
        throw new Xunit.Sdk.XunitException($"no idle status for {request.MsgType} within {Timeout}; got {string.Join(", ", Types(result))}");
    }

    /// <summary>Sends and returns the reply plus its IOPub messages.</summary>
    public (JupyterMessage Reply, List<JupyterMessage> Iopub) Request(DealerSocket socket, string msgType, JsonObject? content = null)
    {
        var request = Send(socket, msgType, content);
        var reply = Receive(socket);
        Assert.Equal(request.MsgId, ParentId(reply));
        return (reply, CollectIopub(request));
    }

    public (JupyterMessage Reply, List<JupyterMessage> Iopub) Run(string code, bool silent = false, bool storeHistory = true)
    {
        var request = Execute(code, silent, storeHistory);
        var reply = Receive(Shell);
        Assert.Equal(request.MsgId, ParentId(reply));
        return (reply, CollectIopub(request));
    }

    public static string? ParentId(JupyterMessage m) =>
        m.Parent.TryGetProperty("msg_id", out var id) ? id.GetString() : null;

    public static List<string> Types(List<JupyterMessage> messages)
    {
        var types = new List<string>();
        foreach (var m in messages)
            types.Add(m.MsgType == "status" ? "status:" + m.Content.GetProperty("execution_state").GetString() : m.MsgType);
        return types;
    }

    // PUB/SUB drops everything until the subscription reaches the kernel; like jupyter_client, ask for kernel_info until IOPub answers.
    private void WaitForIopub()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Send(Shell, "kernel_info_request");
            Receive(Shell);
            if (TryReceive(Iopub, TimeSpan.FromMilliseconds(300)) != null)
            {
                while (TryReceive(Iopub, TimeSpan.FromMilliseconds(100)) != null) { }
                return;
            }
        }
        throw new Xunit.Sdk.XunitException("IOPub never delivered a message");
    }

    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        var ports = new int[count];
        for (int i = 0; i < count; i++)
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            listeners.Add(l);
            ports[i] = ((IPEndPoint)l.LocalEndpoint).Port;
        }
        foreach (var l in listeners) l.Stop();
        return ports;
    }

    public void Dispose()
    {
        foreach (var d in _dealers) d.Dispose();
        Iopub.Dispose();
        _server?.Dispose();
        if (_process != null)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
            _process.Dispose();
        }
        if (_connectionPath != null) File.Delete(_connectionPath);
    }
}
