namespace Ruchy.Semantics;

/// <summary>Resolver state of one function being resolved: its slots, block scopes and captures.</summary>
internal sealed class FunctionScope(BoundFunction function, FunctionScope? parent)
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
