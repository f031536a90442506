using System.Runtime.CompilerServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Jit;
using Ruchy.Values;

namespace Ruchy.Vm;

// The register VM's side of the JIT tier (runtime/Jit): compiled functions run on the host stack, but each
// keeps a frame in the VM's frame array, so depth limits, stack traces and callbacks see them as any frame.
internal sealed partial class RegisterVm
{
    /// <summary>The JIT tier's policy (null in the plain register tier): counts calls and compiles hot functions.</summary>
    private JitPolicy? _jit;

    /// <summary>A value a deoptimized body that returns longs passes to its caller (which sees long.MinValue).</summary>
    internal Value HandedOver;
    internal bool HasHandedOver;

    internal JitPolicy? Jit
    {
        get => _jit;
        set => _jit = value;
    }

    internal Value[] Globals => _globals;

    internal Value[] Stack => _stack;

    internal bool InterruptRaised => _interrupt.Raised;

    /// <summary>
    /// A call the interpreter's inline path did not take, offered to the JIT: true with the result when the
    /// callee runs compiled (compiled now if it just became hot). Arguments are at <paramref name="fp"/>.
    /// </summary>
    private bool TryCallCompiled(RFunction f, RegisterProto p, int argc, int fp, int callPos, out Value result)
    {
        var code = p.Jit ?? _jit!.OnCall(p, this, fp, argc);
        if (code == null || argc != p.ParamCount)
        {
            result = default;
            return false;
        }
        result = code.Entry(this, f, fp, callPos);
        return true;
    }

