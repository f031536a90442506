using Ruchy.Metta.Atoms;
using Ruchy.Metta.Matching;
using Ruchy.Metta.Spaces;
using Ruchy.Metta.Stdlib;
using Ruchy.Metta.Types;
using Ruchy.Switches;

namespace Ruchy.Metta.Evaluation;

/// <summary>
/// The evaluator: Hyperon's <c>metta</c> algorithm (type-directed argument evaluation, all matching
/// equations fire, unreducible calls return themselves, Empty vanishes, Error atoms) run as a loop
/// over an explicit work stack. Nothing recurses on the host stack per reduction, so 10^6 nested
/// reductions only cost heap. Branches are depth-first; results come out in a fixed order.
/// </summary>
public sealed class Machine
{
    private enum TaskKind : byte { Eval, Ret, Fire }

    private struct Task
    {
        public TaskKind Kind;
        public Atom A;
        public Atom? T;
        public Cont? K;
        public Bindings? B;
        public Barrier? Fire;
    }

    private readonly MettaRuntime _rt;
    private readonly Unifier _u = new();
    private readonly List<Task> _stack = new(256);
    private readonly List<Task> _pending = new();
    private List<Atom>? _top;
    internal readonly TypeInference Types;
    internal readonly bool IsWorker;
    private readonly Dictionary<Sym, bool> _pure = new();
    private long _pureVersion = -1;

    public Machine(MettaRuntime rt, bool worker = false)
    {
        _rt = rt;
        Types = new TypeInference(this);
        IsWorker = worker;
    }

    public MettaRuntime Runtime => _rt;
    internal RunOptions Options => _rt.Options;
    internal Unifier Unifier => _u;

    /// <summary>Evaluates an atom to all its results (Hyperon's <c>(metta atom %Undefined% &amp;self)</c>).</summary>
    public List<Atom> Evaluate(Atom atom, Atom? type = null)
    {
        SymbolTable.CompareByName = !_rt.Options.IsOn(SwitchRegistry.MettaInterning);
        var saved = _top;
        int baseDepth = _stack.Count;
        var top = new List<Atom>();
        _top = top;
        try
        {
            PushEval(atom, type ?? Known.Undefined, null, null);
            Run(baseDepth);
        }
        finally
        {
            _top = saved;
            if (_stack.Count > baseDepth) _stack.RemoveRange(baseDepth, _stack.Count - baseDepth);
        }
        return top;
    }

    private void Run(int baseDepth)
    {
        var interrupt = _rt.Interrupt;
        while (_stack.Count > baseDepth)
        {
            if (interrupt.Raised) Execution.ExecutionInterrupted.Throw();
            var t = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            switch (t.Kind)
            {
                case TaskKind.Eval: Metta(t.A, t.T!, t.K, t.B); break;
                case TaskKind.Ret: Deliver(t.A, t.K, t.B); break;
                default: FireBarrier(t.Fire!); break;
            }
            if (_pending.Count > 0) Flush();
        }
    }

    // ---- task plumbing -------------------------------------------------------------------------

    internal void PushEval(Atom a, Atom t, Cont? k, Bindings? b) =>
        _stack.Add(new Task { Kind = TaskKind.Eval, A = a, T = t, K = k, B = b });

    internal void PushRet(Atom a, Cont? k, Bindings? b) =>
        _stack.Add(new Task { Kind = TaskKind.Ret, A = a, K = k, B = b });

    private void PushFire(Barrier bar) => _stack.Add(new Task { Kind = TaskKind.Fire, Fire = bar, A = Known.Empty });

    /// <summary>Queued results of one step; pushed in reverse so they are processed in order.</summary>
    internal void EmitEval(Atom a, Atom t, Cont? k, Bindings? b) =>
        _pending.Add(new Task { Kind = TaskKind.Eval, A = a, T = t, K = k, B = b });

