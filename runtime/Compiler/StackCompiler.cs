using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

/// <summary>
/// Compiles the resolved tree to stack-VM bytecode: every expression pushes exactly one value.
/// The compiler tracks the operand-stack depth, so a <c>break</c> or <c>continue</c> from inside an
/// expression can reset it (SetDepth). Pattern values, iterators and loop results live in hidden
/// frame slots above the resolver's locals, so pattern failures always jump at a known depth.
/// Semantics (order of evaluation, where values are shared, error positions) follow the AST tier.
/// </summary>
internal sealed partial class StackCompiler
{
    private readonly RunOptions _options;
    private Builder _f = null!;

    private StackCompiler(RunOptions options) => _options = options;

    public static CompiledProgram<StackProto> Compile(BoundProgram program, RunOptions? options = null)
    {
        var c = new StackCompiler(options ?? RunOptions.Default);
        return ProgramAssembler.Assemble(program, c.CompileFunction);
    }

    private sealed class Loop(int id, int depth, int resultSlot)
    {
        public readonly int Id = id;
        public readonly int Depth = depth;
        public readonly int ResultSlot = resultSlot;
        public readonly List<int> Breaks = new();
        public readonly List<int> Continues = new();
    }

    private sealed class Builder(BoundFunction source)
    {
        public readonly BoundFunction Source = source;
        public readonly List<StackInstr> Code = new();
        public readonly List<int> Positions = new();
        public readonly ConstantPool Constants = new();
        public readonly List<object> Side = new();
        public readonly List<Loop> Loops = new();
        public int NextSlot;
        public int SlotCount;
        public int Depth;
        public int MaxDepth;
    }

    private StackProto CompileFunction(BoundFunction fn, bool isMain = false)
    {
        var saved = _f;
        _f = new Builder(fn) { NextSlot = fn.FrameSize, SlotCount = fn.FrameSize };
        try
        {
            for (int i = 0; i < fn.ParamCount; i++)
            {
                var def = fn.Defaults.Length > i ? fn.Defaults[i] : null;
                if (def == null) continue;
                int skip = Emit(StackOp.Default, i, 0, def.Pos);
                Compile(def);
                Emit(StackOp.Store, i, 0, def.Pos);
                PatchHere(skip);
            }
            foreach (var slot in fn.CellParams) Emit(StackOp.BoxParam, slot, 0, fn.Pos);
            foreach (var (slot, pattern) in fn.ParamPatterns)
            {
                var fail = new List<int>();
                CompilePattern(pattern, slot, fail);
                int ok = Emit(StackOp.Jmp, 0, 0, pattern.Pos);
                PatchAllHere(fail);
                Emit(StackOp.PatternError, AddSide(new PatternErrorSite(PatternErrorKind.ParamPattern, fn.Name)), slot, pattern.Pos);
                PatchHere(ok);
            }
            CompileReturn(fn.Body);
            return new StackProto(ProgramAssembler.Header(fn, isMain), _f.Code.ToArray(), slotCount: _f.SlotCount, frameSize: _f.SlotCount + _f.MaxDepth + 2,
                _f.Positions.ToArray(), _f.Constants.ToArray(), _f.Side.ToArray());
        }
        finally
        {
            _f = saved;
        }
    }

    // ---------------------------------------------------------------- emitting and the depth

    /// <summary>Operand-stack effect of each opcode with operands a, b (structured ones are adjusted by their callers).</summary>
    private static int Effect(StackOp op, int a) => op switch
    {
        StackOp.PushK or StackOp.PushNil or StackOp.Load or StackOp.LoadGlobal or StackOp.LoadCell or StackOp.LoadUpval
            or StackOp.Closure or StackOp.UniqueGlobal or StackOp.UniqueCell or StackOp.UniqueUpval
            or StackOp.TestEqK or StackOp.TestRange or StackOp.TestVariant or StackOp.TestStruct or StackOp.TestSeq
            or StackOp.GetItem or StackOp.GetPayload or StackOp.GetStructField or StackOp.SliceRest or StackOp.Undefined => 1,
        StackOp.Store or StackOp.StoreGlobal or StackOp.StoreCell or StackOp.BindCell or StackOp.StoreUpval or StackOp.Pop
            or StackOp.Add or StackOp.Sub or StackOp.Mul or StackOp.Div or StackOp.Rem or StackOp.Pow or StackOp.Eq or StackOp.Ne
            or StackOp.Lt or StackOp.Le or StackOp.Gt or StackOp.Ge or StackOp.BitAnd or StackOp.BitOr or StackOp.BitXor
            or StackOp.Shl or StackOp.Shr or StackOp.JmpIfFalse or StackOp.JmpIfNil or StackOp.Fail or StackOp.Return
            or StackOp.ArrayRepeat or StackOp.Index or StackOp.UniqueIndex or StackOp.IterInit => -1,
        StackOp.JmpIfNotLt or StackOp.JmpIfNotLe or StackOp.JmpIfNotGt or StackOp.JmpIfNotGe or StackOp.JmpIfNotEq
            or StackOp.JmpIfNotNe or StackOp.SetField or StackOp.NewRange or StackOp.ForPrep => -2,
        StackOp.SetIndex => -3,
        // Keep-jumps pop on the fall-through path: the compiler accounts for the value it then pushes.
        StackOp.JmpIfTrueKeep or StackOp.JmpIfFalseKeep or StackOp.JmpIfPresentKeep => -1,
        StackOp.NewArray or StackOp.NewTuple or StackOp.CallNative => 1 - a,
        StackOp.Call => -a,
        _ => 0,
    };

