using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Matching;
using Ruchy.Metta.Spaces;
using Ruchy.Switches;

namespace Ruchy.Metta.Stdlib;

internal static partial class Natives
{
    internal static Bindings? Join(Bindings? b, Bindings? extra)
    {
        for (var n = extra; n != null; n = n.Next) b = new Bindings(n.Variable, n.Value, b);
        return b;
    }

    /// <summary>Unifies two live atoms with the machine's unifier; null when they do not unify.</summary>
    internal static bool TryUnify(NativeCall c, Atom a, Atom pattern, Atom template, out Atom result, out Bindings? b)
    {
        var u = c.M.Unifier;
        u.Reset(0);
        if (!u.Unify(a, pattern)) { result = template; b = c.B; return false; }
        result = u.Instantiate(template);
        b = u.Bound.Count == 0 ? c.B : Bindings.Extend(c.B, u.ResolvedBindings());
        return true;
    }

    private static void RegisterCore()
    {
        Def("if", "(-> Bool Atom Atom $t)", c =>
        {
            if (c.Arg(0) is BoolAtom cond) c.Return(cond.Value ? c.Arg(1) : c.Arg(2));
            else c.NoReduce();
        });
        Def("let", "(-> Atom %Undefined% Atom %Undefined%)", c =>
        {
            if (TryUnify(c, c.Arg(1), c.Arg(0), c.Arg(2), out var r, out var b)) c.Return(r, b);
        });
        Def("let*", "(-> Expression Atom %Undefined%)", c =>
        {
            var pairs = (Expr)c.Arg(0);
            if (pairs.Items.Length == 0) { c.Return(c.Arg(1)); return; }
            if (pairs.Items[0] is not Expr { Items.Length: 2 } first)
            {
                c.ReturnRaw(Known.MakeError(c.Call, new Str("List of (<pattern> <atom>) pairs is expected as a second argument")));
                return;
            }
            var rest = new Expr(pairs.Items[1..]);
            c.Return(new Expr([SymbolTable.Intern("let"), first.Items[0], first.Items[1], new Expr([SymbolTable.Intern("let*"), rest, c.Arg(1)])]));
        });
        Def("unify", "(-> Atom Atom Atom Atom %Undefined%)", c =>
        {
            if (TryUnify(c, c.Arg(0), c.Arg(1), c.Arg(2), out var r, out var b)) c.Return(r, b);
            else c.Return(c.Arg(3));
        });
        Def("case", "(-> Atom Expression %Undefined%)", c =>
        {
            var cases = (Expr)c.Arg(1);
            c.EvalAll(c.Arg(0), Known.Undefined, c.B, results =>
            {
                if (results.Count == 0) Switch(c, Known.Empty, cases, c.B, evaluate: true);
                else foreach (var r in results) Switch(c, r.Resolved, cases, r.Bindings, evaluate: true);
            });
        });
        Def("switch", "(-> %Undefined% Expression %Undefined%)", c => Switch(c, c.Arg(0), (Expr)c.Arg(1), c.B, evaluate: true));
        Def("switch-minimal", "(-> Atom Expression Atom)", c => Switch(c, c.Arg(0), (Expr)c.Arg(1), c.B, evaluate: false));
        Def("superpose", "(-> Expression %Undefined%)", Superpose);
        Def("collapse", "(-> Atom Atom)", c =>
            c.EvalAll(c.Arg(0), Known.Undefined, c.B, results =>
            {
                var items = new Atom[results.Count];
                for (int i = 0; i < items.Length; i++) items[i] = results[i].Resolved;
                c.ReturnRaw(items.Length == 0 ? Expr.Unit : new Expr(items));
            }));
        Def("quote", "(-> Atom Atom)", c => c.NoReduce());
        Def("unquote", "(-> %Undefined% %Undefined%)", c =>
        {
            if (c.Arg(0) is Expr { Items.Length: 2 } q && ReferenceEquals(q.Items[0], Known.Quote)) c.Return(q.Items[1]);
            else c.NoReduce();
        });
        Def("noeval", "(-> Atom Atom)", c => c.ReturnRaw(c.Arg(0)));
        Def("id", "(-> $t $t)", c => c.Return(c.Arg(0)));
        Def("nop", null, c => c.Unit());
        Def("empty", null, _ => { });
        Def("pragma!", null, c => c.Unit(), pure: false);
        Def("get-type", "(-> Atom %Undefined%)", c =>
        {
            var types = c.M.Types.GetAtomTypes(c.Arg(0));
            foreach (var t in types) if (!t.IsError) c.Return(t.Type);
        });
        Def("get-metatype", "(-> Atom Atom)", c => c.ReturnRaw(Known.MetaType(c.Arg(0))));
        Def("println!", "(-> %Undefined% (->))", c =>
        {
            var a = c.Arg(0);
            c.Runtime.Out.WriteLine(a is Str s ? s.Value : a.ToString());
            c.Unit();
        }, pure: false);
        Def("trace!", "(-> %Undefined% $a $a)", c =>
        {
            var a = c.Arg(0);
            c.Runtime.Err.WriteLine(a is Str s ? s.Value : a.ToString());
            c.Return(c.Arg(1));
        }, pure: false);
        Def("repr", "(-> Atom String)", c => c.ReturnRaw(new Str(c.Arg(0).ToString())));
        Def("format-args", "(-> String Expression String)", c =>
        {
            if (c.Arg(0) is not Str fmt || c.Arg(1) is not Expr args) { c.NoReduce(); return; }
            var sb = new System.Text.StringBuilder();
            int k = 0;
            for (int i = 0; i < fmt.Value.Length; i++)
            {
                if (fmt.Value[i] == '{' && i + 1 < fmt.Value.Length && fmt.Value[i + 1] == '}')
                {
                    if (k < args.Items.Length) { var a = args.Items[k++]; sb.Append(a is Str s ? s.Value : a.ToString()); }
                    i++;
                }
                else sb.Append(fmt.Value[i]);
            }
            c.ReturnRaw(new Str(sb.ToString()));
        });
        Def("if-decons-expr", "(-> Expression Variable Variable Atom Atom %Undefined%)", c =>
        {
            if (c.Arg(0) is Expr { Items.Length: > 0 } e)
            {
                var pair = new Expr([e.Items[0], new Expr(e.Items[1..])]);
                if (TryUnify(c, pair, new Expr([c.Arg(1), c.Arg(2)]), c.Arg(3), out var r, out var b)) { c.Return(r, b); return; }
            }
            c.Return(c.Arg(4));
        });
        Def("if-error", "(-> Atom Atom Atom %Undefined%)", c => c.Return(Known.IsError(c.Arg(0)) ? c.Arg(1) : c.Arg(2)));
        Def("return-on-error", "(-> Atom Atom %Undefined%)", c =>
        {
            var a = c.Arg(0);
            if (Known.IsEmpty(a)) return;
            if (Known.IsError(a)) c.ReturnRaw(a); else c.Return(c.Arg(1));
        });
        Def("sealed", "(-> Expression Atom Atom)", c =>
        {
            var keep = new HashSet<Var>();
            Renaming.CollectVars(c.Arg(0), keep);
            c.ReturnRaw(Renaming.Fresh(c.Arg(1), v => keep.Contains(v)));
        });
        Def("=alpha", "(-> Atom Atom Bool)", c => c.ReturnRaw(BoolAtom.Of(Renaming.AlphaEqual(c.Arg(0), c.Arg(1)))));
        Def("new-state", "(-> $t (StateMonad $t))", c =>
        {
            var types = c.M.Types.GetAtomTypes(c.Arg(0));
            Atom type = Known.Undefined;
            foreach (var t in types) if (!t.IsError) { type = t.Type; break; }
            c.ReturnRaw(new StateAtom(c.Arg(0), type));
        }, pure: false);
        Def("get-state", "(-> (StateMonad $t) $t)", c =>
        {
            if (c.Arg(0) is StateAtom s) c.ReturnRaw(s.Value); else c.NoReduce();
        }, pure: false);
        Def("change-state!", "(-> (StateMonad $t) $t (StateMonad $t))", c =>
        {
            if (c.Arg(0) is StateAtom s) { s.Value = c.Arg(1); c.ReturnRaw(s); } else c.NoReduce();
        }, pure: false);
    }

