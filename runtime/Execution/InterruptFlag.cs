namespace Ruchy.Execution;

/// <summary>
/// A request, from another thread, that a running program stop. Tiers poll <see cref="Raised"/> at
/// loop back-edges and calls (one field load each), so a notebook can stop a runaway cell within
/// a second and keep its session.
/// </summary>
public sealed class InterruptFlag
{
    private volatile bool _raised;

    /// <summary>The flag of runs nobody can interrupt (the CLI, the harness).</summary>
    public static readonly InterruptFlag Never = new();

    public bool Raised => _raised;

    public void Raise()
    {
        if (ReferenceEquals(this, Never)) throw new InvalidOperationException("the Never flag cannot be raised");
        _raised = true;
    }

    public void Reset() => _raised = false;
}
