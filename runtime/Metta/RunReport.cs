namespace Ruchy.Metta;

/// <summary>What running a file produced: the queries in order, and the error that stopped it, if any.</summary>
public sealed record RunReport(IReadOnlyList<QueryResult> Queries, string? FatalError, int AssertsInSource)
{
    public int AssertsPassed => Queries.Count(q => q.IsAssert && q.AssertPassed);
    /// <summary>Failed asserts, counting asserts that never ran because the script stopped.</summary>
    public int AssertsFailed => Math.Max(AssertsInSource, Queries.Count(q => q.IsAssert)) - AssertsPassed;
}
