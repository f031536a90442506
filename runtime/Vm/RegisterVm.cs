using System.Runtime.CompilerServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>
/// The register VM. Frames live in one value stack: a call's frame starts at its first argument, so
/// arguments are never copied, and Ruchy calls do not recurse on the host stack (only callbacks from
/// built-ins such as map re-enter <see cref="Execute{TCounter}"/>). The dispatch loop is one method;
/// everything that can fail or allocate goes through out-of-line helpers that add the source
/// position of the failing instruction.
/// </summary>
internal sealed partial class RegisterVm : VmCore
{
    private struct CallFrame
    {
        /// <summary>The running closure (its proto and captured cells): one reference per frame, one write barrier per call.</summary>
        public RFunction Closure;
        public readonly RegisterProto Proto => Unsafe.As<RegisterProto>(Closure.Code);
        /// <summary>The proto's code, kept here so a return finds it in one load.</summary>
        public Instr[] Code;
        public int Fp;
        /// <summary>Where execution resumes in the caller.</summary>
        public int ReturnPc;
        /// <summary>Absolute stack index that receives the return value.</summary>
        public int ReturnSlot;
        public int Argc;
        /// <summary>Source offset of the call, or <see cref="CallPosFromCaller"/>: the caller's instruction at its ReturnPc - 1.</summary>
        public int CallPos;
        /// <summary>For &amp;mut self calls on a place: the caller's slot for a replaced self (else -1).</summary>
        public int WriteBackSlot;
        /// <summary>Valid only when <see cref="WriteBackSlot"/> is set.</summary>
        public object? OriginalSelf;
        /// <summary>The write-back slot is the receiver's own register: store a replaced self there, else leave it.</summary>
        public bool WriteBackDirect;
        /// <summary>Returning needs more than the common steps: a write-back (<see cref="WriteBackSlot"/>) or <see cref="ReturnsToHost"/>.</summary>
        public bool SlowReturn;
        /// <summary>The frame that entered the dispatch loop: its return leaves the loop with the value. Valid only when <see cref="SlowReturn"/> is set (inline calls leave it stale).</summary>
        public bool ReturnsToHost;
        public ValueKind OriginalKind;
        /// <summary>A compiled function's frame (runtime/Jit): its ReturnPc is 1 + the IR value of the call it is in.</summary>
        public bool Compiled;
    }

    private const int CallPosFromCaller = -1;

    private CallFrame[] _frames = new CallFrame[256];
    /// <summary>Names of the global slots (CallGlobal names its callee by slot).</summary>
    private string[] _globalNames = Array.Empty<string>();
    /// <summary>min(max depth, frames allocated): the inline call path's single room check.</summary>
    private int _frameLimit;

    public RegisterVm(SourceText source, TextWriter output, TextWriter? error = null, int maxDepth = ExecutionLimits.DefaultMaxDepth, VmStatistics? statistics = null, InterruptFlag? interrupt = null)
        : base(source, output, error, maxDepth, statistics, interrupt) =>
        _frameLimit = Math.Min(maxDepth, _frames.Length);

    /// <summary>Runs <paramref name="program"/> with <paramref name="globals"/> as the global slots: an interactive session keeps them across cells.</summary>
    public Value Run(CompiledProgram<RegisterProto> program, Value[] globals)
    {
        if (globals.Length < program.GlobalNames.Length) throw new ArgumentException("fewer global slots than the program has globals", nameof(globals));
        _globals = globals;
        _globalNames = program.GlobalNames;
        _mainProto = VmSupport.Load(program, _globals);

        var script = program.Script;
        EnsureStack(script.FrameSize + 16);
        // The script's frame starts at 1: slot 0 receives its value, so every frame has a return slot.
        PushFrame(new RFunction(script.Name, script, Array.Empty<Cell>()), 1, 0, 0, 0, 0);
        var result = ExecuteCounted();
        if (_mainProto != null && !_mainCalled)
        {
            _nativeCallPos = _mainProto.Pos;
            Call(_globals[program.MainGlobal], ReadOnlySpan<Value>.Empty);
            return Value.Nil;
        }
        return result;
    }

    /// <summary>Runs the top frame (just pushed) to its return.</summary>
    private Value ExecuteCounted()
    {
        ref var entry = ref _frames[_frameCount - 1];
        entry.ReturnsToHost = true;
        entry.SlowReturn = true;
        return _stats != null ? Execute<CountingMode>() : Execute<FastMode>();
    }

