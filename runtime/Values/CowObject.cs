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

    /// <summary>
    /// Makes the aggregate stored in <paramref name="slot"/> safe to mutate in place: a shared one is
    /// replaced by a private copy. Returns the (now unshared) object, or null for non-aggregates.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static CowObject? Unshare(ref Value slot)
    {
        if (!slot.IsCow) return null;
        var cow = slot.AsCow;
        if (!cow.Shared) return cow;
        var copy = cow.CloneShallow();
        slot = Value.FromCow(copy);
        return copy;
    }
}