    internal void EmitRet(Atom a, Cont? k, Bindings? b) =>
        _pending.Add(new Task { Kind = TaskKind.Ret, A = a, K = k, B = b });

    private void Flush()
    {
        for (int i = _pending.Count - 1; i >= 0; i--) _stack.Add(_pending[i]);
        _pending.Clear();
    }

    /// <summary>Evaluates an atom and hands all its results to <paramref name="done"/> at once.</summary>
    internal void EvalAll(Atom a, Atom type, Bindings? b, Action<Machine, List<Result>> done)
    {
        Flush();
        var bar = new Barrier(null, filter: false, done);
        PushFire(bar);
        PushEval(a, type, bar, b);
    }

    /// <summary>Evaluates an atom and calls <paramref name="each"/> per result, as results arrive.</summary>
    internal void EvalEach(Atom a, Atom type, Bindings? b, Cont? next, Action<Machine, Result, Cont?> each) =>
        EmitEval(a, type, new CallbackCont(next, each), b);

    // ---- metta ---------------------------------------------------------------------------------

    private void Metta(Atom a, Atom t, Cont? k, Bindings? b)
    {
        if (ReferenceEquals(t, Known.AtomType)) { Deliver(a, k, b); return; }
        switch (a.Kind)
        {
            case AtomKind.Variable:
                Deliver(a, k, b);
                return;
            case AtomKind.Symbol:
                if (ReferenceEquals(t, Known.SymbolType)) Deliver(a, k, b); else TypeCast(a, t, k, b);
                return;
            case AtomKind.Grounded:
                if (ReferenceEquals(t, Known.GroundedType)) Deliver(a, k, b); else TypeCast(a, t, k, b);
                return;
            case AtomKind.Expression:
                var e = (Expr)a;
                if (ReferenceEquals(t, Known.ExpressionType)) { Deliver(a, k, b); return; }
                if (e.Items.Length == 0) { TypeCast(a, t, k, b); return; }
                if (Known.IsError(e)) { Deliver(a, k, b); return; }
                InterpretExpression(e, t, k, b);
                return;
            default:
                Deliver(a, k, b);
                return;
        }
    }

    private void TypeCast(Atom a, Atom t, Cont? k, Bindings? b)
    {
        if (ReferenceEquals(t, Known.Undefined)) { Deliver(a, k, b); return; }
        List<Atom> types;
        if (a is Gnd g)
        {
            var gt = g.Type;
            if (gt.Equals(t) || ReferenceEquals(gt, Known.Undefined)) { Deliver(a, k, b); return; }
            types = new List<Atom> { gt };
        }
        else if (a is Expr { Items.Length: 0 }) { Deliver(a, k, b); return; }
        else types = Types.DeclaredTypes(a);
        if (types.Count == 0) { Deliver(a, k, b); return; }
        var none = new List<(Var, Atom)>();
        foreach (var ty in types)
            if (TypeInference.MatchTypesTop(t, ty, none) != null) { Deliver(a, k, b); return; }
        foreach (var ty in types)
            EmitRet(Known.MakeError(a, new Expr([Known.BadType, t, ty])), k, b);
    }

