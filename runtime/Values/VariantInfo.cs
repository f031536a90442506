using Ruchy.Core;

namespace Ruchy.Values;

/// <summary>One enum variant: its name, shape and (for struct-like variants) field names.</summary>
public sealed class VariantInfo(string name, int index, StructShape shape, string[] fieldNames, long discriminant)
{
    public readonly string Name = name;
    public readonly int Index = index;
    public readonly StructShape Shape = shape;
    public readonly string[] FieldNames = fieldNames;
    public readonly long Discriminant = discriminant;
    /// <summary>The single shared value of a unit variant (immutable, so one instance suffices).</summary>
    public REnum? UnitValue;
}
