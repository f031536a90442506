using Ruchy.Core;

namespace Ruchy.Values;

/// <summary>
/// A user struct or enum type (and the built-in Option/Result). The layout (fields, variants) is
/// fixed by the resolver; <see cref="Methods"/> is filled by the executing tier at start-up.
/// </summary>
public sealed class RType
{
    public readonly string Name;
    public readonly TypeShape Shape;
    public readonly string[] FieldNames;
    public readonly Dictionary<string, int> FieldIndex;
    public readonly VariantInfo[] Variants;
    public readonly Dictionary<string, int> VariantIndex;
    /// <summary>
    /// The methods by name. Replaced as a whole (<see cref="ResetMethods"/>), never changed in place: bytecode
    /// call sites cache the table they found a method in, so a redefinition in a later notebook cell
    /// invalidates every such cache, including those of closures compiled by earlier cells.
    /// </summary>
    public Dictionary<string, Value> Methods { get; private set; } = new();

    /// <summary>Starts a new, empty method table (a tier loading a program's methods).</summary>
    public Dictionary<string, Value> ResetMethods() => Methods = new();

    public RType(string name, TypeShape shape, string[] fieldNames, VariantInfo[]? variants = null)
    {
        Name = name;
        Shape = shape;
        FieldNames = fieldNames;
        FieldIndex = new Dictionary<string, int>(fieldNames.Length);
        for (int i = 0; i < fieldNames.Length; i++) FieldIndex[fieldNames[i]] = i;
        Variants = variants ?? Array.Empty<VariantInfo>();
        VariantIndex = new Dictionary<string, int>(Variants.Length);
        foreach (var v in Variants)
        {
            VariantIndex[v.Name] = v.Index;
            if (v.Shape == StructShape.Unit) v.UnitValue = new REnum(this, v.Index, Array.Empty<Value>());
        }
    }

    public static readonly RType Option = new("Option", TypeShape.Enum, Array.Empty<string>(),
    [
        new VariantInfo("None", 0, StructShape.Unit, Array.Empty<string>(), 0),
        new VariantInfo("Some", 1, StructShape.Tuple, ["0"], 1),
    ]);

    public static readonly RType Result = new("Result", TypeShape.Enum, Array.Empty<string>(),
    [
        new VariantInfo("Ok", 0, StructShape.Tuple, ["0"], 0),
        new VariantInfo("Err", 1, StructShape.Tuple, ["0"], 1),
    ]);

    public const int NoneVariant = 0, SomeVariant = 1, OkVariant = 0, ErrVariant = 1;

    public static Value None => Value.FromEnum(Option.Variants[NoneVariant].UnitValue!);
    public static Value Some(Value v) => Value.FromEnum(new REnum(Option, SomeVariant, [v]));
    public static Value Ok(Value v) => Value.FromEnum(new REnum(Result, OkVariant, [v]));
    public static Value Err(Value v) => Value.FromEnum(new REnum(Result, ErrVariant, [v]));

    public override string ToString() => Name;
}
