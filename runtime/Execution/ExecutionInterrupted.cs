namespace Ruchy.Execution;

/// <summary>Thrown by a tier that saw its <see cref="InterruptFlag"/> raised; not a Ruchy error, so nothing in a program can catch it.</summary>
public sealed class ExecutionInterrupted() : Exception("interrupted")
{
    /// <summary>Throws from a helper of its own: a method that throws is not inlined, and the checks sit in hot loops.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void Throw() => throw new ExecutionInterrupted();
}
