using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

/// <summary>
/// Compiles the resolved tree to register-VM bytecode. Resolver slots are registers directly
/// (a local used as an operand costs no instruction); temporaries are allocated above them like a
/// stack. Control flow (break/continue/return/?) becomes jumps and returns, so the VM needs no
/// signal flags. Semantics follow the AST tier exactly, including where values are marked shared.
/// </summary>
internal sealed partial class RegisterCompiler
{
    private readonly RunOptions _options;
    private FunctionBuilder _f = null!;

    private RegisterCompiler(RunOptions options) => _options = options;

    public static CompiledProgram<RegisterProto> Compile(BoundProgram program, RunOptions? options = null)
    {
        var c = new RegisterCompiler(options ?? RunOptions.Default);
        return ProgramAssembler.Assemble(program, c.CompileFunction);
    }

    // ---------------------------------------------------------------- function builder

    private sealed class LoopContext(int loopId, int resultRegister)
    {
        public readonly int LoopId = loopId;
        public readonly int ResultRegister = resultRegister;
        public readonly List<int> BreakJumps = new();
        public readonly List<int> ContinueJumps = new();
    }

    private sealed class FunctionBuilder(BoundFunction source)
    {
        public readonly BoundFunction Source = source;
        public readonly List<Instr> Code = new();
        public readonly List<int> Positions = new();
        public readonly ConstantPool Constants = new();
        public readonly List<object> Side = new();
        public readonly List<LoopContext> Loops = new();
        public int NextTemp;
        public int MaxRegister;
    }

    private RegisterProto CompileFunction(BoundFunction fn, bool isMain = false)
    {
        var saved = _f;
        _f = new FunctionBuilder(fn) { NextTemp = fn.FrameSize };
        _f.MaxRegister = fn.FrameSize;
        try
        {
            // Prologue: defaults for missing arguments, cells for captured parameters, patterned parameters.
            for (int i = 0; i < fn.ParamCount; i++)
            {
                var def = fn.Defaults.Length > i ? fn.Defaults[i] : null;
                if (def == null) continue;
                int skip = Emit(RegOp.Default, i, 0, 0, def.Pos);
                CompileIntoShared(def, i);
                Patch(skip, RegOp.Default, i, JumpOffset(skip));
            }
            foreach (var slot in fn.CellParams) Emit(RegOp.BoxParam, slot, 0, 0, fn.Pos);
            foreach (var (slot, pattern) in fn.ParamPatterns)
            {
                int fail = NewJumpList();
                CompilePattern(pattern, slot, fail);
                int ok = Emit(RegOp.Jmp, 0, 0, 0, pattern.Pos);
                PatchHere(fail);
                Emit(RegOp.PatternError, slot, AddSide(new PatternErrorSite(PatternErrorKind.ParamPattern, fn.Name)), 0, pattern.Pos);
                PatchJumpHere(ok);
            }
            CompileReturn(fn.Body);
            ResolvePendingFails();
            return new RegisterProto(ProgramAssembler.Header(fn, isMain), _f.Code.ToArray(), frameSize: _f.MaxRegister + 2,
                _f.Positions.ToArray(), _f.Constants.ToArray(), _f.Side.ToArray());
        }
        finally
        {
            _f = saved;
        }
    }

    /// <summary>
    /// Compiles an expression in tail position: each branch of an <c>if</c> or block returns its own
    /// value directly, saving the move into a result register and the jump over the else branch.
    /// </summary>
    private void CompileReturn(BoundExpr e)
    {
        int mark = _f.NextTemp;
        switch (e)
        {
            case BoundIf i:
            {
                int jElse = CompileConditionJump(i.Condition);
                CompileReturn(i.Then);
                PatchJumpHere(jElse);
                if (i.Else != null) CompileReturn(i.Else);
                else Emit(RegOp.ReturnNil, 0, 0, 0, i.Pos);
                break;
            }
            case BoundBlock b when b.Statements.Length > 0:
                for (int s = 0; s < b.Statements.Length - 1; s++) CompileStatement(b.Statements[s]);
                CompileReturn(b.Statements[^1]);
                break;
            case BoundReturn or BoundBreak or BoundContinue:
                CompileDiscard(e);
                break;
            default:
            {
                int r = ToAnyReg(e);
                Emit(RegOp.Return, r, 0, 0, e.Pos);
                break;
            }
        }
        FreeTo(mark);
    }

