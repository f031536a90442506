using Ruchy.Tiers;

namespace Ruchy.Switches;

/// <summary>Every combination of the switches that act on a tier: what the differential test runs.</summary>
internal static class SwitchMatrix
{
    /// <summary>The switches whose values change what <paramref name="tier"/> does (the engine switch aside).</summary>
    public static IReadOnlyList<Switch> SwitchesOf(ITier tier) =>
        SwitchRegistry.In(SwitchDomain.Ruchy).Where(s => s != SwitchRegistry.Engine && s.AppliesToTier(tier.Name)).ToList();

    /// <summary>The cross product of <see cref="SwitchesOf"/>' values on <paramref name="tier"/>, defaults first.</summary>
    public static IEnumerable<RunOptions> For(ITier tier)
    {
        var switches = SwitchesOf(tier);
        IEnumerable<RunOptions> combinations = [RunOptions.Default.WithTier(tier)];
        foreach (var s in switches)
        {
            var current = s;
            combinations = combinations.SelectMany(o => current.Values.Select(v => o.With(current, v)));
        }
        return combinations;
    }

    /// <summary><see cref="For"/> over every tier but the reference.</summary>
    public static IEnumerable<RunOptions> AllButReference() =>
        TierRegistry.All.Where(t => t != TierRegistry.Reference).SelectMany(For);
}
