using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using Ruchy.Notebook;

namespace Ruchy.Kernel.Jupyter;

/// <summary>
/// A Jupyter kernel over ZeroMQ. NetMQ sockets are not thread-safe, so one I/O thread owns the
/// shell, control, stdin and IOPub sockets in a poller; cells run on an executor thread whose
/// outgoing messages reach the I/O thread through a <see cref="NetMQQueue{T}"/>; the heartbeat has
/// its own thread so a long cell never looks like a dead kernel. Control requests (interrupt,
/// shutdown, kernel_info) are answered on the I/O thread, so they work while a cell runs.
/// </summary>
public sealed class JupyterServer : IDisposable
{
    private readonly ConnectionFile _connection;
    private readonly TextWriter _log;
    private readonly MessageSigner _signer;
    private readonly KernelMessenger _messenger;
    private readonly KernelRequests _requests;
    private readonly BlockingCollection<JupyterMessage> _shellQueue = new();
    private readonly NetMQQueue<(Channel Channel, List<byte[]> Frames)> _outgoing = new();
    private readonly ManualResetEventSlim _stopped = new();
    private RouterSocket? _shell, _control, _stdin;
    private PublisherSocket? _iopub;
    private ResponseSocket? _heartbeat;
    private NetMQPoller? _poller;
    private Thread? _ioThread, _executorThread, _heartbeatThread;
    private volatile bool _stopping;
    private int _ioThreadId = -1;
    private readonly CellLanguage _language;

    public JupyterServer(ConnectionFile connection, NotebookSession session, TextWriter? log = null)
    {
        _connection = connection;
        _log = log ?? Console.Error;
        _signer = new MessageSigner(connection.Key);
        _language = session.Language;
        _messenger = new KernelMessenger(Guid.NewGuid().ToString(), _signer, Post);
        _requests = new KernelRequests(session, _messenger, _log);
    }

    /// <summary>The ports actually bound (they differ from the connection file only where it said 0).</summary>
    public int ShellPort { get; private set; }
    public int IopubPort { get; private set; }
    public int StdinPort { get; private set; }
    public int ControlPort { get; private set; }
    public int HbPort { get; private set; }

