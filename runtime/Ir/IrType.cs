using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>The kinds of value an IR value may hold at run time: a set, so the lattice join is a union.</summary>
[Flags]
internal enum IrKinds : ushort
{
    None = 0,
    Nil = 1 << 0,
    Bool = 1 << 1,
    Int = 1 << 2,
    Float = 1 << 3,
    Str = 1 << 4,
    Array = 1 << 5,
    Tuple = 1 << 6,
    Map = 1 << 7,
    Struct = 1 << 8,
    Enum = 1 << 9,
    Range = 1 << 10,
    Fn = 1 << 11,
    Type = 1 << 12,
    /// <summary>A captured variable's cell (a frame slot), never visible to programs.</summary>
    Cell = 1 << 13,
    /// <summary>Tier bookkeeping: an iterator or a range loop's counters.</summary>
    Internal = 1 << 14,
    Any = Nil | Bool | Int | Float | Str | Array | Tuple | Map | Struct | Enum | Range | Fn | Type,
}

/// <summary>
/// A point of the type lattice: the set of kinds a value may have, and for structs and enums the one
/// user type when it is known (<see cref="Shape"/>). Bottom is the empty set (not yet reached), top is Any.
/// </summary>
internal readonly record struct IrType(IrKinds Kinds, RType? Shape = null)
{
    public static readonly IrType Bottom = new(IrKinds.None);
    public static readonly IrType Any = new(IrKinds.Any);
    public static readonly IrType Nil = new(IrKinds.Nil);
    public static readonly IrType Bool = new(IrKinds.Bool);
    public static readonly IrType Int = new(IrKinds.Int);
    public static readonly IrType Float = new(IrKinds.Float);
    public static readonly IrType Str = new(IrKinds.Str);
    public static readonly IrType Array = new(IrKinds.Array);
    public static readonly IrType Tuple = new(IrKinds.Tuple);
    public static readonly IrType Map = new(IrKinds.Map);
    public static readonly IrType Range = new(IrKinds.Range);
    public static readonly IrType Fn = new(IrKinds.Fn);
    public static readonly IrType Cell = new(IrKinds.Cell);
    public static readonly IrType Internal = new(IrKinds.Internal);
    public static readonly IrType Number = new(IrKinds.Int | IrKinds.Float);

    public static IrType StructOf(RType type) => new(IrKinds.Struct, type);
    public static IrType EnumOf(RType type) => new(IrKinds.Enum, type);

    public bool IsBottom => Kinds == IrKinds.None;
    /// <summary>Only ints and floats (not bottom).</summary>
    public bool IsNumber => Kinds != IrKinds.None && (Kinds & ~(IrKinds.Int | IrKinds.Float)) == 0;
    public bool Is(IrKinds k) => Kinds == k;
    public bool MayBe(IrKinds k) => (Kinds & k) != 0;

    /// <summary>The least upper bound: the union of kinds; a shape survives only when both sides agree on it.</summary>
    public IrType Join(IrType other)
    {
        if (IsBottom) return other;
        if (other.IsBottom) return this;
        var shape = ReferenceEquals(Shape, other.Shape) ? Shape : null;
        return new IrType(Kinds | other.Kinds, shape);
    }

    public static IrType Of(in Value v) => v.Kind switch
    {
        ValueKind.Nil => Nil,
        ValueKind.Bool => Bool,
        ValueKind.Int => Int,
        ValueKind.Float => Float,
        ValueKind.Str => Str,
        ValueKind.Array => Array,
        ValueKind.Tuple => Tuple,
        ValueKind.Map => Map,
        ValueKind.Struct => new IrType(IrKinds.Struct),
        ValueKind.Enum => new IrType(IrKinds.Enum),
        ValueKind.Range => Range,
        ValueKind.Function or ValueKind.Native => Fn,
        ValueKind.Type => new IrType(IrKinds.Type),
        ValueKind.Cell => Cell,
        _ => Internal,
    };

    public override string ToString()
    {
        if (Kinds == IrKinds.Any) return "any";
        if (Kinds == IrKinds.None) return "none";
        var parts = new List<string>();
        foreach (IrKinds k in Enum.GetValues<IrKinds>())
        {
            if (k is IrKinds.None or IrKinds.Any || (Kinds & k) == 0) continue;
            string name = k.ToString().ToLowerInvariant();
            if (k is IrKinds.Struct or IrKinds.Enum && Shape != null) name = Shape.Name;
            parts.Add(name);
        }
        return string.Join("|", parts);
    }
}
