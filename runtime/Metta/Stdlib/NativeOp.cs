using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Syntax;

namespace Ruchy.Metta.Stdlib;

/// <summary>
/// An operation implemented in C#. Its type drives argument evaluation exactly as a declared type
/// does for user functions (arguments typed <c>Atom</c> or <c>Expression</c> arrive unevaluated).
/// <see cref="Pure"/> is false for operations with side effects (they disable memo and parallel).
/// </summary>
internal sealed class NativeOp
{
    public required string Name { get; init; }
    public Atom? Type { get; init; }
    public bool Pure { get; init; } = true;
    public Action<NativeCall>? Impl { get; init; }
}

/// <summary>The registry: attaches each operation to its symbol once per process.</summary>
internal static partial class Natives
{
    private static readonly object s_lock = new();
    private static bool s_done;

    public static void EnsureRegistered()
    {
        lock (s_lock)
        {
            if (s_done) return;
            RegisterCore();
            RegisterArithmetic();
            RegisterSpaces();
            RegisterAsserts();
            RegisterLists();
            s_done = true;
        }
    }

    private static void Def(string name, string? type, Action<NativeCall> impl, bool pure = true)
    {
        var sym = SymbolTable.Intern(name);
        sym.Op = new NativeOp { Name = name, Type = type == null ? null : MettaParser.ParseOne(type), Pure = pure, Impl = impl };
    }

    internal static Expr Tuple(IEnumerable<Atom> items) => new(items.ToArray());

    internal static Expr? AsExpr(Atom a) => a as Expr;
}
