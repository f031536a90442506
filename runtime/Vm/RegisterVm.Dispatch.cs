using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Values;

namespace Ruchy.Vm;

internal sealed partial class RegisterVm
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
    /// The dispatch loop. Runs until the frame marked ReturnsToHost (the one on top when it starts) returns, and gives its value.
    /// <typeparamref name="TMode"/> is a struct, so the JIT compiles one loop with instruction counting
    /// and one without (the counting branch is removed, not tested, in the fast loop).
    /// Only three things stay live across instructions (the frame, the instruction pointer and R[0]),
    /// so the JIT keeps them in registers; everything else (proto, constants, captures, pc for error
    /// positions) is read from the frame on the paths that need it.
    /// </summary>
    // Fully optimized from the first call: the loop runs once per program, so tiering would leave it in OSR code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Value Execute<TMode>() where TMode : struct, IMode
    {
        ref var frame = ref _frames[_frameCount - 1];
        ref Instr ip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(frame.Code), frame.ReturnPc);
        // R[0] of the current frame: register access without bounds checks or an add of fp.
        ref Value regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
        Value returned;

        while (true)
        {
            if (typeof(TMode) == typeof(CountingMode)) _stats!.Count(ip.Op);
            switch (ip.Op)
            {
                case RegOp.Move:
                    Value.Copy(ref Unsafe.Add(ref regs, ip.A), ref Unsafe.Add(ref regs, ip.B));
                    break;
                case RegOp.MoveShare:
                    Value.CopyShared(ref Unsafe.Add(ref regs, ip.A), ref Unsafe.Add(ref regs, ip.B));
                    break;
                case RegOp.Share:
                    Unsafe.Add(ref regs, ip.A).Share();
                    break;
                case RegOp.LoadK:
                    Value.Copy(ref Unsafe.Add(ref regs, ip.A), ref frame.Proto.Constants[ip.B]);
                    break;
                case RegOp.LoadNil:
                    Unsafe.Add(ref regs, ip.A) = default;
                    break;
                case RegOp.GetGlobal:
                    Value.Copy(ref Unsafe.Add(ref regs, ip.A), ref _globals[ip.B]);
                    break;
                case RegOp.SetGlobal:
                    _globals[ip.B] = Unsafe.Add(ref regs, ip.A).Share();
                    break;
                case RegOp.GetCell:
                    Unsafe.Add(ref regs, ip.A) = Unsafe.Add(ref regs, ip.B).AsCell.Value;
                    break;
                case RegOp.SetCell:
                    Unsafe.Add(ref regs, ip.B).AsCell.Value = Unsafe.Add(ref regs, ip.A).Share();
                    break;
                case RegOp.BindCell:
                    Unsafe.Add(ref regs, ip.B) = Value.FromCell(new Cell(Unsafe.Add(ref regs, ip.A).Share()));
                    break;
                case RegOp.GetUpval:
                    Unsafe.Add(ref regs, ip.A) = frame.Closure.Captures[ip.B].Value;
                    break;
                case RegOp.SetUpval:
                    frame.Closure.Captures[ip.B].Value = Unsafe.Add(ref regs, ip.A).Share();
                    break;

                case RegOp.Add:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw Fault(new RuchyError("Integer overflow in addition"), ref frame, ref ip);
                        Unsafe.Add(ref regs, ip.A) = Value.FromInt(s);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ip.A) = Value.FromFloat(x.AsFloat + y.AsFloat);
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Add, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.AddK:
                {
                    // The constant is the C operand itself: no constant-table load, no second kind test.
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    if (x.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ip.C, s = a + b;
                        if (((a ^ s) & (b ^ s)) < 0) throw Fault(new RuchyError("Integer overflow in addition"), ref frame, ref ip);
                        Unsafe.Add(ref regs, ip.A) = Value.FromInt(s);
                    }
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Add, x, Value.FromInt(ip.C), ref frame, ref ip);
                    break;
                }
                case RegOp.Sub:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt, s = a - b;
                        if (((a ^ b) & (a ^ s)) < 0) throw Fault(new RuchyError("Integer overflow in subtraction"), ref frame, ref ip);
                        Unsafe.Add(ref regs, ip.A) = Value.FromInt(s);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ip.A) = Value.FromFloat(x.AsFloat - y.AsFloat);
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Sub, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.SubK:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    if (x.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ip.C, s = a - b;
                        if (((a ^ b) & (a ^ s)) < 0) throw Fault(new RuchyError("Integer overflow in subtraction"), ref frame, ref ip);
                        Unsafe.Add(ref regs, ip.A) = Value.FromInt(s);
                    }
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Sub, x, Value.FromInt(ip.C), ref frame, ref ip);
                    break;
                }
                case RegOp.Mul:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        if (Math.BigMul(x.AsInt, y.AsInt, out long low) != (low >> 63)) throw Fault(new RuchyError("Integer overflow in multiplication"), ref frame, ref ip);
                        Unsafe.Add(ref regs, ip.A) = Value.FromInt(low);
                    }
                    else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ip.A) = Value.FromFloat(x.AsFloat * y.AsFloat);
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Mul, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Div:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) Unsafe.Add(ref regs, ip.A) = Value.FromFloat(x.AsFloat / y.AsFloat);
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Div, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Rem:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int && y.AsInt > 0) Unsafe.Add(ref regs, ip.A) = Value.FromInt(x.AsInt % y.AsInt);
                    else Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Rem, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Pow:
                    Unsafe.Add(ref regs, ip.A) = ArithAt(BinaryOp.Pow, Unsafe.Add(ref regs, ip.B), Unsafe.Add(ref regs, ip.C), ref frame, ref ip);
                    break;
                case RegOp.Eq:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt == y.AsInt) : Value.FromBool(ValueEquality.AreEqual(x, y));
                    break;
                }
                case RegOp.Ne:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt != y.AsInt) : Value.FromBool(!ValueEquality.AreEqual(x, y));
                    break;
                }
                case RegOp.Lt:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt < y.AsInt) : ArithAt(BinaryOp.Lt, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Le:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt <= y.AsInt) : ArithAt(BinaryOp.Le, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Gt:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt > y.AsInt) : ArithAt(BinaryOp.Gt, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.Ge:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    ref var y = ref Unsafe.Add(ref regs, ip.C);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? Value.FromBool(x.AsInt >= y.AsInt) : ArithAt(BinaryOp.Ge, x, y, ref frame, ref ip);
                    break;
                }
                case RegOp.BitAnd:
                case RegOp.BitOr:
                case RegOp.BitXor:
                case RegOp.Shl:
                case RegOp.Shr:
                    Unsafe.Add(ref regs, ip.A) = ArithAt(BitOp(ip.Op), Unsafe.Add(ref regs, ip.B), Unsafe.Add(ref regs, ip.C), ref frame, ref ip);
                    break;
                case RegOp.Neg:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Int && x.AsInt != long.MinValue ? Value.FromInt(-x.AsInt) : Unary(ip.Op, x, frame.Proto, PcOf(ref frame, ref ip));
                    break;
                }
                case RegOp.Not:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.B);
                    Unsafe.Add(ref regs, ip.A) = x.Kind == ValueKind.Bool ? Value.FromBool(!x.AsBool) : Unary(ip.Op, x, frame.Proto, PcOf(ref frame, ref ip));
                    break;
                }
                case RegOp.BitNot:
                case RegOp.Plus:
                    Unsafe.Add(ref regs, ip.A) = Unary(ip.Op, Unsafe.Add(ref regs, ip.B), frame.Proto, PcOf(ref frame, ref ip));
                    break;

                case RegOp.Jmp:
                {
                    int offset = ip.A;
                    ip = ref Unsafe.Add(ref ip, offset);
                    // Every loop closes with a backward Jmp: the place to notice an interrupt, and for the JIT
                    // tier to count the loop and replace this activation by compiled code when it is hot.
                    if (offset < 0)
                    {
                        if (_interrupt.Raised) ExecutionInterrupted.Throw();
                        if (_jit != null && frame.Proto.JitCandidate is { OsrPossible: true } && TryEnterOsr(PcOf(ref frame, ref ip) + 1, out returned))
                        {
                            frame = ref _frames[_frameCount - 1];
                            if (frame.SlowReturn) goto SlowReturn;
                            _stack[frame.ReturnSlot] = returned;
                            goto PopFrame;
                        }
                    }
                    break;
                }
                case RegOp.JmpIfFalse:
                    if (!Unsafe.Add(ref regs, ip.A).IsTruthy) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                case RegOp.JmpIfTrue:
                    if (Unsafe.Add(ref regs, ip.A).IsTruthy) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                case RegOp.Fail:
                    if (!Unsafe.Add(ref regs, ip.A).AsBool) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                case RegOp.JmpIfPresent:
                {
                    ref var v = ref Unsafe.Add(ref regs, ip.A);
                    if (!(v.IsNil || (v.Kind == ValueKind.Enum && v.AsEnum.IsNone))) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                }
                case RegOp.JmpIfNil:
                    if (Unsafe.Add(ref regs, ip.A).IsNil) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                case RegOp.JmpIfNotCallee:
                {
                    // The inlined body runs only where the call would have pushed a frame of that very function: otherwise
                    // the call itself runs (and reports a redefined callee or a too-deep stack exactly as before).
                    ref var callee = ref _globals[ip.A];
                    if (!(callee.Kind == ValueKind.Function && ReferenceEquals(Unsafe.As<FunctionProto>(callee.AsFunction.Code).Source, frame.Proto.Side[ip.B])
                          && _frameCount < _frameLimit))
                        ip = ref Unsafe.Add(ref ip, ip.C);
                    break;
                }
                case RegOp.JmpIfNotLtI:
                {
                    // Its own case (the loop test of most loops and of recursion's base case): one dispatch, no second switch.
                    ref var x = ref Unsafe.Add(ref regs, ip.A);
                    if (x.Kind == ValueKind.Int)
                    {
                        if (x.AsInt >= ip.B) ip = ref Unsafe.Add(ref ip, ip.C);
                    }
                    else if (!CompareSlow(ip.Op, x, Value.FromInt(ip.B), frame.Proto, PcOf(ref frame, ref ip)).IsTruthy) ip = ref Unsafe.Add(ref ip, ip.C);
                    break;
                }
                case RegOp.JmpIfNotLeI:
                case RegOp.JmpIfNotGtI:
                case RegOp.JmpIfNotGeI:
                case RegOp.JmpIfNotEqI:
                case RegOp.JmpIfNotNeI:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.A);
                    bool holds;
                    if (x.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = ip.B;
                        holds = ip.Op switch
                        {
                            RegOp.JmpIfNotLeI => a <= b,
                            RegOp.JmpIfNotGtI => a > b,
                            RegOp.JmpIfNotGeI => a >= b,
                            RegOp.JmpIfNotEqI => a == b,
                            _ => a != b,
                        };
                    }
                    else holds = CompareSlow(ip.Op, x, Value.FromInt(ip.B), frame.Proto, PcOf(ref frame, ref ip)).IsTruthy;
                    if (!holds) ip = ref Unsafe.Add(ref ip, ip.C);
                    break;
                }
                case RegOp.JmpIfNotLt:
                case RegOp.JmpIfNotLe:
                case RegOp.JmpIfNotGt:
                case RegOp.JmpIfNotGe:
                case RegOp.JmpIfNotEq:
                case RegOp.JmpIfNotNe:
                {
                    ref var x = ref Unsafe.Add(ref regs, ip.A);
                    ref var y = ref Unsafe.Add(ref regs, ip.B);
                    bool holds;
                    if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
                    {
                        long a = x.AsInt, b = y.AsInt;
                        holds = ip.Op switch
                        {
                            RegOp.JmpIfNotLt => a < b,
                            RegOp.JmpIfNotLe => a <= b,
                            RegOp.JmpIfNotGt => a > b,
                            RegOp.JmpIfNotGe => a >= b,
                            RegOp.JmpIfNotEq => a == b,
                            _ => a != b,
                        };
                    }
                    else holds = CompareSlow(ip.Op, x, y, frame.Proto, PcOf(ref frame, ref ip)).IsTruthy;
                    if (!holds) ip = ref Unsafe.Add(ref ip, ip.C);
                    break;
                }

                case RegOp.Call:
                case RegOp.CallGlobal:
                {
                    ref var callee = ref ip.Op == RegOp.Call ? ref Unsafe.Add(ref regs, ip.A) : ref _globals[ip.C];
                    int returnPc = PcOf(ref frame, ref ip) + 1;
                    frame.ReturnPc = returnPc;
                    if (callee.Kind == ValueKind.Function)
                    {
                        var f = callee.AsFunction;
                        var p = Unsafe.As<RegisterProto>(f.Code);
                        int newFp = frame.Fp + ip.A + 1;
                        // The common case in one test each: exact arity without defaults and not main (DirectArgc),
                        // room for a frame (_frameLimit = min(max depth, frames allocated)) and its registers,
                        // not counting, no interrupt pending.
                        if (p.DirectArgc == ip.B && _frameCount < _frameLimit && newFp + p.FrameSize + 8 <= _stack.Length
                            && typeof(TMode) == typeof(FastMode) && !_interrupt.Raised)
                        {
                            // The call position is derived from the caller's ReturnPc when a stack trace needs it: no positions load per call.
                            frame = ref EnterInline(ref frame, f, p, newFp, newFp - 1, ip.B, CallPosFromCaller);
                        }
                        else if (_jit != null && TryCallCompiled(f, p, ip.B, newFp, frame.Proto.Positions[returnPc - 1], out var compiledResult))
                        {
                            frame = ref _frames[_frameCount - 1];
                            regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                            Unsafe.Add(ref regs, ip.A) = compiledResult;
                            break;
                        }
                        else
                        {
                            PushCall(f, ip.B, newFp, frame.Proto, returnPc - 1);
                            frame = ref _frames[_frameCount - 1];
                        }
                        ip = ref MemoryMarshal.GetArrayDataReference(frame.Code);
                        regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), newFp);
                        continue;
                    }
                    var result = CallOther(callee, ip, frame.Proto, returnPc - 1, frame.Fp);
                    frame = ref _frames[_frameCount - 1];
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                    Unsafe.Add(ref regs, ip.A) = result;
                    break;
                }
                case RegOp.CallNative:
                {
                    frame.ReturnPc = PcOf(ref frame, ref ip) + 1;
                    var result = CallBuiltin(ip, frame.Proto, frame.ReturnPc - 1, frame.Fp);
                    frame = ref _frames[_frameCount - 1];
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                    Unsafe.Add(ref regs, ip.A) = result;
                    break;
                }
                case RegOp.CallMethod:
                {
                    // A struct method already in the site's inline cache, taking self or &self with exact arity:
                    // the frame is pushed here as for Call. Everything else goes through PrepareMethod.
                    ref var receiver = ref Unsafe.Add(ref regs, ip.A);
                    if (receiver.Kind == ValueKind.Struct && typeof(TMode) == typeof(FastMode))
                    {
                        var site = Unsafe.As<MethodSite>(frame.Proto.Side[ip.C]);
                        if (ReferenceEquals(site.CachedMethods, receiver.AsStruct.Type.Methods) && site.CachedMethod.Kind == ValueKind.Function)
                        {
                            var f = site.CachedMethod.AsFunction;
                            var p = Unsafe.As<RegisterProto>(f.Code);
                            int newFp = frame.Fp + ip.A;
                            if (p.DirectMethodArgc == ip.B + 1 && _frameCount < _frameLimit && newFp + p.FrameSize + 8 <= _stack.Length && !_interrupt.Raised)
                            {
                                if (p.SelfKind == SelfKind.Value) receiver.Share();
                                int pc = PcOf(ref frame, ref ip);
                                // It returns past the mutation path that follows CallMethod.
                                frame.ReturnPc = pc + 1 + site.SkipOffset;
                                frame = ref EnterInline(ref frame, f, p, newFp, newFp, ip.B + 1, frame.Proto.Positions[pc]);
                                ip = ref MemoryMarshal.GetArrayDataReference(frame.Code);
                                regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), newFp);
                                continue;
                            }
                        }
                    }
                    goto case RegOp.CallMethodMut;
                }
                case RegOp.CallMethodMut:
                {
                    int pc = PcOf(ref frame, ref ip) + 1;
                    frame.ReturnPc = pc;
                    var proto = frame.Proto;
                    var site = Unsafe.As<MethodSite>(proto.Side[ip.C]);
                    var outcome = ip.Op == RegOp.CallMethod
                        ? PrepareMethod(site, frame.Fp + ip.A, ip.B, site.ReceiverLocal < 0 ? -1 : frame.Fp + site.ReceiverLocal, proto.Positions[pc - 1], pc - 1)
                        : PrepareMethodMut(site, ip, proto, pc - 1, frame.Fp);
                    if (outcome == MethodOutcome.PushedFrame)
                    {
                        // A frame was pushed for a Ruchy method: continue there; it returns past the mutation path.
                        if (ip.Op == RegOp.CallMethod) _frames[_frameCount - 2].ReturnPc = pc + site.SkipOffset;
                        frame = ref _frames[_frameCount - 1];
                        ip = ref MemoryMarshal.GetArrayDataReference(frame.Code);
                        regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                        continue;
                    }
                    frame = ref _frames[_frameCount - 1];
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                    // Done: the mutation path after the call is not needed. NeedsPlace: run it.
                    if (outcome == MethodOutcome.Done && ip.Op == RegOp.CallMethod) ip = ref Unsafe.Add(ref ip, site.SkipOffset);
                    break;
                }
                case RegOp.Return:
                    if (frame.SlowReturn)
                    {
                        returned = Unsafe.Add(ref regs, ip.A);
                        goto SlowReturn;
                    }
                    Value.Copy(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.ReturnSlot), ref Unsafe.Add(ref regs, ip.A));
                    goto PopFrame;
                case RegOp.ReturnNil:
                    returned = default;
                    if (frame.SlowReturn) goto SlowReturn;
                    Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.ReturnSlot) = default;
                    goto PopFrame;
                case RegOp.Try:
                    if (Operations.TryUnwrap(Unsafe.Add(ref regs, ip.B), out returned))
                    {
                        Unsafe.Add(ref regs, ip.A) = returned;
                        break;
                    }
                    // As Return: a frame pushed inline has stale write-back and host-return fields, read only when SlowReturn is set.
                    if (frame.SlowReturn) goto SlowReturn;
                    Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.ReturnSlot) = returned;
                    goto PopFrame;
                case RegOp.Default:
                    if (frame.Argc > ip.A && !IsDefaultMarker(Unsafe.Add(ref regs, ip.A))) ip = ref Unsafe.Add(ref ip, ip.B);
                    break;
                case RegOp.BoxParam:
                    Unsafe.Add(ref regs, ip.A) = Value.FromCell(new Cell(Unsafe.Add(ref regs, ip.A)));
                    break;
                case RegOp.Closure:
                    Unsafe.Add(ref regs, ip.A) = MakeClosure(Unsafe.As<RegisterProto>(frame.Proto.Side[ip.B]), frame.Fp, frame.Closure.Captures);
                    break;

                case RegOp.GetField:
                {
                    ref var target = ref Unsafe.Add(ref regs, ip.B);
                    var site = Unsafe.As<FieldSite>(frame.Proto.Side[ip.C]);
                    if (target.Kind == ValueKind.Struct && ReferenceEquals(site.CachedType, target.AsStruct.Type))
                        Unsafe.Add(ref regs, ip.A) = target.AsStruct.Fields[site.CachedIndex];
                    else Unsafe.Add(ref regs, ip.A) = GetFieldSlow(target, site, frame.Proto, PcOf(ref frame, ref ip));
                    break;
                }
                case RegOp.Index:
                {
                    ref var target = ref Unsafe.Add(ref regs, ip.B);
                    ref var index = ref Unsafe.Add(ref regs, ip.C);
                    if (target.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)target.AsArray.Count)
                        Unsafe.Add(ref regs, ip.A) = target.AsArray[(int)index.AsInt];
                    else Unsafe.Add(ref regs, ip.A) = IndexSlow(target, index, frame.Proto, PcOf(ref frame, ref ip));
                    break;
                }
                case RegOp.UniqueLocal:
                    Unshare(ref Unsafe.Add(ref regs, ip.A));
                    break;
                case RegOp.SetIndex:
                {
                    ref var container = ref Unsafe.Add(ref regs, ip.A);
                    ref var index = ref Unsafe.Add(ref regs, ip.B);
                    if (container.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)container.AsArray.Count)
                        container.AsArray[(int)index.AsInt] = Unsafe.Add(ref regs, ip.C).Share();
                    else SetIndexSlow(container, index, Unsafe.Add(ref regs, ip.C), frame.Proto, PcOf(ref frame, ref ip));
                    break;
                }

                case RegOp.IterNext:
                {
                    var it = Unsafe.As<VmIterator>(Unsafe.Add(ref regs, ip.A).Reference!);
                    if (it.TryNext(out var item)) Unsafe.Add(ref regs, ip.B) = item;
                    else ip = ref Unsafe.Add(ref ip, ip.C);
                    break;
                }

                case RegOp.ForLoop:
                    if (VmOps.RangeLoopStep(ref Unsafe.Add(ref regs, ip.A), ref Unsafe.Add(ref regs, ip.A + 1), out long rangeItem))
                        Unsafe.Add(ref regs, ip.B) = Value.FromInt(rangeItem);
                    else ip = ref Unsafe.Add(ref ip, ip.C);
                    break;

                default:
                    Other(ip, frame.Proto, PcOf(ref frame, ref ip), frame.Fp, frame.Closure.Captures);
                    frame = ref _frames[_frameCount - 1];
                    regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
                    break;
            }
            ip = ref Unsafe.Add(ref ip, 1);
            continue;

        // The common return (the value is already in the caller's register): the caller's frame is the
        // one below in the same array.
        PopFrame:
            _frameCount--;
            frame = ref Unsafe.Subtract(ref frame, 1);
            ip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(frame.Code), frame.ReturnPc);
            regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
            continue;

        // A return with more to do: a replaced &mut self goes back to the caller's place, and the frame
        // that entered this loop hands its value to the native caller.
        SlowReturn:
            if (PopSlow(ref frame, returned)) return returned;
            frame = ref _frames[_frameCount - 1];
            ip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(frame.Code), frame.ReturnPc);
            regs = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_stack), frame.Fp);
        }
    }

    /// <summary>
    /// Pushes the frame above <paramref name="frame"/> (its neighbour in the array: the caller checked
    /// <c>_frameLimit</c>, arity, room and interrupts) and returns it. Write-back and host-return fields are
    /// left stale: they are read only when SlowReturn is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref CallFrame EnterInline(ref CallFrame frame, RFunction f, RegisterProto p, int fp, int returnSlot, int argc, int callPos)
    {
        ref var nf = ref Unsafe.Add(ref frame, 1);
        _frameCount++;
        Fill(ref nf, f, p, fp, returnSlot, argc, callPos);
        return ref nf;
    }

    /// <summary>Pops a frame marked SlowReturn; true when it was the frame that entered the dispatch loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool PopSlow(ref CallFrame frame, Value returned)
    {
        if (frame.WriteBackSlot >= 0) WriteBackSelf(ref frame, _stack);
        _stack[frame.ReturnSlot] = returned;
        _frameCount--;
        return frame.ReturnsToHost;
    }

    /// <summary>Index of the instruction running in <paramref name="frame"/> (ip points at it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PcOf(ref CallFrame frame, ref Instr ip) =>
        (int)((nuint)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(frame.Code), ref ip) / (nuint)Unsafe.SizeOf<Instr>());

    /// <summary>A call the inline path does not take: checks arity, then pushes the frame the careful way.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushCall(RFunction f, int argc, int newFp, RegisterProto caller, int pc)
    {
        var p = Unsafe.As<RegisterProto>(f.Code);
        if (argc > p.ParamCount || argc < p.RequiredParams)
            throw At(Operations.FunctionArity(p.Name, p.RequiredParams, p.ParamCount, argc), caller, pc);
        PushFrame(f, newFp, newFp - 1, 0, argc, caller.Positions[pc]);
    }

    /// <summary>An error at the instruction running in <paramref name="frame"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private RuchyError Fault(RuchyError e, ref CallFrame frame, ref Instr ip) => At(e, frame.Proto, PcOf(ref frame, ref ip));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value ArithAt(BinaryOp op, Value x, Value y, ref CallFrame frame, ref Instr ip) => Arith(op, x, y, frame.Proto, PcOf(ref frame, ref ip));

    private static BinaryOp BitOp(RegOp op) => op switch
    {
        RegOp.BitAnd => BinaryOp.BitAnd,
        RegOp.BitOr => BinaryOp.BitOr,
        RegOp.BitXor => BinaryOp.BitXor,
        RegOp.Shl => BinaryOp.Shl,
        _ => BinaryOp.Shr,
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
