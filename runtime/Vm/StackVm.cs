using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Syntax.Ast;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>
/// The stack VM: the research counterpart of <see cref="RegisterVm"/>, with the same frame layout
/// (one value stack, a call's frame starts at its first argument) but implicit operands on an
/// operand stack above each frame's slots. Its loop has the same shape as the register VM's so the
/// two can be read side by side; semantics and errors come from the same shared operations.
/// </summary>
public sealed class StackVm : VmCore
{
    private struct Frame
    {
        public RFunction Closure;
        public int Fp;
        public int ReturnPc;
        public int ReturnSp;
        public int Argc;
        public int CallPos;
        public int WriteBackSlot;
        public bool WriteBackDirect;
        public object? OriginalSelf;
        public ValueKind OriginalKind;
        public readonly FunctionProto Proto => Unsafe.As<FunctionProto>(Closure.Code);
    }


    private Frame[] _frames = new Frame[256];
    private int _sp;

    public StackVm(SourceText source, TextWriter output, TextWriter? error = null, int maxDepth = Interpreter.TreeWalker.DefaultMaxDepth, VmStatistics? statistics = null, InterruptFlag? interrupt = null)
        : base(source, output, error, maxDepth, statistics, interrupt)
    {
        if (_stats != null) _stats.OpcodeType = typeof(StackOp);
    }


    public override Value Run(CompiledProgram program, Value[] globals)
    {
        if (globals.Length < program.GlobalNames.Length) throw new ArgumentException("fewer global slots than the program has globals", nameof(globals));
        _globals = globals;
        _mainProto = VmSupport.Load(program, _globals);

        var script = program.Script;
        PushFrame(new RFunction(script.Name, script, Array.Empty<Cell>()), 0, 0, 0, 0);
        var result = _stats != null ? Execute<CountingMode>(1) : Execute<FastMode>(1);
        if (_mainProto != null && !_mainCalled)
        {
            _nativeCallPos = _mainProto.Pos;
            Call(_globals[program.MainGlobal], ReadOnlySpan<Value>.Empty);
            return Value.Nil;
        }
        return result;
    }

    private interface IMode
    {
    }

    private struct FastMode : IMode
    {
    }

    private struct CountingMode : IMode
    {
    }

    /// <summary>Pushes a frame whose slots start at <paramref name="fp"/>; its operand stack starts above its slots.</summary>
    private void PushFrame(RFunction closure, int fp, int returnSp, int argc, int callPos)
    {
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
        var proto = Unsafe.As<FunctionProto>(closure.Code);
        if (_frameCount >= _maxDepth) throw Located(Operations.StackOverflow(_maxDepth, proto.Name), callPos);
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        if (proto == _mainProto) _mainCalled = true;
        EnsureStack(fp + proto.FrameSize + 8);
        Enter(ref _frames[_frameCount++], closure, proto, fp, returnSp, argc, callPos);
        _stats?.CountCall();
    }

    /// <summary>Fills a new top frame (the checks are the caller's: PushFrame, or the inline call path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter(ref Frame f, RFunction closure, FunctionProto proto, int fp, int returnSp, int argc, int callPos)
    {
        // A slot at the same depth often held this function last time: a compare costs less than a GC write barrier.
        if (!ReferenceEquals(f.Closure, closure)) f.Closure = closure;
        f.Fp = fp;
        f.ReturnPc = 0;
        f.ReturnSp = returnSp;
        f.Argc = argc;
        f.CallPos = callPos;
        f.WriteBackSlot = -1;
        f.WriteBackDirect = false;
        _sp = fp + proto.SlotCount;
    }

    /// <summary>Calls a function value from native code (callbacks, main).</summary>
    public override Value Call(Value callee, ReadOnlySpan<Value> args)
    {
        if (callee.Kind == ValueKind.Native)
        {
            var nf = callee.AsNative;
            if (args.Length < nf.MinArgs || args.Length > nf.MaxArgs) throw Operations.FunctionArity(nf.Name, nf.MinArgs, nf.MaxArgs, args.Length);
            return nf.Fn(this, args);
        }
        if (callee.Kind != ValueKind.Function) throw Operations.NotCallable(callee, "<callback>", false);
        var f = callee.AsFunction;
        var proto = (FunctionProto)f.Code;
        if (args.Length > proto.ParamCount || args.Length < proto.RequiredParams)
            throw Operations.FunctionArity(proto.Name, proto.RequiredParams, proto.ParamCount, args.Length);
        int savedSp = _sp;
        int fp = _sp + 1;
        EnsureStack(fp + proto.FrameSize + args.Length + 8);
        for (int i = 0; i < args.Length; i++) _stack[fp + i] = args[i].Share();
        PushFrame(f, fp, savedSp, args.Length, _nativeCallPos);
        var result = _stats != null ? Execute<CountingMode>(_frameCount) : Execute<FastMode>(_frameCount);
        _sp = savedSp;
        return result;
    }

