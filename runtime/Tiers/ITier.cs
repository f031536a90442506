using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Tiers;

/// <summary>
/// An execution tier: turns a resolved program into something that runs, under a set of switches.
/// Tiers are looked up by name in <see cref="TierRegistry"/>; the engine, notebook sessions, <c>disasm</c>
/// and the parity test know no tier by type.
/// </summary>
public interface ITier
{
    /// <summary>Lower-case name, the value of the <c>engine</c> switch.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Its prepared programs have a text listing (bytecode, IR…), shown by <c>disasm</c>.</summary>
    bool HasListing { get; }

    /// <summary>It fills <see cref="Execution.RunContext.Statistics"/> (instruction histogram, calls).</summary>
    bool CollectsStatistics { get; }

    /// <summary>Compiles <paramref name="program"/> for this tier; the result may run many times.</summary>
    IExecutable Prepare(BoundProgram program, RunOptions options);
}