    /// <summary>
    /// Registers for a call's callee and arguments. When the destination is the newest temporary, the
    /// call is laid out from it, so the result lands in place without a move.
    /// </summary>
    private int CallBase(int dest, int slots)
    {
        if (dest == _f.NextTemp - 1 && dest >= _f.Source.FrameSize)
        {
            AllocTemps(slots - 1);
            return dest;
        }
        return AllocTemps(slots);
    }

    // ---------------------------------------------------------------- emitting

    private int Emit(RegOp op, int a, int b, int c, int pos)
    {
        _f.Code.Add(new Instr(op, a, b, c));
        _f.Positions.Add(pos);
        return _f.Code.Count - 1;
    }

    private void Patch(int at, RegOp op, int a, int b, int c = 0) => _f.Code[at] = new Instr(op, a, b, c);

    private int Here => _f.Code.Count;

    /// <summary>Offset that makes a jump at <paramref name="from"/> land on the next emitted instruction.</summary>
    private int JumpOffset(int from) => Here - from - 1;

    /// <summary>Points the jump at <paramref name="at"/> (whatever its operand layout) to the next instruction.</summary>
    private void PatchJumpHere(int at)
    {
        var i = _f.Code[at];
        int off = JumpOffset(at);
        _f.Code[at] = i.Op switch
        {
            RegOp.Jmp => i with { A = off },
            RegOp.JmpIfFalse or RegOp.JmpIfTrue or RegOp.JmpIfPresent or RegOp.JmpIfNil or RegOp.Fail => i with { B = off },
            _ => i with { C = off },
        };
    }

    private int AllocTemp()
    {
        int r = _f.NextTemp++;
        if (_f.NextTemp > _f.MaxRegister) _f.MaxRegister = _f.NextTemp;
        return r;
    }

    private int AllocTemps(int n)
    {
        int r = _f.NextTemp;
        _f.NextTemp += n;
        if (_f.NextTemp > _f.MaxRegister) _f.MaxRegister = _f.NextTemp;
        return r;
    }

    private void FreeTo(int mark) => _f.NextTemp = mark;

    private int Constant(Value v) => _f.Constants.Add(v);

    private int AddSide(object entry)
    {
        _f.Side.Add(entry);
        return _f.Side.Count - 1;
    }

    /// <summary>A side-table index whose entry is known only later (<see cref="SetSide"/>), e.g. a site holding a jump distance.</summary>
    private int ReserveSide() => AddSide(null!);

    private void SetSide(int index, object entry) => _f.Side[index] = entry;

    // Pattern-failure jump lists: a list id → the jumps that go to its (later) target.
    private readonly List<List<int>> _jumpLists = new();

    private int NewJumpList()
    {
        _jumpLists.Add(new List<int>());
        return _jumpLists.Count - 1;
    }

    private void AddToJumpList(int list, int jumpAt) => _jumpLists[list].Add(jumpAt);

    private void PatchHere(int list)
    {
        foreach (var j in _jumpLists[list]) PatchJumpHere(j);
        _jumpLists[list].Clear();
    }

    private void ResolvePendingFails()
    {
        foreach (var l in _jumpLists)
            if (l.Count > 0) throw new InvalidOperationException("internal compiler error: unpatched jump");
        _jumpLists.Clear();
    }

    private void EmitShareIfNeeded(BoundExpr e, int reg)
    {
        if (!BoundTreeWalk.IsFresh(e)) Emit(RegOp.Share, reg, 0, 0, e.Pos);
    }

    /// <summary>Computes a value that is being stored (so it must be marked shared): a local is copied with one MoveShare.</summary>
    private void CompileIntoShared(BoundExpr e, int dest)
    {
        if (e is BoundVariable { Kind: BoundKind.Local } v && v.Index != dest)
        {
            Emit(RegOp.MoveShare, dest, v.Index, 0, v.Pos);
            return;
        }
        CompileInto(e, dest);
        EmitShareIfNeeded(e, dest);
    }
}
