using Ruchy.Syntax.Ast;
using Ruchy.Values;

namespace Ruchy.Semantics;

/// <summary>
/// The top-level declarations the resolver builds: global slots, types, traits, hoisted functions
/// and methods. A program gets a fresh one; an interactive session keeps one across cells, so a
/// cell sees (and may redefine) what earlier cells declared, and global slots keep their indices.
/// </summary>
public sealed class GlobalEnvironment
{
    public GlobalEnvironment(bool interactive = true)
    {
        Interactive = interactive;
        Types["Option"] = RType.Option;
        Types["Result"] = RType.Result;
    }

    /// <summary>True for a session: redefinitions replace, and <c>main</c> is not run by itself.</summary>
    public bool Interactive { get; }

    internal Dictionary<string, VariableSymbol> Globals { get; } = new();
    internal List<string> GlobalNames { get; } = new();
    internal Dictionary<string, RType> Types { get; } = new();
    internal Dictionary<string, TraitDecl> Traits { get; } = new();
    internal List<(int, BoundFunction)> Functions { get; } = new();
    internal Dictionary<RType, List<BoundFunction>> Methods { get; } = new();
    internal List<RType> TypeOrder { get; } = new();
    internal Dictionary<string, (RType Type, int Variant)> BareVariants { get; } = new();
    internal Dictionary<RType, StructDecl> StructDecls { get; } = new();

    /// <summary>Number of global slots declared so far.</summary>
    public int GlobalCount => GlobalNames.Count;

    public string GlobalName(int index) => GlobalNames[index];

    public bool TryGetGlobal(string name, out int index)
    {
        index = Globals.TryGetValue(name, out var symbol) ? symbol.Index : -1;
        return index >= 0;
    }

    /// <summary>The function a global slot holds by declaration (<c>fn name</c> or <c>Type::method</c>), or null for variables.</summary>
    public BoundFunction? FunctionAt(int global)
    {
        for (int i = Functions.Count - 1; i >= 0; i--)
            if (Functions[i].Item1 == global) return Functions[i].Item2;
        return null;
    }

    /// <summary>User types by name (structs and enums, not Option/Result).</summary>
    public IEnumerable<RType> UserTypes => TypeOrder;

    public IEnumerable<string> TraitNames => Traits.Keys;

    internal sealed record State(
        Dictionary<string, VariableSymbol> Globals, List<string> GlobalNames, Dictionary<string, RType> Types,
        Dictionary<string, TraitDecl> Traits, List<(int, BoundFunction)> Functions, Dictionary<RType, List<BoundFunction>> Methods,
        List<RType> TypeOrder, Dictionary<string, (RType, int)> BareVariants, Dictionary<RType, StructDecl> StructDecls);

    internal State Snapshot() => new(
        new(Globals), new(GlobalNames), new(Types), new(Traits), new(Functions),
        Methods.ToDictionary(kv => kv.Key, kv => new List<BoundFunction>(kv.Value)),
        new(TypeOrder), new(BareVariants), new(StructDecls));

    /// <summary>Puts back a snapshot in place (the resolver holds references to these collections, so they are refilled, not replaced).</summary>
    internal void Restore(State s)
    {
        Refill(Globals, s.Globals);
        Refill(GlobalNames, s.GlobalNames);
        Refill(Types, s.Types);
        Refill(Traits, s.Traits);
        Refill(Functions, s.Functions);
        Refill(Methods, s.Methods);
        Refill(TypeOrder, s.TypeOrder);
        Refill(BareVariants, s.BareVariants);
        Refill(StructDecls, s.StructDecls);
    }

    private static void Refill<TKey, TValue>(Dictionary<TKey, TValue> target, Dictionary<TKey, TValue> from) where TKey : notnull
    {
        target.Clear();
        foreach (var kv in from) target[kv.Key] = kv.Value;
    }

    private static void Refill<T>(List<T> target, List<T> from)
    {
        target.Clear();
        target.AddRange(from);
    }
}
