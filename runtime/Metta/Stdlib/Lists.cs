using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Matching;

namespace Ruchy.Metta.Stdlib;

internal static partial class Natives
{
    private static void RegisterLists()
    {
        Def("car-atom", "(-> Expression %Undefined%)", c =>
        {
            if (c.Arg(0) is Expr { Items.Length: > 0 } e) c.Return(e.Items[0]);
            else c.ReturnRaw(Known.MakeError(c.Call, new Str("car-atom expects a non-empty expression as an argument")));
        });
        Def("cdr-atom", "(-> Expression Expression)", c =>
        {
            if (c.Arg(0) is Expr { Items.Length: > 0 } e) c.Return(new Expr(e.Items[1..]));
            else c.ReturnRaw(Known.MakeError(c.Call, new Str("cdr-atom expects a non-empty expression as an argument")));
        });
        Def("cons-atom", "(-> Atom Expression Atom)", c =>
        {
            if (c.Arg(1) is not Expr tail) { c.NoReduce(); return; }
            var items = new Atom[tail.Items.Length + 1];
            items[0] = c.Arg(0);
            Array.Copy(tail.Items, 0, items, 1, tail.Items.Length);
            c.ReturnRaw(new Expr(items));
        });
        Def("decons-atom", "(-> Expression Atom)", c =>
        {
            if (c.Arg(0) is Expr { Items.Length: > 0 } e) c.ReturnRaw(new Expr([e.Items[0], new Expr(e.Items[1..])]));
            else c.Error("decons-atom expects a non-empty expression");
        });
        Def("size-atom", "(-> Expression Number)", c => c.ReturnRaw(Num.Of(((Expr)c.Arg(0)).Items.Length)));
        Def("index-atom", "(-> Expression Number Atom)", c =>
        {
            var e = (Expr)c.Arg(0);
            if (c.Arg(1) is Num { IsInt: true } n && n.I >= 0 && n.I < e.Items.Length) c.ReturnRaw(e.Items[n.I]);
            else c.Error("Index is out of bounds");
        });
        Def("min-atom", "(-> Expression Number)", c => MinMax(c, min: true));
        Def("max-atom", "(-> Expression Number)", c => MinMax(c, min: false));
        Def("unique-atom", "(-> Expression Expression)", c =>
        {
            var seen = new List<Atom>();
            foreach (var x in ((Expr)c.Arg(0)).Items) if (!seen.Contains(x)) seen.Add(x);
            c.ReturnRaw(Tuple(seen));
        });
        Def("union-atom", "(-> Expression Expression Expression)", c =>
            c.ReturnRaw(Tuple(((Expr)c.Arg(0)).Items.Concat(((Expr)c.Arg(1)).Items))));
        Def("subtraction-atom", "(-> Expression Expression Expression)", c =>
            c.ReturnRaw(Tuple(Subtract(((Expr)c.Arg(0)).Items, ((Expr)c.Arg(1)).Items))));
        Def("intersection-atom", "(-> Expression Expression Expression)", c =>
        {
            var rest = new List<Atom>(((Expr)c.Arg(1)).Items);
            var result = new List<Atom>();
            foreach (var x in ((Expr)c.Arg(0)).Items)
            {
                int i = rest.FindIndex(y => y.Equals(x));
                if (i >= 0) { rest.RemoveAt(i); result.Add(x); }
            }
            c.ReturnRaw(Tuple(result));
        });
        foreach (var (name, op) in new[] { ("unique", "unique-atom"), ("union", "union-atom"), ("intersection", "intersection-atom"), ("subtraction", "subtraction-atom") })
        {
            var opSym = SymbolTable.Intern(op);
            bool binary = name != "unique";
            Def(name, binary ? "(-> Atom Atom %Undefined%)" : "(-> Atom %Undefined%)", c =>
                c.EvalAll(c.Arg(0), Known.Undefined, c.B, r1 =>
                {
                    if (!binary) { Spread(c, new Expr([opSym, Tuple(Resolved(r1))])); return; }
                    c.EvalAll(c.Arg(1), Known.Undefined, c.B, r2 => Spread(c, new Expr([opSym, Tuple(Resolved(r1)), Tuple(Resolved(r2))])));
                }));
        }
        Def("sort-strings", "(-> Expression Atom)", c =>
        {
            var items = ((Expr)c.Arg(0)).Items;
            var strs = new List<Str>();
            foreach (var x in items) if (x is Str s) strs.Add(s); else { c.Error("sort-strings expects strings"); return; }
            strs.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
            c.ReturnRaw(Tuple(strs));
        });
        Def("map-atom", "(-> Expression Variable Atom Expression)", c => Fold(c, FoldKind.Map));
        Def("filter-atom", "(-> Expression Variable Atom Expression)", c => Fold(c, FoldKind.Filter));
        Def("foldl-atom", "(-> Expression Atom Variable Variable Atom %Undefined%)", c => Fold(c, FoldKind.Foldl));
    }

