using Ruchy.Bytecode;
using Ruchy.Semantics;

namespace Ruchy.Compiler;

/// <summary>Side-table entries both compilers build the same way from resolved nodes: the bytecode keeps its own data, never a tree node.</summary>
internal static class SiteLowering
{
    /// <summary>An f-string's side-table entry: literal text merged between the values, a spec and a position per value.</summary>
    public static FStringSite FString(BoundFString fs)
    {
        var literals = new List<string>();
        var specs = new List<string?>();
        var positions = new List<int>();
        var text = new System.Text.StringBuilder();
        foreach (var part in fs.Parts)
        {
            if (part.Expr == null)
            {
                text.Append(part.Text);
                continue;
            }
            literals.Add(text.ToString());
            text.Clear();
            specs.Add(part.Spec);
            positions.Add(part.Expr.Pos);
        }
        literals.Add(text.ToString());
        return new FStringSite(literals.ToArray(), specs.ToArray(), positions.ToArray());
    }

    /// <summary>An undefined name's side-table entry.</summary>
    public static UndefinedSite Undefined(BoundUndefined u) => new(u.Name, u.IsCall);
}