    private void InterpretExpression(Expr e, Atom t, Cont? k, Bindings? b)
    {
        if (b != null) e = (Expr)Bindings.Apply(b, e);
        Cont kk;
        var head = e.Items[0];
        if (_rt.Options.IsOn(SwitchRegistry.MettaMemo) && e.IsGround && head is Sym hs && hs.Op == null && IsPure(hs))
        {
            var key = new MemoKey(e, t, MettaSpace.GlobalVersion);
            if (_rt.MemoTryGet(key, out var cached))
            {
                foreach (var r in cached) EmitRet(r, k, b);
                return;
            }
            var bar = new Barrier(k, filter: true, null) { Memo = key };
            PushFire(bar);
            kk = bar;
        }
        else if (k is Barrier kb && kb.Filter)
        {
            // Tail position: the enclosing filter barrier gives the same results, so reuse it and
            // forget the bindings of variables this evaluation no longer refers to.
            if (b != null) b = Bindings.RetainOlderThan(b, kb.Mark);
            kk = k;
        }
        else
        {
            var bar = new Barrier(k, filter: true, null);
            PushFire(bar);
            kk = bar;
        }

        // Untyped symbol head: evaluate as a tuple, the common fast path.
        List<TypeRes> opTypes;
        if (head is Sym s)
        {
            var declared = Types.DeclaredTypes(s);
            if (declared.Count == 0) { StartArgs(e, null, t, true, kk, b, 0, null); return; }
            opTypes = new List<TypeRes>(declared.Count);
            foreach (var d in declared) opTypes.Add(new TypeRes(d, false, null));
        }
        else if (head is Var) opTypes = new List<TypeRes>();
        else opTypes = Types.GetAtomTypes(head);

        bool onlyErrors = opTypes.Count > 0, hasTuple = opTypes.Count == 0;
        foreach (var ty in opTypes)
        {
            if (!ty.IsError) onlyErrors = false;
            if (!ty.IsError && (!ty.IsFunction || ReferenceEquals(ty.Type, Known.Undefined))) hasTuple = true;
        }
        if (onlyErrors)
        {
            foreach (var ty in opTypes) EmitRet(ty.Error!, kk, b);
            return;
        }
        List<Atom>? errors = null;
        foreach (var ty in opTypes)
        {
            if (ty.IsError || !ty.IsFunction) continue;
            var fn = (Expr)ty.Type;
            errors ??= new List<Atom>();
            var subst = CheckFunction(e, fn, t, errors);
            if (subst != null) { FunctionPath(e, fn, subst, kk, b); return; }
        }
        if (hasTuple) StartArgs(e, null, t, true, kk, b, 0, null);
        if (errors != null) foreach (var err in errors) EmitRet(err, kk, b);
    }

    /// <summary>Hyperon's <c>check_if_function_type_is_applicable</c>: arity, argument types (of the
    /// unevaluated arguments), and the return type against the expected one.</summary>
    private List<(Var, Atom)>? CheckFunction(Expr e, Expr fn, Atom expected, List<Atom> errors)
    {
        if (fn.Items.Length - 2 != e.Items.Length - 1)
        {
            errors.Add(Known.MakeError(e, Known.IncorrectNumberOfArguments));
            return null;
        }
        return CheckArg(e, fn, expected, 1, new List<(Var, Atom)>(), errors);
    }

    private List<(Var, Atom)>? CheckArg(Expr e, Expr fn, Atom expected, int i, List<(Var, Atom)> bindings, List<Atom> errors)
    {
        if (i == e.Items.Length)
        {
            var ret = fn.Items[^1];
            var nb = TypeInference.MatchTypesTop(ret, expected, bindings);
            if (nb != null) return nb;
            errors.Add(Known.MakeError(e, new Expr([Known.BadType, expected, ret])));
            return null;
        }
        var formal = fn.Items[i];
        var arg = e.Items[i];
        if (IsMetaType(formal) && (ReferenceEquals(formal, Known.AtomType) || formal.Equals(Known.MetaType(arg))))
            return CheckArg(e, fn, expected, i + 1, bindings, errors);
        if (arg is Num && ReferenceEquals(formal, Known.NumberType))
            return CheckArg(e, fn, expected, i + 1, bindings, errors);
        foreach (var at in Types.GetAtomTypes(arg))
        {
            if (at.IsError) { errors.Add(at.Error!); continue; }
            var nb = TypeInference.MatchTypesTop(formal, at.Type, bindings);
            if (nb != null)
            {
                var r = CheckArg(e, fn, expected, i + 1, nb, errors);
                if (r != null) return r;
            }
            else errors.Add(Known.MakeError(e, new Expr([Known.BadArgType, Num.Of(i), TypeInference.Subst(formal, bindings), at.Type])));
        }
        return null;
    }

