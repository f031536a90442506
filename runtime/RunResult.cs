using Ruchy.Values;

namespace Ruchy;

/// <summary>How a run ended: exit code 0 (success), 1 (syntax or runtime error) or the program's exit(n).</summary>
public sealed record RunResult(int ExitCode, RuchyError? Error = null, Value Value = default)
{
    /// <summary>The run stopped because its <see cref="Execution.RunHooks.Interrupt"/> flag was raised.</summary>
    public bool Interrupted { get; init; }
}
