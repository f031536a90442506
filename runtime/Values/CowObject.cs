namespace Ruchy.Values;

/// <summary>
/// Base of the aggregates with value semantics (arrays, maps, structs). <see cref="Shared"/> is set
/// when a second holder may exist and is never cleared; a holder that wants to mutate a shared
/// object replaces it by <see cref="CloneShallow"/> first and keeps the (unshared) copy.
/// </summary>
public abstract class CowObject
{
    public bool Shared;

    /// <summary>A copy with its own storage; elements are marked shared since both copies hold them.</summary>
    public abstract CowObject CloneShallow();
}