    private static bool IsMetaType(Atom t) =>
        ReferenceEquals(t, Known.AtomType) || ReferenceEquals(t, Known.SymbolType) || ReferenceEquals(t, Known.VariableType)
        || ReferenceEquals(t, Known.ExpressionType) || ReferenceEquals(t, Known.GroundedType);

    private void FunctionPath(Expr e, Expr fn, List<(Var, Atom)> subst, Cont k, Bindings? b)
    {
        int n = e.Items.Length;
        var formal = new Atom?[n];
        if (e.Items[0] is Expr) formal[0] = TypeInference.Subst(fn, subst);
        for (int i = 1; i < n; i++) formal[i] = TypeInference.Subst(fn.Items[i], subst);
        var ret = TypeInference.Subst(fn.Items[^1], subst);
        if (ReferenceEquals(ret, Known.ExpressionType)) ret = Known.Undefined;
        StartArgs(e, formal, ret, false, k, b, 0, null);
    }

    /// <summary>Evaluates positions from <paramref name="index"/> on; each result continues the rest.</summary>
    private void StartArgs(Expr e, Atom?[]? formal, Atom callType, bool tuple, Cont k, Bindings? b, int index, Atom[]? done)
    {
        var items = e.Items;
        for (int i = index; i < items.Length; i++)
        {
            var a = items[i];
            var ft = formal?[i] ?? (tuple || i > 0 ? Known.Undefined : null);
            if (ft == null || !NeedsEval(a, ft)) { if (done != null) done[i] = a; continue; }
            if (done == null)
            {
                done = new Atom[items.Length];
                Array.Copy(items, done, i);
            }
            PushEval(a, ft, new ArgsCont(k, e, done, i, formal, callType, tuple), b);
            return;
        }
        MettaCall(done == null ? e : new Expr(done), callType, k, b);
    }

    private static bool NeedsEval(Atom a, Atom ft)
    {
        if (ReferenceEquals(ft, Known.AtomType)) return false;
        switch (a.Kind)
        {
            case AtomKind.Variable: return false;
            case AtomKind.Expression:
                var e = (Expr)a;
                if (ReferenceEquals(ft, Known.ExpressionType)) return false;
                return e.Items.Length > 0 || !ReferenceEquals(ft, Known.Undefined);
            case AtomKind.Grounded:
                return !ReferenceEquals(ft, Known.Undefined) && !ReferenceEquals(ft, Known.GroundedType) && !((Gnd)a).Type.Equals(ft);
            default:
                return !ReferenceEquals(ft, Known.Undefined) && !ReferenceEquals(ft, Known.SymbolType);
        }
    }

    private void ArgsResume(ArgsCont c, Atom a, Bindings? b)
    {
        var orig = c.Original.Items[c.Index];
        if (c.Tuple || !ReferenceEquals(a, orig) && !a.Equals(orig))
        {
            if (Known.IsEmpty(a)) return;
            if (Known.IsError(a)) { Deliver(a, c.Next, b); return; }
        }
        var done = (Atom[])c.Done.Clone(); // other results of the same position share c.Done
        done[c.Index] = a;
        StartArgs(c.Original, c.Formal, c.CallType, c.Tuple, c.Next!, b, c.Index + 1, done);
    }

    // ---- calls ---------------------------------------------------------------------------------

    private void MettaCall(Expr a, Atom t, Cont k, Bindings? b)
    {
        if (b != null) a = (Expr)Bindings.Apply(b, a);
        if (Known.IsError(a)) { Deliver(a, k, b); return; }
        var head = a.Items[0];
        if (head is Sym s && s.Op is { Impl: { } impl } op)
        {
            var call = new NativeCall(this, a, t, k, b, op);
            try { impl(call); }
            catch (MettaRuntimeError ex) { _pending.Clear(); EmitRet(Known.MakeError(a, ex.Payload), k, b); }
            return;
        }
        if (IsVariableOp(a)) { Deliver(a, k, b); return; }
        bool any = false;
        foreach (var sp in _rt.Self.WithDeps())
            any |= QueryEquations(sp, a, t, k, b);
        if (!any) Deliver(a, k, b);
    }

