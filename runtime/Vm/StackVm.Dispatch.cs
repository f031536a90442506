using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Values;

namespace Ruchy.Vm;

// The hot dispatch loop (Execute) and the mode types it is compiled for.
internal sealed partial class StackVm
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

    /// <summary>The dispatch loop: same shape as RegisterVm.Execute, with operands on the stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Value Execute<TMode>(int stopAt) where TMode : struct, IMode
    {
        ref var frame = ref _frames[_frameCount - 1];
        var proto = frame.Proto;
        var code = proto.Code;
        var k = proto.Constants;
        var upvals = frame.Closure.Captures;
        int fp = frame.Fp;
        int pc = frame.ReturnPc;
        int sp = _sp;
        var stack = _stack;
        ref Value slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);

        while (true)
        {
            var ins = code[pc++];
            if (typeof(TMode) == typeof(CountingMode)) _stats!.Count(ins.Op);
            switch (ins.Op)
            {
                case StackOp.PushK:
                    Value.Copy(ref stack[sp++], ref k[ins.A]);
                    break;
                case StackOp.PushNil:
                    stack[sp++] = default;
                    break;
                case StackOp.Load:
                    Value.Copy(ref stack[sp++], ref Unsafe.Add(ref slots, ins.A));
                    break;
                case StackOp.Store:
                    Value.CopyShared(ref Unsafe.Add(ref slots, ins.A), ref stack[--sp]);
                    break;
                case StackOp.LoadGlobal:
                    Value.Copy(ref stack[sp++], ref _globals[ins.A]);
                    break;
                case StackOp.StoreGlobal:
                    _globals[ins.A] = stack[--sp].Share();
                    break;
                case StackOp.LoadCell:
                    stack[sp++] = Unsafe.Add(ref slots, ins.A).AsCell.Value;
                    break;
                case StackOp.StoreCell:
                    Unsafe.Add(ref slots, ins.A).AsCell.Value = stack[--sp].Share();
                    break;
                case StackOp.BindCell:
                    Unsafe.Add(ref slots, ins.A) = Value.FromCell(new Cell(stack[--sp].Share()));
                    break;
                case StackOp.LoadUpval:
                    stack[sp++] = upvals[ins.A].Value;
                    break;
                case StackOp.StoreUpval:
                    upvals[ins.A].Value = stack[--sp].Share();
                    break;
                case StackOp.Pop:
                    sp--;
                    break;
                case StackOp.Share:
                    stack[sp - 1].Share();
                    break;
                case StackOp.SetDepth:
                    sp = fp + proto.SlotCount + ins.A;
                    break;

                case StackOp.Add:
                {
                    var y = stack[--sp];
                    var x = stack[sp - 1];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw At(new RuchyError("Integer overflow in addition"), proto, pc - 1);
                        stack[sp - 1] = Value.FromInt(s);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) stack[sp - 1] = Value.FromFloat(x.AsFloat + y.AsFloat);
                    else stack[sp - 1] = Arith(BinaryOp.Add, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.AddK:
                case StackOp.SubK:
                {
                    var x = stack[sp - 1];
                    var y = k[ins.A];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ins.Op == StackOp.AddK ? y.AsInt : -y.AsInt, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw At(new RuchyError(ins.Op == StackOp.AddK ? "Integer overflow in addition" : "Integer overflow in subtraction"), proto, pc - 1);
                        stack[sp - 1] = Value.FromInt(s);
                    }
                    else stack[sp - 1] = Arith(ins.Op == StackOp.AddK ? BinaryOp.Add : BinaryOp.Sub, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Sub:
                {
                    var y = stack[--sp];
                    ref var x = ref stack[sp - 1];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, d = a - b;
                        if (((a ^ b) & (a ^ d)) < 0) throw At(new RuchyError("Integer overflow in subtraction"), proto, pc - 1);
                        x = Value.FromInt(d);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) x = Value.FromFloat(x.AsFloat - y.AsFloat);
                    else x = Arith(BinaryOp.Sub, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Mul:
                {
                    var y = stack[--sp];
                    ref var x = ref stack[sp - 1];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        if (Math.BigMul(x.AsInt, y.AsInt, out long low) != (low >> 63)) throw At(new RuchyError("Integer overflow in multiplication"), proto, pc - 1);
                        x = Value.FromInt(low);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) x = Value.FromFloat(x.AsFloat * y.AsFloat);
                    else x = Arith(BinaryOp.Mul, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Div:
                {
                    var y = stack[--sp];
                    ref var x = ref stack[sp - 1];
                    if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) x = Value.FromFloat(x.AsFloat / y.AsFloat);
                    else x = Arith(BinaryOp.Div, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Rem:
                {
                    var y = stack[--sp];
                    ref var x = ref stack[sp - 1];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int && y.AsInt > 0) x = Value.FromInt(x.AsInt % y.AsInt);
                    else x = Arith(BinaryOp.Rem, x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Pow:
                case StackOp.Eq:
                case StackOp.Ne:
                case StackOp.Lt:
                case StackOp.Le:
                case StackOp.Gt:
                case StackOp.Ge:
                case StackOp.BitAnd:
                case StackOp.BitOr:
                case StackOp.BitXor:
                case StackOp.Shl:
                case StackOp.Shr:
                {
                    var y = stack[--sp];
                    var x = stack[sp - 1];
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int && ins.Op is StackOp.Lt or StackOp.Le or StackOp.Gt or StackOp.Ge or StackOp.Eq or StackOp.Ne)
                    {
                        long a = x.AsInt, b = y.AsInt;
                        stack[sp - 1] = Value.FromBool(ins.Op switch
                        {
                            StackOp.Lt => a < b,
                            StackOp.Le => a <= b,
                            StackOp.Gt => a > b,
                            StackOp.Ge => a >= b,
                            StackOp.Eq => a == b,
                            _ => a != b,
                        });
                    }
                    else stack[sp - 1] = Arith(ToBinary(ins.Op), x, y, proto, pc - 1);
                    break;
                }
                case StackOp.Neg:
                case StackOp.Not:
                case StackOp.BitNot:
                case StackOp.Plus:
                    stack[sp - 1] = Unary(ins.Op, stack[sp - 1], proto, pc - 1);
                    break;

                case StackOp.Jmp:
                    pc += ins.A;
                    // Every loop closes with a backward Jmp: the place to notice an interrupt.
                    if (ins.A < 0 && _interrupt.Raised) ExecutionInterrupted.Throw();
                    break;
                case StackOp.JmpIfFalse:
                    if (!stack[--sp].IsTruthy) pc += ins.A;
                    break;
                case StackOp.Fail:
                    if (!stack[--sp].AsBool) pc += ins.A;
                    break;
                case StackOp.JmpIfTrueKeep:
                    if (stack[sp - 1].IsTruthy) pc += ins.A;
                    else sp--;
                    break;
                case StackOp.JmpIfFalseKeep:
                    if (!stack[sp - 1].IsTruthy) pc += ins.A;
                    else sp--;
                    break;
                case StackOp.JmpIfPresentKeep:
                {
                    var v = stack[sp - 1];
                    if (!(v.IsNil || (v.Kind == ValueKind.Enum && v.AsEnum.IsNone))) pc += ins.A;
                    else sp--;
                    break;
                }
                case StackOp.JmpIfNil:
                    if (stack[--sp].IsNil) pc += ins.A;
                    break;
                case StackOp.JmpIfNotLt:
                case StackOp.JmpIfNotLe:
                case StackOp.JmpIfNotGt:
                case StackOp.JmpIfNotGe:
                case StackOp.JmpIfNotEq:
                case StackOp.JmpIfNotNe:
                {
                    var y = stack[--sp];
                    var x = stack[--sp];
                    bool holds;
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt;
                        holds = ins.Op switch
                        {
                            StackOp.JmpIfNotLt => a < b,
                            StackOp.JmpIfNotLe => a <= b,
                            StackOp.JmpIfNotGt => a > b,
                            StackOp.JmpIfNotGe => a >= b,
                            StackOp.JmpIfNotEq => a == b,
                            _ => a != b,
                        };
                    }
                    else holds = Arith(ToBinary(ins.Op), x, y, proto, pc - 1).IsTruthy;
                    if (!holds) pc += ins.A;
                    break;
                }

                case StackOp.Call:
                {
                    int argc = ins.A;
                    int calleeAt = sp - argc - 1;
                    var callee = stack[calleeAt];
                    if (callee.Kind == ValueKind.Function)
                    {
                        var f = callee.AsFunction;
                        var p = Unsafe.As<StackProto>(f.Code);
                        frame.ReturnPc = pc;
                        int newFp = calleeAt + 1;
                        // The common case inline (exact arity without defaults, not main, room for the frame and
                        // its slots, not counting, no interrupt); the rest through PushFrame's checks.
                        if (p.DirectArgc == argc && _frameCount < _maxDepth && _frameCount < _frames.Length
                            && newFp + p.FrameSize + 8 <= stack.Length && typeof(TMode) == typeof(FastMode) && !_interrupt.Raised)
                        {
                            int callPos = proto.Positions[pc - 1];
                            frame = ref _frames[_frameCount++];
                            Enter(ref frame, f, p, newFp, calleeAt, argc, callPos);
                        }
                        else
                        {
                            if (argc > p.ParamCount || argc < p.RequiredParams)
                                throw At(Operations.FunctionArity(p.Name, p.RequiredParams, p.ParamCount, argc), proto, pc - 1);
                            PushFrame(f, newFp, calleeAt, argc, proto.Positions[pc - 1]);
                            frame = ref _frames[_frameCount - 1];
                        }
                        proto = p;
                        code = p.Code;
                        k = p.Constants;
                        upvals = f.Captures;
                        fp = calleeAt + 1;
                        pc = 0;
                        sp = _sp;
                        stack = _stack;
                        slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                        break;
                    }
                    frame.ReturnPc = pc;
                    _sp = sp;
                    var result = CallOther(callee, calleeAt, argc, proto, pc - 1);
                    stack = _stack;
                    // A callback may have grown (replaced) the frames array: the ref must follow it.
                    frame = ref _frames[_frameCount - 1];
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    stack[calleeAt] = result;
                    sp = calleeAt + 1;
                    break;
                }
                case StackOp.CallNative:
                {
                    int argc = ins.A;
                    int at = sp - argc;
                    frame.ReturnPc = pc;
                    _sp = sp;
                    Value result;
                    try
                    {
                        _nativeCallPos = proto.Positions[pc - 1];
                        result = BuiltinCalls.Invoke(this, (BuiltinFunction)ins.B, new ReadOnlySpan<Value>(_stack, at, argc));
                    }
                    catch (RuchyError e) when (LocateAndPass(e, proto, pc - 1))
                    {
                        throw;
                    }
                    stack = _stack;
                    // A callback may have grown (replaced) the frames array: the ref must follow it.
                    frame = ref _frames[_frameCount - 1];
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    stack[at] = result;
                    sp = at + 1;
                    break;
                }
                case StackOp.CallMethod:
                case StackOp.CallMethodMut:
                {
                    frame.ReturnPc = pc;
                    var site = Unsafe.As<MethodSite>(proto.Side[ins.B]);
                    int argc = ins.A;
                    int receiverAt;
                    if (ins.Op == StackOp.CallMethodMut)
                    {
                        // The unique place value on top replaces the receiver under the arguments.
                        receiverAt = sp - argc - 2;
                        stack[receiverAt] = stack[--sp];
                    }
                    else
                    {
                        receiverAt = sp - argc - 1;
                        // A struct method already in the site's inline cache, taking self or &self with exact arity:
                        // the frame is entered here. Everything else goes through PrepareMethod.
                        ref var receiver = ref stack[receiverAt];
                        if (receiver.Kind == ValueKind.Struct && typeof(TMode) == typeof(FastMode)
                            && ReferenceEquals(site.CachedMethods, receiver.AsStruct.Type.Methods) && site.CachedMethod.Kind == ValueKind.Function)
                        {
                            var f = site.CachedMethod.AsFunction;
                            var p = Unsafe.As<StackProto>(f.Code);
                            if (p.DirectMethodArgc == argc + 1 && _frameCount < _maxDepth && _frameCount < _frames.Length
                                && receiverAt + p.FrameSize + 8 <= stack.Length && !_interrupt.Raised)
                            {
                                if (p.SelfKind == SelfKind.Value) receiver.Share();
                                // It returns past the mutation path that follows CallMethod.
                                frame.ReturnPc = pc + site.SkipOffset;
                                int callPos = proto.Positions[pc - 1];
                                frame = ref _frames[_frameCount++];
                                Enter(ref frame, f, p, receiverAt, receiverAt, argc + 1, callPos);
                                goto EnterFrame;
                            }
                        }
                    }
                    _sp = sp;
                    var outcome = ins.Op == StackOp.CallMethod
                        ? PrepareMethod(site, receiverAt, argc, fp, proto, pc - 1)
                        : PrepareMethodMut(site, receiverAt, argc, fp, proto, pc - 1);
                    stack = _stack;
                    // A callback may have grown (replaced) the frames array: the ref must follow it.
                    frame = ref _frames[_frameCount - 1];
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    if (outcome == MethodOutcome.NeedsPlace) break;
                    if (outcome == MethodOutcome.Done)
                    {
                        sp = receiverAt + 1;
                        if (ins.Op == StackOp.CallMethod) pc += site.SkipOffset;
                        break;
                    }
                    // A frame was pushed: continue there; it returns to just past the mutation path.
                    _frames[_frameCount - 2].ReturnPc = ins.Op == StackOp.CallMethod ? pc + site.SkipOffset : pc;
                    frame = ref _frames[_frameCount - 1];
                EnterFrame:
                    proto = frame.Proto;
                    code = proto.Code;
                    k = proto.Constants;
                    upvals = frame.Closure.Captures;
                    fp = frame.Fp;
                    pc = 0;
                    sp = _sp;
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    break;
                }
                case StackOp.Return:
                case StackOp.ReturnNil:
                case StackOp.Try:
                {
                    Value result;
                    if (ins.Op == StackOp.Try)
                    {
                        if (Operations.TryUnwrap(stack[sp - 1], out result))
                        {
                            stack[sp - 1] = result;
                            break;
                        }
                    }
                    else result = ins.Op == StackOp.Return ? stack[sp - 1] : default;
                    if (frame.WriteBackSlot >= 0)
                    {
                        var final = stack[frame.Fp];
                        if (final.Kind == ValueKind.Cell) final = final.AsCell.Value;
                        bool replaced = final.Reference != frame.OriginalSelf || final.Kind != frame.OriginalKind;
                        if (!frame.WriteBackDirect) stack[frame.WriteBackSlot] = replaced ? final.Share() : default;
                        else if (replaced) stack[frame.WriteBackSlot] = final.Share();
                    }
                    int returnSp = frame.ReturnSp;
                    _frameCount--;
                    if (_frameCount < stopAt)
                    {
                        _sp = returnSp;
                        return result;
                    }
                    stack[returnSp] = result;
                    frame = ref _frames[_frameCount - 1];
                    proto = frame.Proto;
                    code = proto.Code;
                    k = proto.Constants;
                    upvals = frame.Closure.Captures;
                    fp = frame.Fp;
                    pc = frame.ReturnPc;
                    sp = returnSp + 1;
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    break;
                }
                case StackOp.Default:
                    if (frame.Argc > ins.A && !IsDefaultMarker(Unsafe.Add(ref slots, ins.A))) pc += ins.B;
                    break;
                case StackOp.BoxParam:
                    Unsafe.Add(ref slots, ins.A) = Value.FromCell(new Cell(Unsafe.Add(ref slots, ins.A)));
                    break;
                case StackOp.Closure:
                {
                    var p = Unsafe.As<StackProto>(proto.Side[ins.A]);
                    stack[sp++] = Value.FromFunction(new RFunction(p.Name, p, Operations.CaptureCells(p.Captures, stack, fp, upvals)));
                    break;
                }

                case StackOp.GetField:
                {
                    var target = stack[sp - 1];
                    var site = Unsafe.As<FieldSite>(proto.Side[ins.A]);
                    if (target.Kind == ValueKind.Struct && ReferenceEquals(site.CachedType, target.AsStruct.Type))
                        stack[sp - 1] = target.AsStruct.Fields[site.CachedIndex];
                    else stack[sp - 1] = GetFieldSlow(target, site, proto, pc - 1);
                    break;
                }
                case StackOp.Index:
                {
                    var index = stack[--sp];
                    var target = stack[sp - 1];
                    if (target.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)target.AsArray.Count)
                        stack[sp - 1] = target.AsArray[(int)index.AsInt];
                    else stack[sp - 1] = IndexSlow(target, index, proto, pc - 1);
                    break;
                }
                case StackOp.UniqueLocal:
                    CowObject.Unshare(ref Unsafe.Add(ref slots, ins.A));
                    break;
                case StackOp.IterNext:
                {
                    var it = Unsafe.As<VmIterator>(Unsafe.Add(ref slots, ins.A).Reference!);
                    if (it.TryNext(out var item)) stack[sp++] = item;
                    else pc += ins.B;
                    break;
                }
                case StackOp.ForLoop:
                    if (VmOps.RangeLoopStep(ref Unsafe.Add(ref slots, ins.A), ref Unsafe.Add(ref slots, ins.A + 1), out long rangeItem))
                        stack[sp++] = Value.FromInt(rangeItem);
                    else pc += ins.B;
                    break;
                default:
                    _sp = sp;
                    Other(ins, proto, pc - 1, fp, upvals);
                    sp = _sp;
                    stack = _stack;
                    // A callback may have grown (replaced) the frames array: the ref must follow it.
                    frame = ref _frames[_frameCount - 1];
                    slots = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(stack), fp);
                    break;
            }
        }
    }
}
