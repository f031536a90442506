using System.Reflection;
using Xunit.Sdk;

namespace Ruchy.Tests.TestSupport;

/// <summary>
/// Runs a <c>[Theory]</c> once per tier of <see cref="TierRegistry.All"/>, the tier's name as its only
/// argument (<c>tier: "register"</c> in the test name). A new tier is picked up without changes here.
/// </summary>
/// <summary>
/// The tiers the suites run on: every tier of <see cref="TierRegistry.All"/>, plus the code pipelines a
/// switch selects inside a tier (the register VM on IR-lowered bytecode), written <c>tier+switch=value</c>.
/// </summary>
public static class TestTiers
{
    public static readonly string[] Names = [.. TierRegistry.Names, "register+ir=on"];

    /// <summary>The run options a test-tier name stands for.</summary>
    public static RunOptions Options(string name)
    {
        var parts = name.Split('+');
        var options = RunOptions.Default.WithTier(parts[0]);
        for (int i = 1; i < parts.Length; i++) options = options.With(parts[i], SwitchDomain.Ruchy);
        return options;
    }
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllTiersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        TestTiers.Names.Select(tier => new object[] { tier });
}

/// <summary>
/// <c>[InlineData]</c> on every tier: one case per tier of <see cref="TierRegistry.All"/>, the tier's
/// name first, then <paramref name="data"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class TierDataAttribute(params object?[] data) : DataAttribute
{
    public object?[] Data { get; } = data;

    public override IEnumerable<object?[]> GetData(MethodInfo testMethod) =>
        TestTiers.Names.Select(tier => new object?[] { tier }.Concat(Data).ToArray());
}