    private int Emit(StackOp op, int a, int b, int pos)
    {
        _f.Code.Add(new StackInstr(op, a, b));
        _f.Positions.Add(pos);
        AdjustDepth(Effect(op, a));
        return _f.Code.Count - 1;
    }

    private void AdjustDepth(int delta)
    {
        _f.Depth += delta;
        if (_f.Depth > _f.MaxDepth) _f.MaxDepth = _f.Depth;
        if (_f.Depth < 0) throw new InvalidOperationException("internal compiler error: operand stack underflow");
    }

    private int Here => _f.Code.Count;

    /// <summary>Points a jump at <paramref name="at"/> to the next instruction (operand A, or B for IterNext/ForLoop/Default).</summary>
    private void PatchHere(int at)
    {
        var i = _f.Code[at];
        int off = Here - at - 1;
        _f.Code[at] = i.Op is StackOp.IterNext or StackOp.ForLoop or StackOp.Default ? i with { B = off } : i with { A = off };
    }

    private void PatchAllHere(List<int> jumps)
    {
        foreach (var j in jumps) PatchHere(j);
        jumps.Clear();
    }

    private void JumpBack(int target, int pos)
    {
        _f.Code.Add(new StackInstr(StackOp.Jmp, target - Here - 1, 0));
        _f.Positions.Add(pos);
    }

    /// <summary>Resets the operand stack to <paramref name="depth"/> (before a break/continue jump).</summary>
    private void TruncateTo(int depth, int pos)
    {
        if (_f.Depth == depth) return;
        _f.Code.Add(new StackInstr(StackOp.SetDepth, depth, 0));
        _f.Positions.Add(pos);
    }

    private int AllocSlot()
    {
        int s = _f.NextSlot++;
        if (_f.NextSlot > _f.SlotCount) _f.SlotCount = _f.NextSlot;
        return s;
    }

    private void FreeSlots(int mark) => _f.NextSlot = mark;

    private int Constant(Value v) => _f.Constants.Add(v);

    private int AddSide(object entry)
    {
        _f.Side.Add(entry);
        return _f.Side.Count - 1;
    }

    /// <summary>A side-table index whose entry is known only later (<see cref="SetSide"/>), e.g. a site holding a jump distance.</summary>
    private int ReserveSide() => AddSide(null!);

    private void SetSide(int index, object entry) => _f.Side[index] = entry;

    private static StackOp BinaryOpcode(BinaryOp op) => op switch
    {
        BinaryOp.Add => StackOp.Add,
        BinaryOp.Sub => StackOp.Sub,
        BinaryOp.Mul => StackOp.Mul,
        BinaryOp.Div => StackOp.Div,
        BinaryOp.Rem => StackOp.Rem,
        BinaryOp.Pow => StackOp.Pow,
        BinaryOp.Eq => StackOp.Eq,
        BinaryOp.Ne => StackOp.Ne,
        BinaryOp.Lt => StackOp.Lt,
        BinaryOp.Le => StackOp.Le,
        BinaryOp.Gt => StackOp.Gt,
        BinaryOp.Ge => StackOp.Ge,
        BinaryOp.BitAnd => StackOp.BitAnd,
        BinaryOp.BitOr => StackOp.BitOr,
        BinaryOp.BitXor => StackOp.BitXor,
        BinaryOp.Shl => StackOp.Shl,
        BinaryOp.Shr => StackOp.Shr,
        _ => throw new InvalidOperationException($"internal compiler error: operator {op}"),
    };
}
