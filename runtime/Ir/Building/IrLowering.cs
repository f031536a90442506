using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

/// <summary>
/// Builds the IR of one function from the resolved tree: the one lowering layer (desugaring loops,
/// patterns, compound assignment and method calls on places into blocks and plain instructions).
/// Evaluation order, share marks and error positions follow the AST tier, as the bytecode compilers do;
/// frame slots become SSA values through <see cref="IrBuilder"/>.
/// </summary>
internal sealed partial class IrLowering
{
    private readonly IrBuilder _b;
    private readonly IrFunction _f;
    private readonly RunOptions _options;
    private readonly List<LoopTarget> _loops = new();

    private sealed record LoopTarget(int LoopId, int Exit, int Continue);

    private IrLowering(IrFunction f, RunOptions options)
    {
        _f = f;
        _options = options;
        _b = new IrBuilder(f, Math.Max(f.Source.FrameSize, f.Source.ParamCount));
    }

    /// <summary>The IR of a function and, as its children, of the closures it creates.</summary>
    public static IrFunction Lower(BoundFunction fn, RunOptions options)
    {
        var f = new IrFunction(fn, fn.Name);
        // A &mut self method's caller reads self back from register 0 when it returns: keep it there.
        if (fn.SelfKind == SelfKind.RefMut) f.PinnedSlots = [0];
        new IrLowering(f, options).LowerFunction();
        return f;
    }

    private void LowerFunction()
    {
        var fn = _f.Source;
        int entry = _b.NewBlock("entry");
        _b.Seal(entry);
        _b.SwitchTo(entry);
        for (int i = 0; i < fn.ParamCount; i++)
        {
            int p = _b.AddParam(entry, IrType.Any, fn.Pos, i);
            if (!_b.IsPinned(i)) _b.WriteVariable(i, p, fn.Pos);
        }
        // Prologue: defaults for missing arguments, cells for captured parameters, patterned parameters.
        for (int i = 0; i < fn.ParamCount; i++)
        {
            var def = fn.Defaults.Length > i ? fn.Defaults[i] : null;
            if (def == null) continue;
            int passed = _b.NewBlock("passed"), missing = _b.NewBlock("default");
            _b.Branch(IrOp.BranchArgPassed, _b.ReadVariable(i, def.Pos), passed, missing, def.Pos, i);
            _b.Seal(missing);
            _b.SwitchTo(missing);
            _b.WriteVariable(i, LowerShared(def), def.Pos);
            _b.JumpIfOpen(passed, def.Pos);
            _b.Seal(passed);
            _b.SwitchTo(passed);
        }
        foreach (var slot in fn.CellParams)
            _b.WriteVariable(slot, _b.Emit(IrOp.BoxParam, IrType.Cell, fn.Pos, 0, _b.ReadVariable(slot, fn.Pos)), fn.Pos);
        foreach (var (slot, pattern) in fn.ParamPatterns)
        {
            int value = _b.ReadVariable(slot, pattern.Pos);
            LowerPatternOrError(pattern, value, new PatternErrorSite(PatternErrorKind.ParamPattern, fn.Name), pattern.Pos);
        }
        LowerReturn(fn.Body);
        _b.Finish();
    }

    /// <summary>An expression in tail position: each branch of an if or block returns its own value.</summary>
    private void LowerReturn(BoundExpr e)
    {
        switch (e)
        {
            case BoundIf i:
            {
                int then = _b.NewBlock("then"), otherwise = _b.NewBlock("else");
                _b.Branch(IrOp.Branch, Lower(i.Condition), then, otherwise, i.Pos);
                _b.Seal(then);
                _b.Seal(otherwise);
                _b.SwitchTo(then);
                LowerReturn(i.Then);
                _b.SwitchTo(otherwise);
                if (i.Else != null) LowerReturn(i.Else);
                else Return(_b.Nil(i.Pos), i.Pos);
                break;
            }
            case BoundBlock b when b.Statements.Length > 0:
                for (int s = 0; s < b.Statements.Length - 1; s++) LowerStatement(b.Statements[s]);
                LowerReturn(b.Statements[^1]);
                break;
            case BoundReturn or BoundBreak or BoundContinue:
                LowerStatement(e);
                break;
            default:
                Return(Lower(e), e.Pos);
                break;
        }
        if (!_b.IsTerminated) Return(_b.Nil(e.Pos), e.Pos);
    }

    private void Return(int value, int pos)
    {
        if (_b.IsTerminated) return;
        _b.Terminate(IrOp.Return, pos, 0, [value]);
    }

    // ------------------------------------------------------------------ helpers

    private int Emit(IrOp op, IrType type, int pos, int aux = 0, params ReadOnlySpan<int> operands) => _b.Emit(op, type, pos, aux, operands);

    private int Side(object entry) => _f.AddSide(entry);

    /// <summary>Ends the block with a branch and continues in its "true" successor; the other edge goes to <paramref name="fail"/>.</summary>
    private void BranchOrFail(IrOp op, int value, int fail, int pos)
    {
        int ok = _b.NewBlock();
        _b.Branch(op, value, ok, fail, pos);
        _b.Seal(ok);
        _b.SwitchTo(ok);
    }

    /// <summary>A new block whose single parameter joins the values of the branches that jump to it.</summary>
    private (int Block, int Param) NewJoin(int pos, string label = "join")
    {
        int b = _b.NewBlock(label);
        return (b, _b.AddParam(b, IrType.Any, pos));
    }

    /// <summary>Continues in <paramref name="block"/> once every edge into it exists.</summary>
    private void Enter(int block)
    {
        _b.Seal(block);
        _b.SwitchTo(block);
    }

    /// <summary>A value that is being stored, so it is marked shared unless it is fresh.</summary>
    private int LowerShared(BoundExpr e)
    {
        int v = Lower(e);
        return BoundTreeWalk.IsFresh(e) ? v : Emit(IrOp.Share, _f[v].Type, e.Pos, 0, v);
    }

    private LoopTarget FindLoop(int id)
    {
        for (int i = _loops.Count - 1; i >= 0; i--)
            if (_loops[i].LoopId == id) return _loops[i];
        throw new InvalidOperationException("internal IR error: loop not found");
    }

    private static IrType BinaryResultType(IrOp op) => IrOpInfo.IsCompare(op) ? IrType.Bool : IrType.Any;
}