    private static bool IsVariableOp(Expr e)
    {
        while (true)
        {
            var h = e.Items[0];
            if (h is Var) return true;
            if (h is Expr he && he.Items.Length > 0) { e = he; continue; }
            return false;
        }
    }

    /// <summary>Stands for the right-hand side in equation queries (a variable, so the flat filter skips it).</summary>
    private static readonly Var s_anyRhs = Var.Named("%rhs");

    private bool QueryEquations(MettaSpace sp, Expr call, Atom t, Cont k, Bindings? b)
    {
        var pattern = new Expr([Known.Eq, call, s_anyRhs]);
        var cands = sp.Candidates(pattern, _rt.Options.IsOn(SwitchRegistry.MettaIndex), _rt.Options.IsOn(SwitchRegistry.MettaBloom));
        if (cands.Count == 0) return false;
        int[]? flat = _rt.Options.IsOn(SwitchRegistry.MettaFlat) ? FlatTerm.Encode(pattern) : null;
        bool any = false;
        foreach (var s in cands)
        {
            if (s.Compiled is not Expr ce || ce.Items.Length != 3 || !ReferenceEquals(ce.Items[0], Known.Eq)) continue;
            if (flat != null && !FlatTerm.MayUnify(flat, s.Flat)) continue;
            _u.Reset(s.SlotCount);
            if (!_u.Unify(call, ce.Items[1])) continue;
            var rhs = _u.Instantiate(ce.Items[2]);
            var nb = _u.Bound.Count == 0 ? b : Bindings.Extend(b, _u.ResolvedBindings());
            any = true;
            if (ReferenceEquals(rhs, Known.NotReducible)) EmitRet(call, k, nb);
            else if (Known.IsError(rhs)) EmitRet(rhs, k, nb);
            else EmitEval(rhs, t, k, nb);
        }
        return any;
    }

    /// <summary>All binding sets under which the pattern matches atoms of the space (and its imports).
    /// A pattern <c>(, p1 p2 …)</c> is a conjunction.</summary>
    internal List<Bindings?> Query(MettaSpace space, Atom pattern)
    {
        var results = new List<Bindings?>();
        if (pattern is Expr pe && pe.Items.Length > 0 && ReferenceEquals(pe.Items[0], Known.Comma))
        {
            results.Add(null);
            for (int i = 1; i < pe.Items.Length; i++)
            {
                var next = new List<Bindings?>();
                foreach (var b in results)
                    foreach (var nb in QuerySingle(space, Bindings.Apply(b, pe.Items[i])))
                        next.Add(Concat(b, nb));
                results = next;
                if (results.Count == 0) break;
            }
            return results;
        }
        return QuerySingle(space, pattern);
    }

    private static Bindings? Concat(Bindings? a, Bindings? b)
    {
        if (a == null) return b;
        if (b == null) return a;
        Bindings? r = b;
        for (var n = a; n != null; n = n.Next) r = new Bindings(n.Variable, Bindings.Apply(b, n.Value), r);
        return r;
    }

    private List<Bindings?> QuerySingle(MettaSpace space, Atom pattern)
    {
        var results = new List<Bindings?>();
        int[]? flat = _rt.Options.IsOn(SwitchRegistry.MettaFlat) ? FlatTerm.Encode(pattern) : null;
        foreach (var sp in space.WithDeps())
        {
            foreach (var s in sp.Candidates(pattern, _rt.Options.IsOn(SwitchRegistry.MettaIndex), _rt.Options.IsOn(SwitchRegistry.MettaBloom)))
            {
                if (flat != null && !FlatTerm.MayUnify(flat, s.Flat)) continue;
                _u.Reset(s.SlotCount);
                if (!_u.Unify(pattern, s.Compiled)) continue;
                results.Add(_u.Bound.Count == 0 ? null : Bindings.Extend(null, _u.ResolvedBindings()));
            }
        }
        return results;
    }

