using Ruchy.Metta.Atoms;
using Ruchy.Metta.Matching;
using Ruchy.Metta.Stdlib;

namespace Ruchy.Metta.Evaluation;

/// <summary>
/// One call of a native operation: the call with its arguments already evaluated as the operation's
/// type asks, and the ways to answer (Hyperon's grounded-call protocol: results are evaluated further
/// at the return type, <c>NotReducible</c> returns the call unchanged, <c>Empty</c> vanishes).
/// </summary>
internal sealed class NativeCall
{
    internal readonly Machine M;
    public readonly Expr Call;
    public readonly Atom RetType;
    internal readonly Cont? K;
    public readonly Bindings? B;
    public readonly NativeOp Op;

    internal NativeCall(Machine m, Expr call, Atom retType, Cont? k, Bindings? b, NativeOp op)
    {
        M = m; Call = call; RetType = retType; K = k; B = b; Op = op;
    }

    public int ArgCount => Call.Items.Length - 1;
    public Atom Arg(int i) => Call.Items[i + 1];
    public MettaRuntime Runtime => M.Runtime;
    public Machine Machine => M;

    /// <summary>A result to be evaluated further at the return type (with extra bindings, if any).</summary>
    public void Return(Atom r, Bindings? b)
    {
        if (ReferenceEquals(r, Known.NotReducible)) { M.EmitRet(Call, K, b); return; }
        if (Known.IsEmpty(r)) return;
        if (Known.IsError(r) || ReferenceEquals(RetType, Known.AtomType)) { M.EmitRet(r, K, b); return; }
        M.EmitEval(r, RetType, K, b);
    }

    public void Return(Atom r) => Return(r, B);

    /// <summary>A final result, not evaluated further.</summary>
    public void ReturnRaw(Atom r, Bindings? b) { if (!Known.IsEmpty(r)) M.EmitRet(r, K, b); }
    public void ReturnRaw(Atom r) => ReturnRaw(r, B);

    public void Unit() => M.EmitRet(Expr.Unit, K, B);
    public void NoReduce() => M.EmitRet(Call, K, B);
    public void Error(Atom message) => M.EmitRet(Known.MakeError(Call, message), K, B);
    public void Error(string message) => Error(new Str(message));

    /// <summary>Evaluates an atom at a type, then calls back with all results at once.</summary>
    public void EvalAll(Atom a, Atom type, Bindings? b, Action<List<Result>> done) =>
        M.EvalAll(a, type, b, (_, results) => done(results));

    /// <summary>Evaluates an atom; each result is handed to the callback as it arrives.</summary>
    public void EvalEach(Atom a, Atom type, Bindings? b, Action<Result> each) =>
        M.EvalEach(a, type, b, null, (_, r, _) => each(r));
}
