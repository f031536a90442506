using Ruchy.Metta.Atoms;
using Ruchy.Metta.Stdlib;

namespace Ruchy.Metta;

/// <summary>The outcome of one <c>!</c> query.</summary>
public sealed record QueryResult(Atom Query, IReadOnlyList<Atom> Results, string File, int Line, int Column)
{
    public bool IsAssert => Query is Expr { Items.Length: > 0 } e && e.Items[0] is Sym s && Natives.IsAssert(s.Name);
    /// <summary>An assert passed when every result is <c>()</c> (and there is at least one).</summary>
    public bool AssertPassed => Results.Count > 0 && Results.All(r => r is Expr { Items.Length: 0 });
    public string Formatted => AtomPrinter.FormatResults(Results);
}