    // ---- results -------------------------------------------------------------------------------

    private void Deliver(Atom a, Cont? k, Bindings? b)
    {
        switch (k)
        {
            case null:
                if (!Known.IsEmpty(a)) _top!.Add(Bindings.Apply(b, a));
                return;
            case Barrier bar:
                if (!Known.IsEmpty(a)) bar.Items.Add(new Result(a, b));
                return;
            case ArgsCont c:
                ArgsResume(c, a, b);
                return;
            case CallbackCont cb:
                cb.OnResult(this, new Result(a, b), cb.Next);
                return;
        }
    }

    private void FireBarrier(Barrier bar)
    {
        var items = bar.Items;
        if (bar.Done != null)
        {
            bar.Done(this, items);
            return;
        }
        bool anyOk = false;
        foreach (var r in items) if (!Known.IsError(r.Atom)) { anyOk = true; break; }
        List<Atom>? memo = bar.Memo != null ? new List<Atom>(items.Count) : null;
        for (int i = 0; i < items.Count; i++)
        {
            var r = items[i];
            if (anyOk && Known.IsError(r.Atom)) continue;
            var atom = r.Atom;
            var b = r.Bindings;
            if (b != null)
            {
                atom = Bindings.Apply(b, atom);
                b = Bindings.RetainOlderThan(b, bar.Mark);
            }
            if (memo != null)
            {
                if (atom.IsGround) memo.Add(atom); else memo = null;
            }
            EmitRet(atom, bar.Next, b);
        }
        if (memo != null) _rt.MemoPut(bar.Memo!.Value, memo.ToArray());
    }

    // ---- purity (for memo and parallel) --------------------------------------------------------

    /// <summary>
    /// A function is pure when no equation reachable from it mentions a side-effecting operation or
    /// calls through a variable. Computed per space version (adding an equation can change it).
    /// </summary>
    internal bool IsPure(Sym s)
    {
        var version = MettaSpace.GlobalVersion;
        if (version != _pureVersion) { _pure.Clear(); _pureVersion = version; }
        if (_pure.TryGetValue(s, out var p)) return p;
        _pure[s] = true; // recursion assumes purity (coinductive)
        bool pure = true;
        foreach (var body in EquationBodies(s))
            if (!IsPureAtom(body)) { pure = false; break; }
        _pure[s] = pure;
        return pure;
    }

    internal bool IsPureAtom(Atom a)
    {
        switch (a)
        {
            case Sym s:
                if (s.Op != null) return s.Op.Pure;
                return IsPure(s);
            case Expr e:
                if (e.Items.Length > 0 && e.Items[0] is Var) return false;
                foreach (var x in e.Items) if (!IsPureAtom(x)) return false;
                return true;
            case StateAtom:
                return false;
            default:
                return true;
        }
    }

    private IEnumerable<Atom> EquationBodies(Sym s)
    {
        var x = Var.Fresh("x");
        foreach (var sp in _rt.Self.WithDeps())
            foreach (var st in sp.Candidates(new Expr([Known.Eq, new Expr([s, x]), x]), _rt.Options.IsOn(SwitchRegistry.MettaIndex), false))
                if (st.Original is Expr { Items.Length: 3 } eq && ReferenceEquals(eq.Items[0], Known.Eq)
                    && (eq.Items[1] is Expr l && l.Items.Length > 0 && l.Items[0].Equals(s) || eq.Items[1] is Var))
                {
                    yield return eq.Items[1];
                    yield return eq.Items[2];
                }
    }
}
