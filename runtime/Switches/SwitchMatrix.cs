using Ruchy.Tiers;

namespace Ruchy.Switches;

/// <summary>
/// The switch combinations the differential test runs on a tier: the cross product of the switches that
/// act on it directly; a switch that acts only under another (<c>opt</c>, <c>pass.*</c> under <c>ir=on</c>)
/// is varied one value at a time with its parent on and everything else at its default.
/// </summary>
internal static class SwitchMatrix
{
    /// <summary>The switches whose values change what <paramref name="tier"/> does (the engine switch aside).</summary>
    public static IReadOnlyList<Switch> SwitchesOf(ITier tier) =>
        SwitchRegistry.In(SwitchDomain.Ruchy).Where(s => s != SwitchRegistry.Engine && s.AppliesToTier(tier.Name)).ToList();

    /// <summary>The combinations for <paramref name="tier"/>, defaults first.</summary>
    public static IEnumerable<RunOptions> For(ITier tier)
    {
        var switches = SwitchesOf(tier);
        IEnumerable<RunOptions> combinations = [RunOptions.Default.WithTier(tier)];
        foreach (var s in switches)
        {
            if (s.Requires != null || s.VariedAlone) continue;
            var current = s;
            combinations = combinations.SelectMany(o => current.Values.Select(v => o.With(current, v)));
        }
        foreach (var o in combinations) yield return o;
        foreach (var s in switches)
        {
            if (s.Requires == null && !s.VariedAlone) continue;
            foreach (var v in s.Values)
            {
                if (v == s.Default) continue;
                var o = RunOptions.Default.WithTier(tier);
                if (s.Requires != null) o = o.With(s.Requires, s.RequiredValue!);
                yield return o.With(s, v);
            }
        }
    }

    /// <summary><see cref="For"/> over every tier but the reference.</summary>
    public static IEnumerable<RunOptions> AllButReference() =>
        TierRegistry.All.Where(t => t != TierRegistry.Reference).SelectMany(For);
}
