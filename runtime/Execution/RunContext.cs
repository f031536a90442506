using Ruchy.Text;
using Ruchy.Vm;

namespace Ruchy.Execution;

/// <summary>What one run of a prepared program writes to and is watched by.</summary>
public sealed record RunContext(SourceText Source, TextWriter Stdout, TextWriter Stderr, RunHooks Hooks)
{
    public VmStatistics? Statistics => Hooks.Statistics;

    public InterruptFlag? Interrupt => Hooks.Interrupt;
}
