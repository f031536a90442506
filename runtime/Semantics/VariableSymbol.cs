using Ruchy.Values;

namespace Ruchy.Semantics;

/// <summary>A declared variable. <see cref="Captured"/> is set when a closure refers to it, which makes every reference use a cell.</summary>
internal sealed class VariableSymbol(string name, SymbolKind kind, int index, FunctionScope? owner)
{
    public readonly string Name = name;
    public readonly SymbolKind Kind = kind;
    /// <summary>Frame slot (locals) or global index.</summary>
    public readonly int Index = index;
    public readonly FunctionScope? Owner = owner;
    public bool Captured;
    public bool IsConst;
    /// <summary>A <c>&amp;mut T</c> parameter: passing it to another call lends it on (a reborrow), as in Rust.</summary>
    public bool IsMutRef;
    /// <summary>The literal value of a <c>const</c>, usable as a match pattern.</summary>
    public Value? ConstValue;
}
