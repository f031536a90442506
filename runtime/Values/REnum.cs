namespace Ruchy.Values;

/// <summary>An enum value: its type, variant and payload. Immutable once built.</summary>
public sealed class REnum(RType type, int variant, Value[] payload)
{
    public readonly RType Type = type;
    public readonly int Variant = variant;
    public readonly Value[] Payload = payload;

    public VariantInfo Info => Type.Variants[Variant];
    public bool IsSome => ReferenceEquals(Type, RType.Option) && Variant == RType.SomeVariant;
    public bool IsNone => ReferenceEquals(Type, RType.Option) && Variant == RType.NoneVariant;
    public bool IsOk => ReferenceEquals(Type, RType.Result) && Variant == RType.OkVariant;
    public bool IsErr => ReferenceEquals(Type, RType.Result) && Variant == RType.ErrVariant;
}
