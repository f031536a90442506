using Ruchy.Switches;

namespace Ruchy.Jit;

/// <summary>The JIT's switches for one run, read once from the options (see <see cref="SwitchRegistry"/>, <c>jit.*</c>).</summary>
internal sealed record JitSettings(int CallThreshold, int LoopThreshold, int OptThreshold, bool Speculate, bool StressDeopt, bool Adaptive,
    bool ReuseProfile = false, bool ProfileOnly = false)
{
    public static JitSettings From(RunOptions options)
    {
        // jit=profile: the interpreter profiles as it would for the JIT, and nothing ever compiles (its overhead alone).
        bool profileOnly = options[SwitchRegistry.JitMode] == "profile";
        return new(
            profileOnly ? int.MaxValue : int.Parse(options[SwitchRegistry.JitCallThreshold]),
            profileOnly ? int.MaxValue : int.Parse(options[SwitchRegistry.JitLoopThreshold]),
            int.Parse(options[SwitchRegistry.JitOptThreshold]),
            options[SwitchRegistry.JitMode] == "full",
            options.IsOn(SwitchRegistry.JitStressDeopt),
            options.IsOn(SwitchRegistry.JitAdaptive) && !profileOnly,
            options.IsOn(SwitchRegistry.JitReuseProfile),
            profileOnly);
    }

    /// <summary>For tests and listings: compile at the first call, no speculation unless asked.</summary>
    public static JitSettings Eager(bool speculate = false) => new(0, 1000, 0, speculate, false, false);
}
