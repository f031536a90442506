namespace Ruchy.Switches;

/// <summary>What a switch acts on: the Ruchy tiers, the MeTTa runtime, or the .NET host running either.</summary>
public enum SwitchDomain
{
    /// <summary>Ruchy compilation and execution; set per run (and per notebook cell).</summary>
    Ruchy,
    /// <summary>The MeTTa runtime; set per runtime (a notebook moves its space to a runtime built with the new set).</summary>
    Metta,
    /// <summary>The .NET runtime itself: fixed when a process starts, so only a fresh process can take another value.</summary>
    Host,
}