    /// <summary>Pushes the frame of a compiled function (its registers are not used: its values live in IL locals).</summary>
    internal void EnterCompiled(RFunction f, int fp, int argc, int callPos)
    {
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
        var proto = Unsafe.As<RegisterProto>(f.Code);
        if (_frameCount >= _maxDepth) throw Located(Operations.StackOverflow(_maxDepth, proto.Name), callPos);
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
            _frameLimit = Math.Min(_maxDepth, _frames.Length);
        }
        ref var frame = ref _frames[_frameCount++];
        Fill(ref frame, f, proto, fp, fp - 1, argc, callPos);
        frame.ReturnPc = 0;
        frame.WriteBackSlot = -1;
        frame.ReturnsToHost = false;
        frame.Compiled = true;
        _stats?.CountCall();
    }

    /// <summary>
    /// The frame of a compiled function called directly by compiled code: only what traces, limits and natives read
    /// (the rest is read only by the interpreter's returns, which never pop this frame; a deoptimization sets it).
    /// Anything unusual (depth or frame array at its limit, an interrupt) takes <see cref="EnterCompiled"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnterDirect(RFunction f, int fp, int argc, int callPos, int depth)
    {
        if (depth >= _frameLimit || _interrupt.Raised)
        {
            EnterCompiled(f, fp, argc, callPos);
            return;
        }
        ref var frame = ref _frames[depth];
        if (!ReferenceEquals(frame.Closure, f))
        {
            frame.Closure = f;
            frame.Code = Unsafe.As<RegisterProto>(f.Code).Code;
        }
        frame.Fp = fp;
        frame.CallPos = callPos;
        frame.Compiled = true;
        _frameCount = depth + 1;
    }

    /// <summary>
    /// A loop's back edge in the interpreter (to <paramref name="targetPc"/>) of a function the JIT may compile: counted,
    /// and once the function's loops are hot, the rest of this activation runs compiled from the loop header
    /// (on-stack replacement). True with the function's return value when it did.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryEnterOsr(int targetPc, out Value result)
    {
        result = default;
        ref var frame = ref _frames[_frameCount - 1];
        var proto = frame.Proto;
        var candidate = proto.JitCandidate;
        if (candidate == null) return false;
        if (candidate.BackEdges <= _jit!.LoopThreshold)
        {
            // (Counting stops above the threshold: the count cannot wrap.)
            candidate.BackEdges++;
            if (candidate.BackEdges <= _jit.LoopThreshold) return false;
        }
        var code = _jit.OsrAt(proto, candidate, targetPc, this, out int entry);
        if (code == null) return false;
        int fp = frame.Fp, depth = _frameCount - 1;
        frame.Compiled = true;
        frame.Fp = fp + code.FrameShift;
        try
        {
            result = code.Osr!(this, fp, depth, entry);
        }
        finally
        {
            // (An error ends the run today; the frame is left as the interpreter's all the same.)
            ref var own = ref _frames[depth];
            own.Compiled = false;
            own.Fp = fp;
        }
        return true;
    }

    /// <summary>The function in global <paramref name="global"/> when it runs <paramref name="code"/> (the guard of a direct call), else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RFunction? CompiledCallee(int global, RegisterProto code)
    {
        ref var callee = ref _globals[global];
        return callee.Kind == ValueKind.Function && ReferenceEquals(callee.AsFunction.Code, code) ? callee.AsFunction : null;
    }

    /// <summary>A direct call leaves IR value <paramref name="site"/> of the compiled function on top (for its stack trace).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MarkCallSite(int site, int depth) => _frames[depth].ReturnPc = site + 1;

    /// <summary>
    /// Deoptimization: the compiled function on top gives up after a call (a speculation failed). Its frame becomes
    /// an interpreted one at <paramref name="fp"/>: <paramref name="values"/> go to <paramref name="registers"/>, the
    /// call's result to <paramref name="resultRegister"/>, and the interpreter runs the rest of the function from
    /// <paramref name="resumePc"/>; its return value is the compiled call's.
    /// </summary>
    internal Value ResumeInterpreted(int fp, int resumePc, int resultRegister, Value result, int[] registers, Value[] values)
    {
        ref var frame = ref _frames[_frameCount - 1];
        var proto = frame.Proto;
        EnsureStack(fp + proto.FrameSize + 8);
        frame = ref _frames[_frameCount - 1];
        var stack = _stack;
        for (int i = 0; i < registers.Length; i++) stack[fp + registers[i]] = values[i];
        stack[fp + resultRegister] = result;
        frame.Compiled = false;
        frame.Fp = fp;
        frame.ReturnSlot = fp - 1;
        frame.ReturnPc = resumePc;
        frame.Code = proto.Code;
        frame.Argc = proto.ParamCount;
        frame.WriteBackSlot = -1;
        return ExecuteCounted();
    }

    /// <summary>Pops the compiled frame at <paramref name="depth"/> (the top).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void LeaveCompiled(int depth)
    {
        _frames[depth].Compiled = false;
        _frameCount = depth;
    }

    /// <summary>Frames in use: a compiled function entered from the interpreter takes the next.</summary>
    internal int FrameCount => _frameCount;

    /// <summary>The stack with room up to <paramref name="needed"/> (compiled code writes call arguments there; it may move).</summary>
    internal Value[] StackWithRoom(int needed)
    {
        EnsureStack(needed + 8);
        return _stack;
    }

    /// <summary>The source offset of IR value <paramref name="site"/> of the compiled function on top.</summary>
    private int CompiledPos(int site) => Unsafe.As<RegisterProto>(_frames[_frameCount - 1].Closure.Code).JitSites!.Positions[site];

    /// <summary>An error raised at IR value <paramref name="site"/> of the compiled function on top.</summary>
    internal RuchyError CompiledFault(RuchyError e, int site) => Located(e, CompiledPos(site), site);

    /// <summary>An error raised at source offset <paramref name="pos"/> (a part of an f-string, a spread) within IR value <paramref name="site"/>.</summary>
    internal bool LocateCompiledAt(RuchyError e, int pos, int site)
    {
        Located(e, pos, site);
        return false;
    }

    internal bool LocateCompiled(RuchyError e, int site) => LocateCompiledAt(e, CompiledPos(site), site);

    /// <summary>A call from compiled code: arguments at <paramref name="argBase"/>; compiled callees are entered directly.</summary>
    internal Value CallFromCompiled(Value callee, int argBase, int argc, int site, CallTarget target)
    {
        ref var caller = ref _frames[_frameCount - 1];
        caller.ReturnPc = site + 1;
        int callPos = CompiledPos(site);
        if (callee.Kind == ValueKind.Function)
        {
            var f = callee.AsFunction;
            var p = Unsafe.As<RegisterProto>(f.Code);
            if (TryCallCompiled(f, p, argc, argBase, callPos, out var result)) return result;
            if (argc > p.ParamCount || argc < p.RequiredParams)
                throw Located(Operations.FunctionArity(p.Name, p.RequiredParams, p.ParamCount, argc), callPos, site);
            EnsureStack(argBase + p.FrameSize + 8);
            PushFrame(f, argBase, argBase - 1, 0, argc, callPos);
            return ExecuteCounted();
        }
        if (callee.Kind != ValueKind.Native)
        {
            throw Located(Operations.NotCallable(callee, target.Name, callee.IsNil && target.Global >= 0), callPos, site);
        }
        try
        {
            _nativeCallPos = callPos;
            return Call(callee, new ReadOnlySpan<Value>(_stack, argBase, argc));
        }
        catch (RuchyError e) when (LocateAndPass(e, callPos, site))
        {
            throw;
        }
    }

    /// <summary>
    /// A method call from compiled code: the receiver at <paramref name="window"/>, the arguments after it. A local
    /// receiver lives in <paramref name="receiverLocal"/> (else -1), where a mutating method leaves the variable's new
    /// value, as the interpreter does in the variable's register. A Ruchy method runs to its return.
    /// </summary>
    internal Value MethodFromCompiled(MethodSite site, int window, int argc, int receiverLocal, int callSite)
    {
        _frames[_frameCount - 1].ReturnPc = callSite + 1;
        int callPos = CompiledPos(callSite);
        var outcome = PrepareMethod(site, window, argc, receiverLocal, callPos, callSite);
        return outcome == MethodOutcome.PushedFrame ? ExecuteCounted() : _stack[window];
    }

    /// <summary>A built-in called from compiled code, its arguments at <paramref name="argBase"/>.</summary>
    internal Value BuiltinFromCompiled(BuiltinFunction fn, int argBase, int argc, int site)
    {
        _frames[_frameCount - 1].ReturnPc = site + 1;
        int callPos = CompiledPos(site);
        try
        {
            _nativeCallPos = callPos;
            return BuiltinCalls.Invoke(this, fn, new ReadOnlySpan<Value>(_stack, argBase, argc));
        }
        catch (RuchyError e) when (LocateAndPass(e, callPos, site))
        {
            throw;
        }
    }

    /// <summary>A formatting macro from compiled code, its values at <paramref name="at"/>.</summary>
    internal Value FormatFromCompiled(FormatSite site, int at, int irSite)
    {
        try
        {
            return Format(site, at);
        }
        catch (RuchyError e) when (LocateCompiled(e, irSite))
        {
            throw;
        }
    }

    /// <summary>The guard of an inlined call in compiled code (as <see cref="RegOp.JmpIfNotCallee"/>).</summary>
    internal bool CalleeIs(int global, object source)
    {
        ref var callee = ref _globals[global];
        return callee.Kind == ValueKind.Function && ReferenceEquals(Unsafe.As<FunctionProto>(callee.AsFunction.Code).Source, source)
            && _frameCount < _frameLimit;
    }
}