    protected override void CaptureTrace(RuchyError e) =>
        Operations.AddStackTrace(e, _source, _frameCount, i => (_frames[_frameCount - 1 - i].Proto.Name, _frames[_frameCount - 1 - i].CallPos));

    /// <summary>The dispatch loop: same shape as RegisterVm.Execute, with operands on the stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Value Execute<TMode>(int stopAt) where TMode : struct, IMode
    {
        ref var frame = ref _frames[_frameCount - 1];
        var proto = frame.Proto;
        var code = proto.StackCode;
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
                        var p = Unsafe.As<FunctionProto>(f.Code);
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
                        code = p.StackCode;
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
                            var p = Unsafe.As<FunctionProto>(f.Code);
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
                    code = proto.StackCode;
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
                    code = proto.StackCode;
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
                    var p = Unsafe.As<FunctionProto>(proto.Side[ins.A]);
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

    private static BinaryOp ToBinary(StackOp op) => op switch
    {
        StackOp.Add => BinaryOp.Add,
        StackOp.Sub => BinaryOp.Sub,
        StackOp.Mul => BinaryOp.Mul,
        StackOp.Div => BinaryOp.Div,
        StackOp.Rem => BinaryOp.Rem,
        StackOp.Pow => BinaryOp.Pow,
        StackOp.Eq or StackOp.JmpIfNotEq => BinaryOp.Eq,
        StackOp.Ne or StackOp.JmpIfNotNe => BinaryOp.Ne,
        StackOp.Lt or StackOp.JmpIfNotLt => BinaryOp.Lt,
        StackOp.Le or StackOp.JmpIfNotLe => BinaryOp.Le,
        StackOp.Gt or StackOp.JmpIfNotGt => BinaryOp.Gt,
        StackOp.Ge or StackOp.JmpIfNotGe => BinaryOp.Ge,
        StackOp.BitAnd => BinaryOp.BitAnd,
        StackOp.BitOr => BinaryOp.BitOr,
        StackOp.BitXor => BinaryOp.BitXor,
        StackOp.Shl => BinaryOp.Shl,
        _ => BinaryOp.Shr,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value Unary(StackOp op, Value x, FunctionProto proto, int pc)
    {
        try
        {
            return op switch
            {
                StackOp.Neg => Arithmetic.Negate(x),
                StackOp.Not => Arithmetic.Not(x),
                StackOp.BitNot => Arithmetic.BitNot(x),
                _ => x.IsNumber ? x : throw Operations.UnaryPlus(x),
            };
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value CallOther(Value callee, int calleeAt, int argc, FunctionProto proto, int pc)
    {
        if (callee.Kind != ValueKind.Native)
        {
            var site = (CallTarget)proto.Side[proto.StackCode[pc].B];
            throw At(Operations.NotCallable(callee, site.Name, callee.IsNil && site.Global >= 0), proto, pc);
        }
        try
        {
            _nativeCallPos = proto.Positions[pc];
            return Call(callee, new ReadOnlySpan<Value>(_stack, calleeAt + 1, argc));
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    private enum MethodOutcome { Done, NeedsPlace, PushedFrame }


    private ReadOnlySpan<Value> Args(int receiverAt, int argc) => new(_stack, receiverAt + 1, argc);


    [MethodImpl(MethodImplOptions.NoInlining)]
    private MethodOutcome PrepareMethod(MethodSite site, int receiverAt, int argc, int fp, FunctionProto proto, int pc)
    {
        var receiver = _stack[receiverAt];
        var method = VmSupport.FindUserMethod(site, receiver);
        if (method.Kind == ValueKind.Function)
        {
            var p = (FunctionProto)method.AsFunction.Code;
            if (p.SelfKind == SelfKind.None) throw At(Operations.NotAMethod(p.Name), proto, pc);
            if (argc + 1 > p.ParamCount || argc + 1 < p.RequiredParams)
                throw At(Operations.MethodArity(site.Name, p.RequiredParams - 1, p.ParamCount - 1, argc), proto, pc);
            if (p.SelfKind == SelfKind.RefMut && site.ReceiverIsPlace)
            {
                if (site.ReceiverLocal < 0) return MethodOutcome.NeedsPlace;
                ref var local = ref _stack[fp + site.ReceiverLocal];
                CowObject.Unshare(ref local);
                var self = local;
                _stack[receiverAt] = self;
                PushFrame(method.AsFunction, receiverAt, receiverAt, argc + 1, proto.Positions[pc]);
                ref var f = ref _frames[_frameCount - 1];
                f.WriteBackSlot = fp + site.ReceiverLocal;
                f.WriteBackDirect = true;
                f.OriginalSelf = self.Reference;
                f.OriginalKind = self.Kind;
                return MethodOutcome.PushedFrame;
            }
            if (p.SelfKind == SelfKind.Value) _stack[receiverAt] = receiver.Share();
            PushFrame(method.AsFunction, receiverAt, receiverAt, argc + 1, proto.Positions[pc]);
            return MethodOutcome.PushedFrame;
        }
        if (receiver.Kind == ValueKind.Struct && receiver.AsStruct.Type.FieldIndex.TryGetValue(site.Name, out int fi)
            && receiver.AsStruct.Fields[fi].Kind is ValueKind.Function or ValueKind.Native)
        {
            try
            {
                _nativeCallPos = proto.Positions[pc];
                var result = Call(receiver.AsStruct.Fields[fi], Args(receiverAt, argc));
                _stack[receiverAt] = result;
                return MethodOutcome.Done;
            }
            catch (RuchyError e) when (LocateAndPass(e, proto, pc))
            {
                throw;
            }
        }
        var id = site.Method;
        bool mutating = VmSupport.IsMutatingCall(site, receiver);
        try
        {
            if (mutating && site.ReceiverIsPlace && (receiver.Kind != ValueKind.Str || Methods.IsStringUpdate(id)))
            {
                if (site.ReceiverLocal < 0) return MethodOutcome.NeedsPlace;
                ref var local = ref _stack[fp + site.ReceiverLocal];
                CowObject.Unshare(ref local);
                var target = local;
                if (target.Kind == ValueKind.Str)
                {
                    var updated = StringMethods.Invoke(this, target.AsString, id, site.Name, Args(receiverAt, argc));
                    _stack[fp + site.ReceiverLocal] = updated;
                    _stack[receiverAt] = VmSupport.StringUpdateResult(id, target, updated);
                    return MethodOutcome.Done;
                }
                _nativeCallPos = proto.Positions[pc];
                var invoked = Methods.Invoke(this, target, id, site.Name, Args(receiverAt, argc));
                _stack[receiverAt] = invoked;
                return MethodOutcome.Done;
            }
            if (mutating)
            {
                if (receiver.Kind == ValueKind.Str)
                {
                    if (Methods.IsStringUpdate(id))
                    {
                        var updated = StringMethods.Invoke(this, receiver.AsString, id, site.Name, Args(receiverAt, argc));
                        _stack[receiverAt] = VmSupport.StringUpdateResult(id, receiver, updated);
                        return MethodOutcome.Done;
                    }
                }
                else if (receiver.Reference is CowObject cow) receiver = Value.FromCow(cow.CloneShallow());
            }
            else if (Methods.IsInPlaceOnlyAsStatement(id) && receiver.Reference is CowObject pure)
            {
                receiver = Value.FromCow(pure.CloneShallow());
            }
            _nativeCallPos = proto.Positions[pc];
            var result = Methods.Invoke(this, receiver, id, site.Name, Args(receiverAt, argc));
            _stack[receiverAt] = result;
            return MethodOutcome.Done;
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private MethodOutcome PrepareMethodMut(MethodSite site, int receiverAt, int argc, int fp, FunctionProto proto, int pc)
    {
        int writeBack = fp + site.WriteBackSlot;
        var receiver = _stack[receiverAt];
        _stack[writeBack] = default;
        var method = VmSupport.FindUserMethod(site, receiver);
        if (method.Kind == ValueKind.Function)
        {
            PushFrame(method.AsFunction, receiverAt, receiverAt, argc + 1, proto.Positions[pc]);
            ref var f = ref _frames[_frameCount - 1];
            f.WriteBackSlot = writeBack;
            f.OriginalSelf = receiver.Reference;
            f.OriginalKind = receiver.Kind;
            return MethodOutcome.PushedFrame;
        }
        try
        {
            var id = site.Method;
            if (receiver.Kind == ValueKind.Str && Methods.IsStringUpdate(id))
            {
                var updated = StringMethods.Invoke(this, receiver.AsString, id, site.Name, Args(receiverAt, argc));
                _stack[writeBack] = updated;
                _stack[receiverAt] = VmSupport.StringUpdateResult(id, receiver, updated);
                return MethodOutcome.Done;
            }
            _nativeCallPos = proto.Positions[pc];
            var result = Methods.Invoke(this, receiver, id, site.Name, Args(receiverAt, argc));
            _stack[receiverAt] = result;
            return MethodOutcome.Done;
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }


    /// <summary>The remaining instructions; each adjusts _sp itself.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Other(StackInstr ins, FunctionProto proto, int pc, int fp, Cell[] upvals)
    {
        var stack = _stack;
        ref int sp = ref _sp;
        int slot = fp + ins.B;
        int pos = -1;
        try
        {
            switch (ins.Op)
            {
                case StackOp.Undefined:
                {
                    var u = (BoundUndefined)proto.Side[ins.A];
                    throw Operations.Undefined(u.Name, u.IsCall);
                }
                case StackOp.NewArray:
                    sp -= ins.A;
                    stack[sp] = VmOps.NewArray(new ReadOnlySpan<Value>(stack, sp, ins.A));
                    sp++;
                    return;
                case StackOp.NewTuple:
                    sp -= ins.A;
                    stack[sp] = VmOps.NewTuple(new ReadOnlySpan<Value>(stack, sp, ins.A));
                    sp++;
                    return;
                case StackOp.ArrayRepeat:
                {
                    var count = stack[--sp];
                    stack[sp - 1] = Operations.ArrayRepeat(stack[sp - 1], count);
                    return;
                }
                case StackOp.NewMap:
                {
                    var site = (MapLiteralSite)proto.Side[ins.A];
                    sp -= site.Keys.Length;
                    stack[sp] = VmOps.NewMap(site, new ReadOnlySpan<Value>(stack, sp, site.Keys.Length), out pos);
                    sp++;
                    return;
                }
                case StackOp.CheckStructBase: Operations.CheckStructBase(stack[sp - 1], (RType)proto.Side[ins.A]); return;
                case StackOp.NewStruct:
                    sp -= ins.B;
                    stack[sp] = VmOps.NewStruct((StructSite)proto.Side[ins.A], new ReadOnlySpan<Value>(stack, sp, ins.B));
                    sp++;
                    return;
                case StackOp.NewVariant:
                {
                    var site = (VariantSite)proto.Side[ins.A];
                    sp -= site.PayloadCount;
                    stack[sp] = VmOps.NewVariant(site, new ReadOnlySpan<Value>(stack, sp, site.PayloadCount));
                    sp++;
                    return;
                }
                case StackOp.NewRange:
                {
                    var end = stack[--sp];
                    var start = stack[--sp];
                    stack[sp++] = VmOps.NewRange((RangeSite)proto.Side[ins.A], start, end);
                    return;
                }
                case StackOp.FString:
                    sp -= ins.B;
                    stack[sp] = VmOps.FString((FStringSite)proto.Side[ins.A], new ReadOnlySpan<Value>(stack, sp, ins.B), out pos);
                    sp++;
                    return;
                case StackOp.Format:
                {
                    var site = (FormatSite)proto.Side[ins.A];
                    if (site.IsCheck)
                    {
                        int at = sp - site.CheckedCount;
                        Value l = stack[at], r = site.CheckedCount > 1 ? stack[at + 1] : default;
                        stack[sp++] = Value.FromBool(Operations.AssertPasses(site.Action, l, r));
                        return;
                    }
                    int startAt = sp - site.CheckedCount - site.ArgCount;
                    Value left = site.CheckedCount > 0 ? stack[startAt] : default;
                    Value right = site.CheckedCount > 1 ? stack[startAt + 1] : default;
                    string? text = site.Pieces != null ? Operations.Format(site.Pieces, new ReadOnlySpan<Value>(stack, startAt + site.CheckedCount, site.ArgCount)) : null;
                    var result = Operations.CompleteMacro(site.Action, text, left, right, _out, _err);
                    sp = startAt;
                    stack[sp++] = result;
                    return;
                }
                case StackOp.Cast: stack[sp - 1] = Operations.Cast(stack[sp - 1], (CastKind)ins.A); return;
                case StackOp.UniqueGlobal:
                    CowObject.Unshare(ref _globals[ins.A]);
                    Value.Copy(ref stack[sp++], ref _globals[ins.A]);
                    return;
                case StackOp.UniqueCell:
                {
                    var cell = stack[fp + ins.A].AsCell;
                    CowObject.Unshare(ref cell.Value);
                    stack[sp++] = cell.Value;
                    return;
                }
                case StackOp.UniqueUpval:
                {
                    var cell = upvals[ins.A];
                    CowObject.Unshare(ref cell.Value);
                    stack[sp++] = cell.Value;
                    return;
                }
                case StackOp.UniqueField: stack[sp - 1] = VmOps.UniqueField(stack[sp - 1], (FieldSite)proto.Side[ins.A]); return;
                case StackOp.UniqueIndex:
                {
                    var index = stack[--sp];
                    stack[sp - 1] = VmOps.UniqueIndex(stack[sp - 1], index);
                    return;
                }
                case StackOp.CopyTemp:
                    if (stack[sp - 1].Reference is CowObject copy) stack[sp - 1] = Value.FromCow(copy.CloneShallow());
                    return;
                case StackOp.SetField:
                {
                    var value = stack[--sp];
                    VmOps.SetField(stack[--sp], (FieldSite)proto.Side[ins.A], value);
                    return;
                }
                case StackOp.SetIndex:
                {
                    var value = stack[--sp];
                    var index = stack[--sp];
                    VmOps.SetIndex(stack[--sp], index, value);
                    return;
                }
                case StackOp.Destructure:
                {
                    var v = stack[sp - 1];
                    if (v.Kind != ValueKind.Tuple || v.AsTuple.Items.Length != ins.A) throw Operations.CannotDestructure(v, ins.A);
                    return;
                }
                case StackOp.TestEqK: stack[sp++] = Value.FromBool(ValueEquality.AreEqual(proto.Constants[ins.A], stack[slot])); return;
                case StackOp.TestRange:
                {
                    var site = (RangePatternSite)proto.Side[ins.A];
                    stack[sp++] = Value.FromBool(Operations.InRange(stack[slot], site.Low, site.High, site.Inclusive));
                    return;
                }
                case StackOp.TestVariant:
                {
                    var site = (VariantPatternSite)proto.Side[ins.A];
                    stack[sp++] = Value.FromBool(Operations.IsVariant(stack[slot], site.Type, site.Variant));
                    return;
                }
                case StackOp.TestStruct:
                {
                    var v = stack[slot];
                    stack[sp++] = Value.FromBool(v.Kind == ValueKind.Struct && ReferenceEquals(v.AsStruct.Type, proto.Side[ins.A]));
                    return;
                }
                case StackOp.TestSeq: stack[sp++] = Value.FromBool(VmOps.MatchesShape((SequenceSite)proto.Side[ins.A], stack[slot])); return;
                case StackOp.GetItem: stack[sp++] = VmOps.GetItem(stack[slot], ins.A); return;
                case StackOp.GetPayload: stack[sp++] = Operations.VariantPayload(stack[slot], ins.A); return;
                case StackOp.GetStructField: stack[sp++] = stack[slot].AsStruct.Fields[ins.A]; return;
                case StackOp.SliceRest: stack[sp++] = VmOps.SliceRest((RestSite)proto.Side[ins.A], stack[slot]); return;
                case StackOp.PatternError: throw VmOps.PatternError((PatternErrorSite)proto.Side[ins.A], stack[slot], proto.Name);
                case StackOp.IterInit: stack[fp + ins.A] = Value.FromInternal(VmIterator.Create(stack[--sp])); return;
                case StackOp.ForPrep:
                {
                    var end = stack[--sp];
                    var start = stack[--sp];
                    (stack[fp + ins.A], stack[fp + ins.A + 1]) = VmOps.RangeLoopStart((RangeSite)proto.Side[ins.B], start, end);
                    return;
                }
                default:
                    throw new InvalidOperationException($"internal VM error: unhandled opcode {ins.Op}");
            }
        }
        catch (RuchyError e) when (LocateAndPass(e, pos >= 0 ? pos : proto.Positions[pc]))
        {
            throw;
        }
    }
}
