namespace Ruchy.Bytecode;

/// <summary>
/// An f-string (FString X[i]) in the bytecode's own terms: the literal text around the interpolated
/// values, each value's format spec (null: the plain interpolated form) and the source offset of its
/// expression (a formatting error is reported there). The compilers build it from the resolved
/// f-string; the VMs see no tree nodes.
/// </summary>
internal sealed class FStringSite
{
    /// <summary><c>Literals[i]</c> is the text before value <c>i</c>; the last entry the text after the last value (possibly empty).</summary>
    public readonly string[] Literals;
    /// <summary>The format spec of each value (the text after <c>:</c> in <c>{x:&gt;5}</c>), or null.</summary>
    public readonly string?[] Specs;
    /// <summary>Source offset of each value's expression.</summary>
    public readonly int[] ValuePositions;

    public FStringSite(string[] literals, string?[] specs, int[] valuePositions)
    {
        if (literals.Length != specs.Length + 1 || valuePositions.Length != specs.Length)
            throw new ArgumentException($"an f-string of {specs.Length} values needs {specs.Length + 1} literals and {specs.Length} positions, not {literals.Length} and {valuePositions.Length}");
        Literals = literals;
        Specs = specs;
        ValuePositions = valuePositions;
    }

    /// <summary>How many interpolated values the f-string takes.</summary>
    public int ValueCount => Specs.Length;
}
