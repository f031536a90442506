namespace RuchyLab.Interactive;

/// <summary>
/// The one thread a kernel's <see cref="Ruchy.Notebook.NotebookSession"/> runs on. Cells run here, not
/// on the kernel's scheduler, so the scheduler stays free to deliver Cancel (which interrupts the cell)
/// and so a deep recursion gets a big stack. Work items run one at a time, in order.
/// </summary>
internal sealed class SessionThread : IDisposable
{
    // Ruchy programs recurse deeply (fib, ackermann); the default 1 MB stack of pool threads is too small.
    private const int StackSize = 256 * 1024 * 1024;

    private readonly System.Collections.Concurrent.BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public SessionThread(string name)
    {
        _thread = new Thread(Loop, StackSize) { Name = name, IsBackground = true };
        _thread.Start();
    }

    public Task<T> Run<T>(Func<T> work)
    {
        // Continuations must not run on this thread: they would publish events while the next cell waits.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    public Task Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }

    public void Dispose() => _work.CompleteAdding();
}