    private static void Switch(NativeCall c, Atom value, Expr cases, Bindings? b, bool evaluate)
    {
        var u = c.M.Unifier;
        foreach (var cs in cases.Items)
        {
            if (cs is not Expr { Items.Length: 2 } pair) continue;
            u.Reset(0);
            if (!u.Unify(value, pair.Items[0])) continue;
            var template = u.Instantiate(pair.Items[1]);
            var nb = u.Bound.Count == 0 ? b : Bindings.Extend(b, u.ResolvedBindings());
            if (evaluate) c.Return(template, nb); else c.ReturnRaw(template, nb);
            return;
        }
    }

    private static void Superpose(NativeCall c)
    {
        var items = ((Expr)c.Arg(0)).Items;
        var m = c.M;
        if (m.Options.IsOn(SwitchRegistry.MettaParallel) && !m.IsWorker && items.Length >= 2 && ParallelWorthIt(m, items))
        {
            var results = new List<Atom>[items.Length];
            var rt = c.Runtime;
            var retType = c.RetType;
            System.Threading.Tasks.Parallel.For(0, items.Length, i =>
            {
                var worker = new Machine(rt, worker: true);
                results[i] = worker.Evaluate(items[i], retType);
            });
            foreach (var list in results) foreach (var r in list) c.ReturnRaw(r);
            return;
        }
        foreach (var item in items) c.Return(item);
    }

    /// <summary>Parallel branches must be ground, pure, and big enough to pay for a thread-pool hop.</summary>
    private static bool ParallelWorthIt(Machine m, Atom[] items)
    {
        foreach (var item in items)
        {
            if (!item.IsGround || item is not Expr e || e.Items.Length == 0 || e.Items[0] is not Sym s || s.Op != null) return false;
            if (!m.IsPureAtom(item)) return false;
        }
        return true;
    }
}
