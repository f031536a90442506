namespace Ruchy.Execution;

/// <summary>
/// Runs work on a thread with the runtime's large stack (<see cref="ExecutionLimits.ExecutionStackBytes"/>):
/// every pass after the parser recurses over the tree, whose depth the parser bounds (100,000 nodes);
/// only this stack is sized for that bound. Work already on such a thread runs inline.
/// </summary>
public static class LargeStack
{
    [ThreadStatic]
    private static bool t_isLarge;

    /// <summary>Whether the calling thread has the large stack.</summary>
    public static bool IsCurrentThreadLarge => t_isLarge;

    /// <summary>Marks the calling thread, which its creator started with <see cref="ExecutionLimits.ExecutionStackBytes"/>.</summary>
    internal static void MarkCurrentThread() => t_isLarge = true;

    /// <summary>Calls <paramref name="work"/> on a large stack; its exception, if any, is rethrown here.</summary>
    public static T Call<T>(Func<T> work)
    {
        if (t_isLarge) return work();
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            t_isLarge = true;
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, ExecutionLimits.ExecutionStackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
