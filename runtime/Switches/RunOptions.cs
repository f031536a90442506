using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Ruchy.Tiers;

namespace Ruchy.Switches;

/// <summary>
/// The value of every switch in <see cref="SwitchRegistry"/> for one run: an immutable map from switch to
/// value (Ruchy, MeTTa and host switches alike). Changing a value makes a new map. Values are kept in
/// their canonical spelling, so two maps with the same settings are equal.
/// </summary>
public sealed class RunOptions : IReadOnlyDictionary<string, string>, IEquatable<RunOptions>
{
    private readonly string[] _values;

    private RunOptions(string[] values) => _values = values;

    /// <summary>Every switch at its default: the AST tier with all optimizations on.</summary>
    public static RunOptions Default { get; } = CreateDefault();

    private static RunOptions CreateDefault()
    {
        var all = SwitchRegistry.All;
        var values = new string[all.Count];
        for (int i = 0; i < values.Length; i++) values[i] = all[i].Default;
        return new RunOptions(values);
    }

    public string this[Switch s] => _values[s.Id];

    /// <summary>For on/off switches: whether it is on.</summary>
    public bool IsOn(Switch s) => _values[s.Id] == Switch.On;

    /// <summary>The tier the <c>engine</c> switch selects.</summary>
    public ITier Tier => TierRegistry.Get(_values[SwitchRegistry.Engine.Id]);

    /// <summary>The same map with <paramref name="s"/> set; an unknown value is an <see cref="ArgumentException"/>.</summary>
    public RunOptions With(Switch s, string value)
    {
        if (!s.TryNormalize(value, out var canonical)) throw new ArgumentException($"switch '{s.Name}' takes {s.ValuesText}, not '{value}'");
        if (_values[s.Id] == canonical) return this;
        var values = (string[])_values.Clone();
        values[s.Id] = canonical;
        return new RunOptions(values);
    }

    public RunOptions With(Switch s, bool on) => With(s, on ? Switch.On : Switch.Off);

    public RunOptions WithTier(ITier tier) => With(SwitchRegistry.Engine, tier.Name);

    public RunOptions WithTier(string tier) => With(SwitchRegistry.Engine, tier);

    /// <summary>
    /// Applies <c>name=value</c> (see <see cref="SwitchRegistry.Parse"/> for the errors) from the switches of
    /// <paramref name="domains"/> (all when empty). <c>all=on|off</c> sets every on/off switch of those domains
    /// except the host's.
    /// </summary>
    public RunOptions With(string assignment, params SwitchDomain[] domains)
    {
        int eq = assignment.IndexOf('=');
        if (eq > 0 && assignment[..eq].Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            string value = assignment[(eq + 1)..].Trim();
            if (!Switch.TryParseOnOff(value, out bool on)) throw new ArgumentException($"switch 'all' takes on|off, not '{value}'");
            var result = this;
            foreach (var s in SwitchRegistry.All)
                if (s.IsOnOff && s.Domain != SwitchDomain.Host && (domains.Length == 0 || Array.IndexOf(domains, s.Domain) >= 0))
                    result = result.With(s, on);
            return result;
        }
        var (sw, canonical) = SwitchRegistry.Parse(assignment, domains);
        return With(sw, canonical);
    }

    /// <summary>Applies several assignments in order (a later one wins).</summary>
    public RunOptions WithAll(IEnumerable<string> assignments, params SwitchDomain[] domains)
    {
        var result = this;
        foreach (var a in assignments) result = result.With(a, domains);
        return result;
    }

    /// <summary>The switches of <paramref name="domain"/> as <c>name=value</c>, space-separated (what a run used).</summary>
    public string Describe(SwitchDomain domain = SwitchDomain.Ruchy)
    {
        var parts = new List<string>();
        foreach (var s in SwitchRegistry.In(domain)) parts.Add($"{s.Name}={_values[s.Id]}");
        return string.Join(" ", parts);
    }

    /// <summary>Assignments for the switches that differ from their default, in declaration order.</summary>
    public IEnumerable<string> Changed()
    {
        foreach (var s in SwitchRegistry.All)
            if (_values[s.Id] != s.Default) yield return $"{s.Name}={_values[s.Id]}";
    }

    public override string ToString() => Describe();

    public bool Equals(RunOptions? other)
    {
        if (other is null) return false;
        for (int i = 0; i < _values.Length; i++)
            if (_values[i] != other._values[i]) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is RunOptions o && Equals(o);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }

    public static bool operator ==(RunOptions? a, RunOptions? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(RunOptions? a, RunOptions? b) => !(a == b);

    // The map view, by switch name.
    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"unknown switch '{key}'");
    public IEnumerable<string> Keys => SwitchRegistry.All.Select(s => s.Name);
    IEnumerable<string> IReadOnlyDictionary<string, string>.Values => _values;
    public int Count => _values.Length;
    public bool ContainsKey(string key) => SwitchRegistry.TryFind(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = SwitchRegistry.TryFind(key, out var s) ? _values[s.Id] : null;
        return value != null;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var s in SwitchRegistry.All) yield return new(s.Name, _values[s.Id]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
