using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Tiers;

/// <summary>A program prepared by a tier: run it (any number of times) and, where the tier has one, list it.</summary>
public interface IExecutable
{
    /// <summary>Runs the top level, then <c>main()</c> if declared, with <paramref name="globals"/> as the global slots; returns the last value.</summary>
    Value Run(RunContext context, Value[] globals);

    /// <summary>The whole program's listing (functions, then the script), or null when the tier has none.</summary>
    string? List(SourceText source);

    /// <summary>One function's listing (<see cref="ScriptName"/> for the top level), or null when there is no such function.</summary>
    string? ListFunction(string name, SourceText source);

    /// <summary>The name under which <see cref="ListFunction"/> finds the top-level code.</summary>
    string ScriptName { get; }
}
