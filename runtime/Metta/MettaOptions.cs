namespace Ruchy.Metta;

/// <summary>
/// The optimization switches of the MeTTa runtime. Each is on by default and can be turned off at run
/// time for experiments; turning any of them off must never change a result, only the speed.
/// </summary>
public sealed record MettaOptions
{
    /// <summary>Symbols compare by interned id (off: by name).</summary>
    public bool Interning { get; init; } = true;
    /// <summary>Functor / arity / first-argument index over each space (off: linear scan).</summary>
    public bool Index { get; init; } = true;
    /// <summary>Counting Bloom filter that answers "no atom with this key" without a scan.</summary>
    public bool Bloom { get; init; } = true;
    /// <summary>Cache of results of pure calls on ground arguments, invalidated by any space change.</summary>
    public bool Memo { get; init; } = true;
    /// <summary>Flat pre-order encoding of stored atoms used to reject candidates before unification.</summary>
    public bool Flat { get; init; } = true;
    /// <summary>Branches of <c>superpose</c> over pure ground elements run on the thread pool.</summary>
    public bool Parallel { get; init; } = true;

    public static MettaOptions Default { get; } = new();

    public static readonly string[] Names = ["interning", "index", "bloom", "memo", "flat", "parallel"];

    /// <summary>The same options with one switch set, by its lower-case name.</summary>
    public MettaOptions With(string name, bool on) => name.ToLowerInvariant() switch
    {
        "interning" => this with { Interning = on },
        "index" => this with { Index = on },
        "bloom" => this with { Bloom = on },
        "memo" => this with { Memo = on },
        "flat" => this with { Flat = on },
        "parallel" => this with { Parallel = on },
        _ => throw new ArgumentException($"unknown switch '{name}' (known: {string.Join(", ", Names)})"),
    };

    /// <summary>Applies switch strings such as <c>index=off</c>, <c>memo=on</c> or <c>all=off</c>.</summary>
    public static MettaOptions Parse(IEnumerable<string> switches, MettaOptions? start = null)
    {
        var o = start ?? Default;
        foreach (var s in switches)
        {
            var eq = s.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"switch '{s}' must look like name=on or name=off");
            var name = s[..eq].Trim();
            var value = s[(eq + 1)..].Trim().ToLowerInvariant();
            bool on = value switch
            {
                "on" or "true" or "1" => true,
                "off" or "false" or "0" => false,
                _ => throw new ArgumentException($"switch '{s}': value must be on or off"),
            };
            if (name == "all") { foreach (var n in Names) o = o.With(n, on); }
            else o = o.With(name, on);
        }
        return o;
    }

    public override string ToString() =>
        string.Join(" ", Names.Select(n => $"{n}={(Get(n) ? "on" : "off")}"));

    public bool Get(string name) => name switch
    {
        "interning" => Interning, "index" => Index, "bloom" => Bloom,
        "memo" => Memo, "flat" => Flat, "parallel" => Parallel,
        _ => throw new ArgumentException(name),
    };
}
