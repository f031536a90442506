using Ruchy.Values;

namespace Ruchy.Semantics;

public enum SymbolKind { Local, Global }

/// <summary>A declared variable. <see cref="Captured"/> is set when a closure refers to it, which makes every reference use a cell.</summary>
public sealed class VariableSymbol(string name, SymbolKind kind, int index, FunctionScope? owner)
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

/// <summary>Resolver state of one function being resolved: its slots, block scopes and captures.</summary>
public sealed class FunctionScope(BoundFunction function, FunctionScope? parent)
{
    public readonly BoundFunction Function = function;
    public readonly FunctionScope? Parent = parent;
    public readonly List<Dictionary<string, VariableSymbol>> Blocks = new() { new Dictionary<string, VariableSymbol>() };
    public int NextSlot;
    public int MaxSlots;
    public readonly List<CaptureSource> Captures = new();
    /// <summary>Outer symbol → index in <see cref="Captures"/>.</summary>
    public readonly Dictionary<VariableSymbol, int> CaptureIndex = new();
    public readonly List<BoundVariable> LocalReferences = new();
    /// <summary>Loop stack: (label, id).</summary>
    public readonly List<(string? Label, int Id)> Loops = new();
}
