namespace Ruchy.Execution;

/// <summary>Limits every tier shares, so that their errors (and the README's promises) agree.</summary>
internal static class ExecutionLimits
{
    /// <summary>Deepest Ruchy call nesting before a "stack overflow" error (documented in the README).</summary>
    public const int DefaultMaxDepth = 100_000;

    /// <summary>Stack of the thread that runs programs: room for <see cref="DefaultMaxDepth"/> nested calls on any tier.</summary>
    public const int ExecutionStackBytes = 1024 * 1024 * 1024;
}
