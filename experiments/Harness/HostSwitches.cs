namespace Ruchy.Experiments.Harness;

/// <summary>
/// Switches of the .NET host rather than of Ruchy: an interpreter written in C# is itself compiled by
/// the host's tiered JIT, so how that JIT runs is a factor worth varying. Each is set per measured
/// process through its <c>DOTNET_*</c> environment variable (they cannot change inside a process),
/// and the process reports the values it ran with.
/// </summary>
public static class HostSwitches
{
    public const string Prefix = "host.";

    /// <summary>Name (after <c>host.</c>), environment variable, what it does.</summary>
    public static IReadOnlyList<(string Name, string Variable, string Description)> All { get; } =
    [
        ("tiered_compilation", "DOTNET_TieredCompilation", "tiered JIT (off: every method compiled once, fully optimized, no PGO)"),
        ("tiered_pgo", "DOTNET_TieredPGO", "profile-guided optimization of hot methods at tier 1"),
        ("quick_jit_for_loops", "DOTNET_TC_QuickJitForLoops", "methods with loops start at tier 0 (off: optimized at once)"),
        ("osr", "DOTNET_TC_OnStackReplacement", "on-stack replacement of long-running tier-0 loops"),
        ("ready_to_run", "DOTNET_ReadyToRun", "use precompiled (ReadyToRun) framework code"),
        ("server_gc", "DOTNET_gcServer", "server garbage collector"),
    ];

    public static bool IsHostSwitch(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The environment variable and value for <c>host.name=on|off</c>; an <see cref="ArgumentException"/> names what is accepted.</summary>
    public static (string Variable, string Value) Resolve(string assignment)
    {
        int eq = assignment.IndexOf('=');
        string name = (eq < 0 ? assignment : assignment[..eq]).Trim().ToLowerInvariant();
        string level = eq < 0 ? "" : assignment[(eq + 1)..].Trim().ToLowerInvariant();
        string bare = name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
        foreach (var (switchName, variable, _) in All)
        {
            if (switchName != bare) continue;
            return level switch
            {
                "on" or "true" => (variable, "1"),
                "off" or "false" => (variable, "0"),
                _ => throw new ArgumentException($"switch '{name}' takes on|off, not '{level}'"),
            };
        }
        throw new ArgumentException($"unknown host switch '{name}'; known: {string.Join(", ", All.Select(s => Prefix + s.Name))}");
    }
}
