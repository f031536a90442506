namespace Ruchy.Switches;

/// <summary>
/// One run-time switch: its name, accepted values, default and meaning, and where it acts. Switches are
/// declared once, in <see cref="SwitchRegistry"/>; everything that lists or parses switches (the CLI,
/// notebook magics, completions, experiment files, the parity matrix) enumerates the registry.
/// </summary>
public sealed class Switch
{
    public const string On = "on";
    public const string Off = "off";

    internal Switch(int id, string name, SwitchDomain domain, string[] values, string defaultValue, string description,
        string[] tiers, string? environmentVariable, Switch? requires = null, string? requiredValue = null, bool variedAlone = false)
    {
        if (Array.IndexOf(values, defaultValue) < 0) throw new ArgumentException($"switch '{name}': default '{defaultValue}' is not one of its values");
        Id = id;
        Name = name;
        Domain = domain;
        Values = values;
        Default = defaultValue;
        Description = description;
        Tiers = tiers;
        EnvironmentVariable = environmentVariable;
        Requires = requires;
        RequiredValue = requiredValue;
        VariedAlone = variedAlone;
    }

    /// <summary>The differential test varies it one value at a time (others at their defaults) instead of crossing it with the rest.</summary>
    public bool VariedAlone { get; }

    /// <summary>The switch this one acts under (<c>opt</c> and the <c>pass.*</c> switches act only with <c>ir=on</c>), or null.</summary>
    public Switch? Requires { get; }

    public string? RequiredValue { get; }

    /// <summary>Position in <see cref="SwitchRegistry.All"/>: a <see cref="RunOptions"/> keeps values in an array by it.</summary>
    internal int Id { get; }

    /// <summary>Lower-case name as written in <c>name=value</c>; host switches start with <c>host.</c>.</summary>
    public string Name { get; }

    public SwitchDomain Domain { get; }

    /// <summary>Accepted values, canonical spelling; on/off switches list exactly <c>on</c> and <c>off</c>.</summary>
    public IReadOnlyList<string> Values { get; }

    public string Default { get; }

    public string Description { get; }

    /// <summary>The Ruchy tiers whose behaviour the switch changes (empty: every tier, or not a Ruchy switch).</summary>
    public IReadOnlyList<string> Tiers { get; }

    /// <summary>Host switches: the <c>DOTNET_*</c> variable that sets it in a new process (1 or 0).</summary>
    public string? EnvironmentVariable { get; }

    public bool IsOnOff => Values.Count == 2 && Values[0] == On && Values[1] == Off;

    /// <summary><c>on|off</c>, <c>ast|register|stack</c>: how help texts and errors show the values.</summary>
    public string ValuesText => string.Join("|", Values);

    /// <summary>True when the switch changes what <paramref name="tier"/> does.</summary>
    public bool AppliesToTier(string tier) => Domain == SwitchDomain.Ruchy && (Tiers.Count == 0 || Tiers.Contains(tier));

    /// <summary>The canonical spelling of <paramref name="value"/> (case-insensitive; on/off also accept true/false/1/0), or false.</summary>
    public bool TryNormalize(string value, out string canonical)
    {
        value = value.Trim();
        foreach (var v in Values)
        {
            if (!string.Equals(v, value, StringComparison.OrdinalIgnoreCase)) continue;
            canonical = v;
            return true;
        }
        if (IsOnOff && TryParseOnOff(value, out bool on))
        {
            canonical = on ? On : Off;
            return true;
        }
        canonical = "";
        return false;
    }

    /// <summary>on/off, true/false or 1/0 (case-insensitive): how every on/off value is read, <c>all=</c> included.</summary>
    public static bool TryParseOnOff(string value, out bool on)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case On or "true" or "1":
                on = true;
                return true;
            case Off or "false" or "0":
                on = false;
                return true;
            default:
                on = false;
                return false;
        }
    }

    public override string ToString() => $"{Name}={ValuesText}";
}
