namespace Ruchy.Execution;

/// <summary>
/// One long-lived thread with the runtime's large stack that runs work items one at a time: a
/// session's cells then pay no thread start each (about a tenth of a millisecond, most of a
/// trivial cell's cost). A background thread, so a process can exit while a cell still runs.
/// </summary>
public sealed class LargeStackWorker : IDisposable
{
    private readonly object _gate = new();
    private Func<RunResult>? _work;
    private RunResult? _result;
    private Exception? _crash;
    private bool _disposed;
    private readonly Thread _thread;

    public LargeStackWorker(string name)
    {
        _thread = new Thread(Loop, ExecutionLimits.ExecutionStackBytes) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Calls <paramref name="work"/> on the worker (inline when already there) and returns its value.</summary>
    public T Call<T>(Func<T> work)
    {
        if (Thread.CurrentThread == _thread) return work();
        T value = default!;
        Run(() =>
        {
            value = work();
            return Done;
        });
        return value;
    }

    private static readonly RunResult Done = new(0);

    /// <summary>Runs <paramref name="work"/> on the worker and waits for it; callers are serialized.</summary>
    public RunResult Run(Func<RunResult> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_work != null) Monitor.Wait(_gate);
            _work = work;
            _result = null;
            _crash = null;
            Monitor.PulseAll(_gate);
            while (_result == null && _crash == null) Monitor.Wait(_gate);
            var crash = _crash;
            var result = _result;
            _work = null;
            Monitor.PulseAll(_gate);
            if (crash != null) throw new InvalidOperationException("internal error in the Ruchy runtime: " + crash.Message, crash);
            return result!;
        }
    }

    private void Loop()
    {
        LargeStack.MarkCurrentThread();
        while (true)
        {
            Func<RunResult> work;
            lock (_gate)
            {
                while (!_disposed && (_work == null || _result != null || _crash != null)) Monitor.Wait(_gate);
                if (_disposed) return;
                work = _work!;
            }
            RunResult? result = null;
            Exception? crash = null;
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                crash = e;
            }
            lock (_gate)
            {
                _result = result;
                _crash = crash;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }
}
