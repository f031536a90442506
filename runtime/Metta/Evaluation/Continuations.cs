using Ruchy.Metta.Atoms;
using Ruchy.Metta.Matching;

namespace Ruchy.Metta.Evaluation;

/// <summary>One result of an evaluation branch: an atom and the branch's bindings.</summary>
internal readonly record struct Result(Atom Atom, Bindings? Bindings)
{
    public Atom Resolved => Bindings.Apply(Bindings, Atom);
}

/// <summary>
/// What to do with a result: the defunctionalized continuation of the evaluator. Continuations are
/// heap objects linked through <see cref="Next"/>, so nesting depth costs heap, never host stack, and
/// branches share their common tail.
/// </summary>
internal abstract class Cont
{
    public readonly Cont? Next;
    protected Cont(Cont? next) { Next = next; }
}

/// <summary>
/// Collects every result of a sub-evaluation. A marker task below the sub-evaluation's tasks fires
/// when all its branches are done (the work stack is LIFO). A filter barrier implements Hyperon's
/// per-expression rule "errors are dropped when some alternative succeeds"; a collect barrier hands
/// all results to a callback (collapse, case, asserts...).
/// </summary>
internal sealed class Barrier : Cont
{
    public readonly bool Filter;
    /// <summary>Variables with ids from here on were created inside; they are invisible after return.</summary>
    public readonly long Mark;
    public readonly List<Result> Items = new(2);
    public readonly Action<Machine, List<Result>>? Done;
    public MemoKey? Memo;

    public Barrier(Cont? next, bool filter, Action<Machine, List<Result>>? done) : base(next)
    {
        Filter = filter;
        Done = done;
        Mark = Var.Mark;
    }
}

/// <summary>Evaluating the elements (tuple) or arguments (typed call) of an expression, left to right.</summary>
internal sealed class ArgsCont : Cont
{
    public readonly Expr Original;
    public readonly Atom[] Done;
    public readonly int Index;
    /// <summary>Expected type per position (index 0 is the head); null entries are "%Undefined%".</summary>
    public readonly Atom?[]? Formal;
    /// <summary>The type the reduced call is evaluated at (the expected type, or the function's return type).</summary>
    public readonly Atom CallType;
    public readonly bool Tuple;

    public ArgsCont(Cont? next, Expr original, Atom[] done, int index, Atom?[]? formal, Atom callType, bool tuple) : base(next)
    {
        Original = original; Done = done; Index = index; Formal = formal; CallType = callType; Tuple = tuple;
    }
}

/// <summary>Hands each result to a callback (sequencing inside native operations).</summary>
internal sealed class CallbackCont : Cont
{
    public readonly Action<Machine, Result, Cont?> OnResult;
    public CallbackCont(Cont? next, Action<Machine, Result, Cont?> onResult) : base(next) { OnResult = onResult; }
}

internal readonly record struct MemoKey(Atom Call, Atom Type, long Version);
