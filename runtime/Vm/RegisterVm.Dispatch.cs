using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Vm;

public sealed partial class RegisterVm
{
    private interface IMode
    {
    }

    private struct FastMode : IMode
    {
    }

    private struct CountingMode : IMode
    {
    }

    /// <summary>
    /// The dispatch loop. Runs until the frame at depth <paramref name="stopAt"/> returns and gives its value.
    /// <typeparamref name="TMode"/> is a struct, so the JIT compiles one loop with instruction counting
    /// and one without (the counting branch is removed, not tested, in the fast loop).
    /// </summary>
    // Fully optimized from the first call: the loop runs once per program, so tiering would leave it in OSR code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Value Execute<TMode>(int stopAt) where TMode : struct, IMode
    {
        ref var frame = ref _frames[_frameCount - 1];
        var proto = frame.Proto;
        var closure = frame.Closure;
        var code = proto.Code;
        var k = proto.Constants;
        var upvals = closure.Captures;
        int fp = frame.Fp;
        int pc = frame.ReturnPc;
        var stack = _stack;
        // R[0] of the current frame: register access without bounds checks or an add of fp.
        ref Value regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
        Value returned;

        while (true)
        {
            var ins = code[pc++];
            if (typeof(TMode) == typeof(CountingMode)) _stats!.Count(ins.Op);
            switch (ins.Op)
            {
                case RegOp.Move:
                    Unsafe.Add(ref regs, ins.A) = Unsafe.Add(ref regs, ins.B);
                    break;
                case RegOp.MoveShare:
                    Unsafe.Add(ref regs, ins.A) = Unsafe.Add(ref regs, ins.B).Share();
                    break;
                case RegOp.Share:
                    Unsafe.Add(ref regs, ins.A).Share();
                    break;
                case RegOp.LoadK:
                    Unsafe.Add(ref regs, ins.A) = k[ins.B];
                    break;
                case RegOp.LoadNil:
                    Unsafe.Add(ref regs, ins.A) = default;
                    break;
                case RegOp.GetGlobal:
                    Unsafe.Add(ref regs, ins.A) = _globals[ins.B];
                    break;
                case RegOp.SetGlobal:
                    _globals[ins.B] = Unsafe.Add(ref regs, ins.A).Share();
                    break;
                case RegOp.GetCell:
                    Unsafe.Add(ref regs, ins.A) = Unsafe.Add(ref regs, ins.B).AsCell.Value;
                    break;
                case RegOp.SetCell:
                    Unsafe.Add(ref regs, ins.B).AsCell.Value = Unsafe.Add(ref regs, ins.A).Share();
                    break;
                case RegOp.BindCell:
                    Unsafe.Add(ref regs, ins.B) = Value.FromCell(new Cell(Unsafe.Add(ref regs, ins.A).Share()));
                    break;
                case RegOp.GetUpval:
                    Unsafe.Add(ref regs, ins.A) = upvals[ins.B].Value;
                    break;
                case RegOp.SetUpval:
                    upvals[ins.B].Value = Unsafe.Add(ref regs, ins.A).Share();
                    break;

                case RegOp.Add:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw At(new RuchyError("Integer overflow in addition"), proto, pc - 1);
                        Unsafe.Add(ref regs, ins.A) = Value.FromInt(s);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ins.A) = Value.FromFloat(x.AsFloat + y.AsFloat);
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Add, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.AddK:
                {
                    // The constant is the C operand itself: no constant-table load, no second kind test.
                    ref var x = ref Unsafe.Add(ref regs, ins.B);
                    if (x.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ins.C, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw At(new RuchyError("Integer overflow in addition"), proto, pc - 1);
                        Unsafe.Add(ref regs, ins.A) = Value.FromInt(s);
                    }
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Add, x, Value.FromInt(ins.C), proto, pc - 1);
                    break;
                }
                case RegOp.Sub:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, s = a - b;
                        if (((a ^ b) & (a ^ s)) < 0) throw At(new RuchyError("Integer overflow in subtraction"), proto, pc - 1);
                        Unsafe.Add(ref regs, ins.A) = Value.FromInt(s);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ins.A) = Value.FromFloat(x.AsFloat - y.AsFloat);
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Sub, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.SubK:
                {
                    ref var x = ref Unsafe.Add(ref regs, ins.B);
                    if (x.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ins.C, s = a - b;
                        if (((a ^ b) & (a ^ s)) < 0) throw At(new RuchyError("Integer overflow in subtraction"), proto, pc - 1);
                        Unsafe.Add(ref regs, ins.A) = Value.FromInt(s);
                    }
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Sub, x, Value.FromInt(ins.C), proto, pc - 1);
                    break;
                }
                case RegOp.Mul:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        if (Math.BigMul(x.AsInt, y.AsInt, out long low) != (low >> 63)) throw At(new RuchyError("Integer overflow in multiplication"), proto, pc - 1);
                        Unsafe.Add(ref regs, ins.A) = Value.FromInt(low);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ins.A) = Value.FromFloat(x.AsFloat * y.AsFloat);
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Mul, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Div:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ins.A) = Value.FromFloat(x.AsFloat / y.AsFloat);
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Div, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Rem:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int && y.AsInt > 0) Unsafe.Add(ref regs, ins.A) = Value.FromInt(x.AsInt % y.AsInt);
                    else Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Rem, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Pow:
                    Unsafe.Add(ref regs, ins.A) = Arith(Syntax.Ast.BinaryOp.Pow, Unsafe.Add(ref regs, ins.B), Unsafe.Add(ref regs, ins.C), proto, pc - 1);
                    break;
                case RegOp.Eq:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt == y.AsInt) : Value.FromBool(ValueEquality.AreEqual(x, y));
                    break;
                }
                case RegOp.Ne:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt != y.AsInt) : Value.FromBool(!ValueEquality.AreEqual(x, y));
                    break;
                }
                case RegOp.Lt:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt < y.AsInt) : Arith(Syntax.Ast.BinaryOp.Lt, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Le:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt <= y.AsInt) : Arith(Syntax.Ast.BinaryOp.Le, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Gt:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt > y.AsInt) : Arith(Syntax.Ast.BinaryOp.Gt, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.Ge:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    var y = Unsafe.Add(ref regs, ins.C);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt >= y.AsInt) : Arith(Syntax.Ast.BinaryOp.Ge, x, y, proto, pc - 1);
                    break;
                }
                case RegOp.BitAnd:
                case RegOp.BitOr:
                case RegOp.BitXor:
                case RegOp.Shl:
                case RegOp.Shr:
                    Unsafe.Add(ref regs, ins.A) = Arith(BitOp(ins.Op), Unsafe.Add(ref regs, ins.B), Unsafe.Add(ref regs, ins.C), proto, pc - 1);
                    break;
                case RegOp.Neg:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Int && x.AsInt != long.MinValue ? Value.FromInt(-x.AsInt) : Unary(ins.Op, x, proto, pc - 1);
                    break;
                }
                case RegOp.Not:
                {
                    var x = Unsafe.Add(ref regs, ins.B);
                    Unsafe.Add(ref regs, ins.A) = x.Kind == ValueKind.Bool ? Value.FromBool(!x.AsBool) : Unary(ins.Op, x, proto, pc - 1);
                    break;
                }
                case RegOp.BitNot:
                case RegOp.Plus:
                    Unsafe.Add(ref regs, ins.A) = Unary(ins.Op, Unsafe.Add(ref regs, ins.B), proto, pc - 1);
                    break;

                case RegOp.Jmp:
                    pc += ins.A;
                    // Every loop closes with a backward Jmp: the place to notice an interrupt.
                    if (ins.A < 0 && _interrupt.Raised) ExecutionInterrupted.Throw();
                    break;
                case RegOp.JmpIfFalse:
                    if (!Unsafe.Add(ref regs, ins.A).IsTruthy) pc += ins.B;
                    break;
                case RegOp.JmpIfTrue:
                    if (Unsafe.Add(ref regs, ins.A).IsTruthy) pc += ins.B;
                    break;
                case RegOp.Fail:
                    if (!Unsafe.Add(ref regs, ins.A).AsBool) pc += ins.B;
                    break;
                case RegOp.JmpIfPresent:
                {
                    var v = Unsafe.Add(ref regs, ins.A);
                    if (!(v.IsNil || (v.Kind == ValueKind.Enum && v.AsEnum.IsNone))) pc += ins.B;
                    break;
                }
                case RegOp.JmpIfNil:
                    if (Unsafe.Add(ref regs, ins.A).IsNil) pc += ins.B;
                    break;
                case RegOp.JmpIfNotLtK:
                {
                    // Its own case (the loop test of most loops and of recursion's base case): one dispatch, no second switch.
                    ref var x = ref Unsafe.Add(ref regs, ins.A);
                    ref var y = ref k[ins.B];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        if (x.AsInt >= y.AsInt) pc += ins.C;
                    }
                    else if (!CompareSlow(ins.Op, x, y, proto, pc - 1).IsTruthy) pc += ins.C;
                    break;
                }
                case RegOp.JmpIfNotLeK:
                case RegOp.JmpIfNotGtK:
                case RegOp.JmpIfNotGeK:
                case RegOp.JmpIfNotEqK:
                case RegOp.JmpIfNotNeK:
                {
                    var x = Unsafe.Add(ref regs, ins.A);
                    var y = k[ins.B];
                    bool holds;
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt;
                        holds = ins.Op switch
                        {
                            RegOp.JmpIfNotLeK => a <= b,
                            RegOp.JmpIfNotGtK => a > b,
                            RegOp.JmpIfNotGeK => a >= b,
                            RegOp.JmpIfNotEqK => a == b,
                            _ => a != b,
                        };
                    }
                    else holds = CompareSlow(ins.Op, x, y, proto, pc - 1).IsTruthy;
                    if (!holds) pc += ins.C;
                    break;
                }
                case RegOp.JmpIfNotLt:
                case RegOp.JmpIfNotLe:
                case RegOp.JmpIfNotGt:
                case RegOp.JmpIfNotGe:
                case RegOp.JmpIfNotEq:
                case RegOp.JmpIfNotNe:
                {
                    var x = Unsafe.Add(ref regs, ins.A);
                    var y = Unsafe.Add(ref regs, ins.B);
                    bool holds;
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt;
                        holds = ins.Op switch
                        {
                            RegOp.JmpIfNotLt => a < b,
                            RegOp.JmpIfNotLe => a <= b,
                            RegOp.JmpIfNotGt => a > b,
                            RegOp.JmpIfNotGe => a >= b,
                            RegOp.JmpIfNotEq => a == b,
                            _ => a != b,
                        };
                    }
                    else holds = CompareSlow(ins.Op, x, y, proto, pc - 1).IsTruthy;
                    if (!holds) pc += ins.C;
                    break;
                }

                case RegOp.Call:
                case RegOp.CallGlobal:
                {
                    var callee = ins.Op == RegOp.Call ? Unsafe.Add(ref regs, ins.A) : _globals[Unsafe.As<CallTarget>(proto.Side[ins.C]).Global];
                    if (callee.Kind == ValueKind.Function)
                    {
                        var f = callee.AsFunction;
                        var p = Unsafe.As<FunctionProto>(f.Code);
                        int argc = ins.B;
                        if (argc > p.ParamCount || argc < p.RequiredParams)
                            throw At(Operations.FunctionArity(p.Name, p.RequiredParams, p.ParamCount, argc), proto, pc - 1);
                        frame.ReturnPc = pc;
                        int newFp = fp + ins.A + 1;
                        // One compare for depth and frame-array room: _frameLimit = min(max depth, frames allocated).
                        if (_frameCount >= _frameLimit || newFp + p.FrameSize + 8 > stack.Length || p == _mainProto
                            || typeof(TMode) == typeof(CountingMode) || _interrupt.Raised)
                        {
                            PushFrame(f, newFp, fp + ins.A, 0, argc, proto.Positions[pc - 1]);
                        }
                        else
                        {
                            // The common case, inline: room on both stacks, not main, not counting.
                            ref var nf = ref _frames[_frameCount++];
                            nf.Closure = f;
                            nf.Fp = newFp;
                            nf.ReturnSlot = fp + ins.A;
                            nf.ReturnPc = 0;
                            nf.Argc = argc;
                            nf.CallPos = proto.Positions[pc - 1];
                            nf.WriteBackSlot = -1;
                        }
                        frame = ref _frames[_frameCount - 1];
                        proto = p;
                        code = p.Code;
                        k = p.Constants;
                        upvals = f.Captures;
                        fp = newFp;
                        regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                        pc = 0;
                        stack = _stack;
                        regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                        break;
                    }
                    frame.ReturnPc = pc;
                    var result = CallOther(callee, ins, proto, pc - 1, fp);
                    frame = ref _frames[_frameCount - 1];
                    stack = _stack;
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    Unsafe.Add(ref regs, ins.A) = result;
                    break;
                }
                case RegOp.CallNative:
                {
                    frame.ReturnPc = pc;
                    var result = CallBuiltin(ins, proto, pc - 1, fp);
                    frame = ref _frames[_frameCount - 1];
                    stack = _stack;
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    Unsafe.Add(ref regs, ins.A) = result;
                    break;
                }
                case RegOp.CallMethod:
                case RegOp.CallMethodMut:
                {
                    frame.ReturnPc = pc;
                    var site = Unsafe.As<MethodSite>(proto.Side[ins.C]);
                    var outcome = ins.Op == RegOp.CallMethod
                        ? PrepareMethod(site, ins, proto, pc - 1, fp)
                        : PrepareMethodMut(site, ins, proto, pc - 1, fp);
                    frame = ref _frames[_frameCount - 1];
                    stack = _stack;
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    switch (outcome)
                    {
                        case MethodOutcome.Done:
                            if (ins.Op == RegOp.CallMethod) pc += site.SkipOffset;
                            break;
                        case MethodOutcome.NeedsPlace:
                            break;
                        default:
                        {
                            // A frame was pushed for a Ruchy method: continue there; it returns past the mutation path.
                            if (ins.Op == RegOp.CallMethod) _frames[_frameCount - 2].ReturnPc = pc + site.SkipOffset;
                            frame = ref _frames[_frameCount - 1];
                            proto = frame.Proto;
                            code = proto.Code;
                            k = proto.Constants;
                            upvals = frame.Closure.Captures;
                            fp = frame.Fp;
                            regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                            pc = 0;
                            break;
                        }
                    }
                    break;
                }
                case RegOp.Return:
                    returned = Unsafe.Add(ref regs, ins.A);
                    goto PopFrame;
                case RegOp.ReturnNil:
                    returned = default;
                    goto PopFrame;
                case RegOp.Try:
                    if (Operations.TryUnwrap(Unsafe.Add(ref regs, ins.B), out returned))
                    {
                        Unsafe.Add(ref regs, ins.A) = returned;
                        break;
                    }
                    goto PopFrame;
                case RegOp.Default:
                    if (frame.Argc > ins.A && !IsDefaultMarker(Unsafe.Add(ref regs, ins.A))) pc += ins.B;
                    break;
                case RegOp.BoxParam:
                    Unsafe.Add(ref regs, ins.A) = Value.FromCell(new Cell(Unsafe.Add(ref regs, ins.A)));
                    break;
                case RegOp.Closure:
                    Unsafe.Add(ref regs, ins.A) = MakeClosure(Unsafe.As<FunctionProto>(proto.Side[ins.B]), fp, upvals);
                    break;

                case RegOp.GetField:
                {
                    var target = Unsafe.Add(ref regs, ins.B);
                    var site = Unsafe.As<FieldSite>(proto.Side[ins.C]);
                    if (target.Kind == ValueKind.Struct && ReferenceEquals(site.CachedType, target.AsStruct.Type))
                        Unsafe.Add(ref regs, ins.A) = target.AsStruct.Fields[site.CachedIndex];
                    else Unsafe.Add(ref regs, ins.A) = GetFieldSlow(target, site, proto, pc - 1);
                    break;
                }
                case RegOp.Index:
                {
                    var target = Unsafe.Add(ref regs, ins.B);
                    var index = Unsafe.Add(ref regs, ins.C);
                    if (target.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)target.AsArray.Count)
                        Unsafe.Add(ref regs, ins.A) = target.AsArray[(int)index.AsInt];
                    else Unsafe.Add(ref regs, ins.A) = IndexSlow(target, index, proto, pc - 1);
                    break;
                }
                case RegOp.UniqueLocal:
                    Unshare(ref Unsafe.Add(ref regs, ins.A));
                    break;
                case RegOp.SetIndex:
                {
                    var container = Unsafe.Add(ref regs, ins.A);
                    var index = Unsafe.Add(ref regs, ins.B);
                    if (container.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)container.AsArray.Count)
                        container.AsArray[(int)index.AsInt] = Unsafe.Add(ref regs, ins.C).Share();
                    else SetIndexSlow(container, index, Unsafe.Add(ref regs, ins.C), proto, pc - 1);
                    break;
                }

                case RegOp.IterNext:
                {
                    var it = Unsafe.As<VmIterator>(Unsafe.Add(ref regs, ins.A).Reference!);
                    if (it.TryNext(out var item)) Unsafe.Add(ref regs, ins.B) = item;
                    else pc += ins.C;
                    break;
                }

                default:
                    Other(ins, proto, pc - 1, fp, upvals);
                    stack = _stack;
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    break;
            }
            continue;

        // Every return: pop the frame (a replaced &mut self goes back to the caller's place, out of
        // line), hand the value to the caller's register or, below stopAt, to the native caller.
        PopFrame:
            if (frame.WriteBackSlot >= 0) WriteBackSelf(ref frame, stack);
            int returnSlot = frame.ReturnSlot;
            _frameCount--;
            if (_frameCount < stopAt)
            {
                if (returnSlot >= 0) stack[returnSlot] = returned;
                return returned;
            }
            stack[returnSlot] = returned;
            frame = ref _frames[_frameCount - 1];
            proto = frame.Proto;
            code = proto.Code;
            k = proto.Constants;
            upvals = frame.Closure.Captures;
            fp = frame.Fp;
            regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
            pc = frame.ReturnPc;
        }
    }

    private static Syntax.Ast.BinaryOp BitOp(RegOp op) => op switch
    {
        RegOp.BitAnd => Syntax.Ast.BinaryOp.BitAnd,
        RegOp.BitOr => Syntax.Ast.BinaryOp.BitOr,
        RegOp.BitXor => Syntax.Ast.BinaryOp.BitXor,
        RegOp.Shl => Syntax.Ast.BinaryOp.Shl,
        _ => Syntax.Ast.BinaryOp.Shr,
    };

    /// <summary>On return from a <c>&amp;mut self</c> call on a place: hands a replaced self back to the caller's slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WriteBackSelf(ref CallFrame frame, Value[] stack)
    {
        var final = stack[frame.Fp];
        if (final.Kind == ValueKind.Cell) final = final.AsCell.Value;
        bool replaced = final.Reference != frame.OriginalSelf || final.Kind != frame.OriginalKind;
        if (!frame.WriteBackDirect) stack[frame.WriteBackSlot] = replaced ? final.Share() : default;
        else if (replaced) stack[frame.WriteBackSlot] = final.Share();
    }
}
