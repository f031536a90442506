using System.Runtime.CompilerServices;
using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>
/// The stack VM: the research counterpart of <see cref="RegisterVm"/>, with the same frame layout
/// (one value stack, a call's frame starts at its first argument) but implicit operands on an
/// operand stack above each frame's slots. Its loop has the same shape as the register VM's so the
/// two can be read side by side; semantics and errors come from the same shared operations.
/// </summary>
internal sealed partial class StackVm : VmCore
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
        public readonly StackProto Proto => Unsafe.As<StackProto>(Closure.Code);
    }


    private Frame[] _frames = new Frame[256];
    private int _sp;

    public StackVm(SourceText source, TextWriter output, TextWriter? error = null, int maxDepth = ExecutionLimits.DefaultMaxDepth, VmStatistics? statistics = null, InterruptFlag? interrupt = null)
        : base(source, output, error, maxDepth, statistics, interrupt)
    {
        if (_stats != null) _stats.OpcodeType = typeof(StackOp);
    }


    /// <summary>Runs <paramref name="program"/> with <paramref name="globals"/> as the global slots: an interactive session keeps them across cells.</summary>
    public Value Run(CompiledProgram<StackProto> program, Value[] globals)
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

    /// <summary>Pushes a frame whose slots start at <paramref name="fp"/>; its operand stack starts above its slots.</summary>
    private void PushFrame(RFunction closure, int fp, int returnSp, int argc, int callPos)
    {
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
        // Each tier runs only its own protos (ReplSession clears closures of another engine): the cast is unchecked on every path but here.
        System.Diagnostics.Debug.Assert(closure.Code is StackProto, "a closure compiled for another tier");
        var proto = Unsafe.As<StackProto>(closure.Code);
        if (_frameCount >= _maxDepth) throw Located(Operations.StackOverflow(_maxDepth, proto.Name), callPos);
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        if (proto == _mainProto) _mainCalled = true;
        EnsureStack(fp + proto.FrameSize + 8);
        Enter(ref _frames[_frameCount++], closure, proto, fp, returnSp, argc, callPos);
        _stats?.CountCall();
    }

    /// <summary>Fills a new top frame (the checks are the caller's: PushFrame, or the inline call path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter(ref Frame f, RFunction closure, StackProto proto, int fp, int returnSp, int argc, int callPos)
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
        var proto = (StackProto)f.Code;
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

    protected override void CaptureTrace(RuchyError e, int pc) =>
        Operations.AddStackTrace(e, _source, _frameCount, i => (_frames[_frameCount - 1 - i].Proto.Name, _frames[_frameCount - 1 - i].CallPos));
}
