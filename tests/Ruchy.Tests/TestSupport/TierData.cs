using System.Reflection;
using Xunit.Sdk;

namespace Ruchy.Tests.TestSupport;

/// <summary>
/// Runs a <c>[Theory]</c> once per tier of <see cref="TierRegistry.All"/>, the tier's name as its only
/// argument (<c>tier: "register"</c> in the test name). A new tier is picked up without changes here.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AllTiersAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        TierRegistry.Names.Select(tier => new object[] { tier });
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
        TierRegistry.Names.Select(tier => new object?[] { tier }.Concat(Data).ToArray());
}
