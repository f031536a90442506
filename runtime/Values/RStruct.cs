namespace Ruchy.Values;

/// <summary>A struct instance with value semantics (copy-on-write): fields in declaration order.</summary>
public sealed class RStruct(RType type, Value[] fields) : CowObject
{
    public readonly RType Type = type;
    public readonly Value[] Fields = fields;

    public override CowObject CloneShallow()
    {
        var copy = new Value[Fields.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = Fields[i].Share();
        return new RStruct(Type, copy);
    }
}
