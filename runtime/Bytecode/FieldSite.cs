using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// A field access site (GetField, UniqueField, SetField): the field's name and tuple index, readonly,
/// and an inline cache (last struct type and the field's index in it), mutable by design: the VMs
/// fill it on a miss.
/// </summary>
internal sealed class FieldSite(string name, int tupleIndex)
{
    public readonly string Name = name;
    public readonly int TupleIndex = tupleIndex;

    // The inline cache: mutable on purpose.
    public RType? CachedType;
    public int CachedIndex;
}