    // ---------------------------------------------------------------- frames and stack

    /// <summary>First free stack slot above the innermost frame (where native-initiated calls start).</summary>
    private int StackTop => _frameCount == 0 ? 0 : _frames[_frameCount - 1].Fp + _frames[_frameCount - 1].Proto.FrameSize;

    private void PushFrame(RFunction closure, int fp, int returnSlot, int returnPc, int argc, int callPos)
    {
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
        // Each tier runs only its own protos (ReplSession clears closures of another engine): the cast is unchecked on every path but here.
        System.Diagnostics.Debug.Assert(closure.Code is RegisterProto, "a closure compiled for another tier");
        var proto = Unsafe.As<RegisterProto>(closure.Code);
        if (_frameCount >= _maxDepth) throw Located(Operations.StackOverflow(_maxDepth, proto.Name), callPos);
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
            _frameLimit = Math.Min(_maxDepth, _frames.Length);
        }
        if (proto == _mainProto) _mainCalled = true;
        EnsureStack(fp + proto.FrameSize + 8);
        ref var f = ref _frames[_frameCount++];
        Fill(ref f, closure, proto, fp, returnSlot, argc, callPos);
        f.ReturnPc = returnPc;
        // OriginalSelf is only read when WriteBackSlot >= 0, so it is not cleared (a store saved per call).
        f.WriteBackSlot = -1;
        f.WriteBackDirect = false;
        f.ReturnsToHost = false;
        _stats?.CountCall();
    }

    /// <summary>The fields every new frame sets (PushFrame and the inline call paths).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(ref CallFrame f, RFunction closure, RegisterProto proto, int fp, int returnSlot, int argc, int callPos)
    {
        // A slot at the same depth often held this function last time (recursion, calls in a loop): a compare
        // then costs less than the GC write barriers two stores need.
        if (!ReferenceEquals(f.Closure, closure))
        {
            f.Closure = closure;
            f.Code = proto.Code;
        }
        f.Fp = fp;
        f.ReturnSlot = returnSlot;
        f.Argc = argc;
        f.CallPos = callPos;
        f.SlowReturn = false;
    }

    /// <summary>Calls a function value from native code (map/filter callbacks, main): runs it to completion.</summary>
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
        var proto = (RegisterProto)f.Code;
        if (args.Length > proto.ParamCount || args.Length < proto.RequiredParams)
            throw Operations.FunctionArity(proto.Name, proto.RequiredParams, proto.ParamCount, args.Length);
        int fp = StackTop + 1;
        EnsureStack(fp + proto.FrameSize + args.Length + 8);
        for (int i = 0; i < args.Length; i++) _stack[fp + i] = args[i].Share();
        PushFrame(f, fp, fp - 1, 0, args.Length, _nativeCallPos);
        return ExecuteCounted();
    }

    // ---------------------------------------------------------------- errors

    protected override void CaptureTrace(RuchyError e, int pc)
    {
        // Calls inlined by the IR pipeline left no frame: each instruction copied from a callee names the inlined
        // calls it sits in, and they show as the frames they replaced.
        var frames = new List<(string Name, int CallPos)>(_frameCount);
        for (int k = _frameCount - 1; k >= 0; k--)
        {
            ref var f = ref _frames[k];
            int at = k == _frameCount - 1 ? pc : f.ReturnPc - 1;
            var (inlineAt, inlined) = f.Compiled ? (f.Proto.JitSites!.InlineAt, f.Proto.JitSites.InlineFrames) : (f.Proto.InlineAt, f.Proto.InlineFrames);
            if (inlineAt != null && inlined != null && at >= 0 && at < inlineAt.Length)
                for (int i = inlineAt[at] - 1; i >= 0; i = inlined[i].Parent)
                    frames.Add((inlined[i].Name, inlined[i].CallPos));
            frames.Add((f.Proto.Name, CallPosOf(k)));
        }
        Operations.AddStackTrace(e, _source, frames.Count, i => frames[i]);
    }

    private int CallPosOf(int index)
    {
        ref var f = ref _frames[index];
        if (f.CallPos != CallPosFromCaller || index == 0) return f.CallPos;
        ref var caller = ref _frames[index - 1];
        return caller.Proto.Positions[caller.ReturnPc - 1];
    }
}