    /// <summary>Binds the sockets (only on the connection file's address) and starts the threads.</summary>
    public void Start()
    {
        _shell = new RouterSocket();
        _control = new RouterSocket();
        _stdin = new RouterSocket();
        _iopub = new PublisherSocket();
        _heartbeat = new ResponseSocket();
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat })
            s.Options.Linger = TimeSpan.FromMilliseconds(500);
        ShellPort = Bind(_shell, _connection.ShellPort, "shell_port");
        IopubPort = Bind(_iopub, _connection.IopubPort, "iopub_port");
        StdinPort = Bind(_stdin, _connection.StdinPort, "stdin_port");
        ControlPort = Bind(_control, _connection.ControlPort, "control_port");
        HbPort = Bind(_heartbeat, _connection.HbPort, "hb_port");

        _shell.ReceiveReady += (_, e) => Receive(e.Socket, Channel.Shell);
        _control.ReceiveReady += (_, e) => Receive(e.Socket, Channel.Control);
        _stdin.ReceiveReady += (_, e) => Receive(e.Socket, Channel.Stdin);
        _outgoing.ReceiveReady += (_, _) => DrainOutgoing();
        _poller = new NetMQPoller { _shell, _control, _stdin, _outgoing };

        _ioThread = new Thread(() =>
        {
            _ioThreadId = Environment.CurrentManagedThreadId;
            _poller.Run();
            DrainOutgoing();
        }) { Name = "jupyter-io", IsBackground = true };
        // Background: a cell stuck in an endless loop must not keep the process alive after shutdown.
        _executorThread = new Thread(ExecuteLoop) { Name = "jupyter-executor", IsBackground = true };
        _heartbeatThread = new Thread(HeartbeatLoop) { Name = "jupyter-heartbeat", IsBackground = true };
        _ioThread.Start();
        _executorThread.Start();
        _heartbeatThread.Start();
        _messenger.Status(null, "starting");
        _log.WriteLine($"ruchy kernel: {(_language == CellLanguage.Metta ? "MeTTa" : "Ruchy")} kernel listening on {_connection.Ip} (shell {ShellPort}, iopub {IopubPort}, stdin {StdinPort}, control {ControlPort}, hb {HbPort})");
    }

    /// <summary>Blocks until a shutdown_request arrives or <see cref="Stop"/> is called.</summary>
    public void WaitForShutdown() => _stopped.Wait();

    public bool WaitForShutdown(TimeSpan timeout) => _stopped.Wait(timeout);

    public void Stop()
    {
        if (_stopping) return;
        _stopping = true;
        _shellQueue.CompleteAdding();
        _poller?.StopAsync();
        _stopped.Set();
    }

    public void Dispose()
    {
        Stop();
        _ioThread?.Join(TimeSpan.FromSeconds(2));
        _heartbeatThread?.Join(TimeSpan.FromSeconds(1));
        _poller?.Dispose();
        _outgoing.Dispose();
        _shell?.Dispose();
        _control?.Dispose();
        _stdin?.Dispose();
        _iopub?.Dispose();
        _heartbeat?.Dispose();
    }

    private int Bind(NetMQSocket socket, int port, string field)
    {
        try
        {
            if (port == 0) return socket.BindRandomPort(_connection.Transport + "://" + _connection.Ip);
            socket.Bind(_connection.Endpoint(port));
            return port;
        }
        catch (NetMQException ex)
        {
            throw new ConnectionFileException($"cannot bind {field} {_connection.Endpoint(port)}: {ex.Message}");
        }
    }

    /// <summary>True while a shell request (a cell) is being handled.</summary>
    public bool IsExecuting => _executing;
    private volatile bool _executing;

    // I/O thread: one message per readiness event; the poller calls again while more are waiting.
    private void Receive(NetMQSocket socket, Channel channel)
    {
        var frames = new List<byte[]>();
        if (!socket.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames)) return;
        // An exception escaping a poller handler would end the I/O thread and leave a deaf kernel.
        try { Dispatch(frames, channel); }
        catch (Exception ex) { _log.WriteLine($"ruchy kernel: error handling a {channel.ToString().ToLowerInvariant()} message: {ex}"); }
    }

    private void Dispatch(List<byte[]> frames, Channel channel)
    {
        var message = JupyterMessage.TryParse(frames, _signer, out string? error);
        if (message == null)
        {
            _log.WriteLine($"ruchy kernel: dropped a message on {channel.ToString().ToLowerInvariant()}: {error}");
            return;
        }
        switch (channel)
        {
            case Channel.Shell:
                if (!_shellQueue.IsAddingCompleted) _shellQueue.Add(message);
                break;
            case Channel.Control:
                if (_requests.HandleControl(message)) BeginShutdown();
                break;
            default:
                // No stdin requests are ever sent (allow_stdin is not supported), so replies are unexpected.
                _log.WriteLine($"ruchy kernel: ignoring {message.MsgType} on stdin");
                break;
        }
    }

    // The I/O thread sends whatever is still queued (the shutdown reply) after its poller stops.
    private void BeginShutdown()
    {
        _log.WriteLine("ruchy kernel: shutting down");
        Stop();
    }

    // Executor thread: shell requests in arrival order.
    private void ExecuteLoop()
    {
        foreach (var request in _shellQueue.GetConsumingEnumerable())
        {
            _executing = true;
            bool abortQueued = _requests.HandleShell(request);
            _executing = false;
            if (request.MsgType == "shutdown_request")
            {
                BeginShutdown();
                return;
            }
            if (!abortQueued) continue;
            // stop_on_error: executes that were already waiting are answered "aborted", never run.
            var pending = new List<JupyterMessage>();
            while (_shellQueue.TryTake(out var next)) pending.Add(next);
            foreach (var next in pending)
            {
                if (next.MsgType == "execute_request") _requests.Abort(next);
                else _requests.HandleShell(next);
            }
        }
    }

    private void HeartbeatLoop()
    {
        var socket = _heartbeat!;
        var frames = new List<byte[]>();
        while (!_stopping)
        {
            try
            {
                if (socket.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref frames))
                    socket.SendMultipartBytes(frames);
            }
            catch (Exception ex) when (ex is NetMQException or ObjectDisposedException)
            {
                if (!_stopping) _log.WriteLine("ruchy kernel: heartbeat: " + ex.Message);
                return;
            }
        }
    }

    // From the I/O thread a message is sent at once; from any other thread it is queued for the I/O thread.
    private void Post(Channel channel, List<byte[]> frames)
    {
        if (Environment.CurrentManagedThreadId == _ioThreadId) Send(channel, frames);
        else if (!_outgoing.IsDisposed) _outgoing.Enqueue((channel, frames));
    }

    private void DrainOutgoing()
    {
        while (_outgoing.TryDequeue(out var item, TimeSpan.Zero)) Send(item.Channel, item.Frames);
    }

    private void Send(Channel channel, List<byte[]> frames)
    {
        NetMQSocket? socket = channel switch
        {
            Channel.Shell => _shell,
            Channel.Control => _control,
            Channel.Stdin => _stdin,
            _ => _iopub,
        };
        try
        {
            // A ROUTER drops a message for a peer that has gone; a PUB never blocks.
            if (socket != null && !socket.TrySendMultipartBytes(TimeSpan.FromSeconds(1), frames))
                _log.WriteLine($"ruchy kernel: could not send on {channel.ToString().ToLowerInvariant()}");
        }
        catch (Exception ex) when (ex is NetMQException or ObjectDisposedException)
        {
            _log.WriteLine($"ruchy kernel: send on {channel.ToString().ToLowerInvariant()} failed: {ex.Message}");
        }
    }
}