    /// <summary>Evaluates a <c>*-atom</c> call on collapsed results and superposes its result.</summary>
    private static void Spread(NativeCall c, Expr call) =>
        c.EvalAll(call, Known.Undefined, c.B, rs =>
        {
            foreach (var r in rs)
                if (r.Resolved is Expr e) foreach (var x in e.Items) c.Return(x);
        });

    private static void MinMax(NativeCall c, bool min)
    {
        var e = (Expr)c.Arg(0);
        if (e.Items.Length == 0) { c.Error("Empty expression"); return; }
        Num? best = null;
        foreach (var x in e.Items)
        {
            if (x is not Num n) { c.Error("Only numbers are allowed in expression"); return; }
            if (best == null || (min ? n.AsDouble < best.AsDouble : n.AsDouble > best.AsDouble)) best = n;
        }
        c.ReturnRaw(best!);
    }

    private enum FoldKind { Map, Filter, Foldl }

    /// <summary>
    /// map-atom / filter-atom / foldl-atom: each step evaluates the template with the element bound,
    /// the template's other variables renamed apart per step (they must not leak between elements).
    /// Nondeterministic steps multiply the results, as chained evaluation does in Hyperon.
    /// </summary>
    private static void Fold(NativeCall c, FoldKind kind)
    {
        var list = ((Expr)c.Arg(0)).Items;
        if (kind == FoldKind.Foldl)
        {
            if (c.Arg(2) is not Var va || c.Arg(3) is not Var vb) { c.NoReduce(); return; }
            FoldStep(c, list, 0, c.Arg(1), c.B, va, vb, c.Arg(4));
            return;
        }
        if (c.Arg(1) is not Var v) { c.NoReduce(); return; }
        MapStep(c, kind, list, 0, new List<Atom>(), c.B, v, c.Arg(2));
    }

    private static Atom StepTemplate(Atom template, params (Var V, Atom Value)[] subst)
    {
        var t = Renaming.Fresh(template, v => Array.Exists(subst, s => ReferenceEquals(s.V, v)));
        foreach (var (v, x) in subst) t = Renaming.Substitute(t, v, x);
        return t;
    }

    private static void MapStep(NativeCall c, FoldKind kind, Atom[] list, int i, List<Atom> acc, Bindings? b, Var v, Atom template)
    {
        if (i == list.Length) { c.Return(Tuple(acc), b); return; }
        var step = StepTemplate(template, (v, list[i]));
        c.M.EvalEach(step, Known.Undefined, b, null, (m, r, _) =>
        {
            var value = r.Resolved;
            var next = new List<Atom>(acc);
            if (kind == FoldKind.Map) next.Add(value);
            else if (value is BoolAtom { Value: true }) next.Add(list[i]);
            else if (value is not BoolAtom) return;
            MapStep(c, kind, list, i + 1, next, r.Bindings, v, template);
        });
    }

    private static void FoldStep(NativeCall c, Atom[] list, int i, Atom acc, Bindings? b, Var va, Var vb, Atom template)
    {
        if (i == list.Length) { c.Return(acc, b); return; }
        var step = StepTemplate(template, (va, acc), (vb, list[i]));
        c.M.EvalEach(step, Known.Undefined, b, null, (m, r, _) => FoldStep(c, list, i + 1, r.Resolved, r.Bindings, va, vb, template));
    }
}
