using System.Text;
using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Matching;

namespace Ruchy.Metta.Stdlib;

internal static partial class Natives
{
    private static readonly Sym s_not = SymbolTable.Intern("not");

    /// <summary>Names of the operations counted as asserts by <c>metta test</c>.</summary>
    public static bool IsAssert(string name) => name.StartsWith("assert", StringComparison.Ordinal);

    private static void RegisterAsserts()
    {
        foreach (var alpha in new[] { false, true })
        {
            var stem = alpha ? "assertAlphaEqual" : "assertEqual";
            // assertEqual / assertAlphaEqual: both sides evaluated.
            Def(stem, "(-> Atom Atom (->))", c => AssertBoth(c, alpha, null));
            Def(stem + "Msg", "(-> Atom Atom Atom (->))", c => AssertBoth(c, alpha, c.Arg(2)));
            // ...ToResult: the second argument is the literal tuple of expected results.
            Def(stem + "ToResult", "(-> Atom Atom (->))", c => AssertToResult(c, alpha, null));
            Def(stem + "ToResultMsg", "(-> Atom Atom Atom (->))", c => AssertToResult(c, alpha, c.Arg(2)));
        }
        Def("assertIncludes", "(-> Atom Expression (->))", c =>
            c.EvalAll(c.Arg(0), Known.Undefined, c.B, results =>
            {
                var actual = Resolved(results);
                var missing = Subtract(((Expr)c.Arg(1)).Items, actual);
                if (missing.Count == 0) c.Unit();
                else c.ReturnRaw(Known.MakeError(c.Call, new Expr([SymbolTable.Intern("assertIncludes"), SymbolTable.Intern("error:"),
                    Tuple(missing), SymbolTable.Intern("not"), SymbolTable.Intern("included"), SymbolTable.Intern("in"),
                    SymbolTable.Intern("result:"), Tuple(actual)])));
            }));
        Def("assert", "(-> Atom (->))", c =>
            c.EvalAll(c.Arg(0), Known.Undefined, c.B, results =>
            {
                foreach (var r in results)
                {
                    if (r.Resolved is BoolAtom { Value: true }) c.Unit();
                    else c.ReturnRaw(Known.MakeError(c.Call, new Expr([c.Arg(0), s_not, BoolAtom.True])));
                }
            }));
    }

    private static List<Atom> Resolved(List<Result> results)
    {
        var list = new List<Atom>(results.Count);
        foreach (var r in results) list.Add(r.Resolved);
        return list;
    }

    private static void AssertBoth(NativeCall c, bool alpha, Atom? msg) =>
        c.EvalAll(c.Arg(0), Known.Undefined, c.B, actual =>
            c.EvalAll(c.Arg(1), Known.Undefined, c.B, expected =>
                Report(c, Resolved(actual), Resolved(expected), alpha, msg)));

    private static void AssertToResult(NativeCall c, bool alpha, Atom? msg) =>
        c.EvalAll(c.Arg(0), Known.Undefined, c.B, actual =>
        {
            if (c.Arg(1) is not Expr expected) { c.Error("expected results must be an expression"); return; }
            Report(c, Resolved(actual), new List<Atom>(expected.Items), alpha, msg);
        });

    /// <summary>Multiset comparison; on a difference, Hyperon's message (or the custom one).</summary>
    private static void Report(NativeCall c, List<Atom> actual, List<Atom> expected, bool alpha, Atom? msg)
    {
        var diff = Diff(actual, expected, alpha);
        if (diff == null) { c.Unit(); return; }
        // The error names the assert call without its message argument.
        var call = msg == null ? c.Call : new Expr(c.Call.Items[..3]);
        var text = msg ?? new Str($"\nExpected: {AtomPrinter.FormatResults(expected)}\nGot: {AtomPrinter.FormatResults(actual)}\n{diff}");
        c.ReturnRaw(Known.MakeError(call, text));
    }

    /// <summary>Null when the multisets are equal, else "Missed results: …\nExcessive results: …".</summary>
    public static string? Diff(List<Atom> actual, List<Atom> expected, bool alpha)
    {
        var keys = new List<Atom>();
        var counts = new List<(int Actual, int Expected)>();
        int Find(Atom a)
        {
            for (int i = 0; i < keys.Count; i++)
                if (alpha ? Renaming.AlphaEqual(keys[i], a) : keys[i].Equals(a)) return i;
            keys.Add(a); counts.Add((0, 0));
            return keys.Count - 1;
        }
        foreach (var a in actual) { int i = Find(a); counts[i] = (counts[i].Actual + 1, counts[i].Expected); }
        foreach (var e in expected) { int i = Find(e); counts[i] = (counts[i].Actual, counts[i].Expected + 1); }
        var missed = new List<string>();
        var excess = new List<string>();
        for (int i = 0; i < keys.Count; i++)
        {
            var (a, e) = counts[i];
            for (int k = a; k < e; k++) missed.Add(keys[i].ToString());
            for (int k = e; k < a; k++) excess.Add(keys[i].ToString());
        }
        if (missed.Count == 0 && excess.Count == 0) return null;
        var sb = new StringBuilder();
        if (missed.Count > 0) sb.Append("Missed results: ").Append(string.Join(", ", missed));
        if (excess.Count > 0)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append("Excessive results: ").Append(string.Join(", ", excess));
        }
        return sb.ToString();
    }

    /// <summary>Multiset difference a − b by atom equality.</summary>
    internal static List<Atom> Subtract(IEnumerable<Atom> a, IEnumerable<Atom> b)
    {
        var rest = new List<Atom>(b);
        var result = new List<Atom>();
        foreach (var x in a)
        {
            int i = rest.FindIndex(y => y.Equals(x));
            if (i >= 0) rest.RemoveAt(i); else result.Add(x);
        }
        return result;
    }
}
