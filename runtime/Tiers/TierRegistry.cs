using Ruchy.Interpreter;
using Ruchy.Vm;

namespace Ruchy.Tiers;

/// <summary>
/// The tiers, by name. A new tier is a folder with its <see cref="ITier"/> and one line here; the
/// <c>engine</c> switch, the CLI, notebook magics and the parity test pick it up from this table.
/// </summary>
public static class TierRegistry
{
    /// <summary>The AST interpreter: the reference semantics every other tier must match exactly.</summary>
    public static readonly ITier Reference = new AstTier();

    public static readonly IReadOnlyList<ITier> All =
    [
        Reference,
        new RegisterTier(),
        new StackTier(),
        new Jit.JitTier(),
    ];

    /// <summary>Tier names in table order (the values of the <c>engine</c> switch).</summary>
    public static readonly string[] Names = All.Select(t => t.Name).ToArray();

    public static bool TryGet(string name, out ITier tier)
    {
        foreach (var t in All)
        {
            if (!string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            tier = t;
            return true;
        }
        tier = null!;
        return false;
    }

    public static ITier Get(string name) =>
        TryGet(name, out var tier) ? tier : throw new ArgumentException($"unknown tier '{name}'; known tiers: {string.Join(", ", Names)}");

    /// <summary>The tiers whose programs have a listing (for <c>disasm</c>).</summary>
    public static IEnumerable<ITier> WithListing() => All.Where(t => t.HasListing);
}
