using Ruchy.Vm;

namespace Ruchy.Execution;

/// <summary>Observers of a run that are not switches: they change nothing the program does.</summary>
public sealed record RunHooks
{
    /// <summary>Filled by tiers that collect statistics (instruction histogram, calls, allocated bytes).</summary>
    public VmStatistics? Statistics { get; init; }

    /// <summary>Raised from another thread to stop the run at its next loop iteration or call (notebooks).</summary>
    public InterruptFlag? Interrupt { get; init; }

    /// <summary>The JIT tier writes what it does here: functions compiled (and what they speculate), guard failures, deoptimizations.</summary>
    public TextWriter? JitTrace { get; init; }

    /// <summary>With <see cref="JitTrace"/>: also the IL emitted for each compiled function.</summary>
    public bool JitListing { get; init; }

    /// <summary>
    /// The JIT tier saves each compilation as a .dll here (PersistedAssemblyBuilder) and runs the saved code, so the
    /// assembly a user opens in a decompiler is what ran.
    /// </summary>
    public string? JitDumpDirectory { get; init; }

    /// <summary>The JIT tier starts from this stored profile (<c>--profile-in</c>): see <see cref="Jit.JitProfile"/>.</summary>
    public Jit.JitProfile? JitProfileIn { get; init; }

    /// <summary>Called at the end of a JIT run (also after an error) with what it learned (<c>--profile-out</c>).</summary>
    public Action<Jit.JitProfile>? JitProfileOut { get; init; }

    public static RunHooks None { get; } = new();
}
