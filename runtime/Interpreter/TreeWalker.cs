using System.Runtime.CompilerServices;
using Ruchy.Builtins;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Interpreter;

/// <summary>
/// The AST tier: walks the resolved tree. This is the reference semantics every other tier is
/// held to.
/// <para>Frames live in one value stack (<see cref="_stack"/>): a call's parameters and locals are
/// slots from its frame pointer, so calls allocate nothing. Captured variables sit in their slot as
/// <see cref="Cell"/>s. break/continue/return set <see cref="_signal"/>, which every compound node
/// checks after evaluating a child; no exceptions are used for control flow. Ruchy errors are
/// <see cref="RuchyError"/> exceptions, located at the node that failed.</para>
/// </summary>
internal sealed partial class TreeWalker : IRuntimeHost
{
    private enum Signal : byte { None, Break, Continue, Return }

    private readonly SourceText _source;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly int _maxDepth;
    private readonly InterruptFlag _interrupt;

    private Value[] _stack = new Value[1024];
    private int _sp;
    private Value[] _globals = Array.Empty<Value>();
    private Cell[] _upvalues = Array.Empty<Cell>();

    private Signal _signal;
    private int _signalLoop;
    private Value _signalValue;

    private int _depth;
    private BoundFunction?[] _frameFunction = new BoundFunction?[256];
    private int[] _frameCallPos = new int[256];

    /// <summary>Source offset of the built-in call now running, for the frames of callbacks it makes.</summary>
    private int _nativeCallPos;

    private BoundFunction? _mainFunction;
    private bool _mainCalled;

    public TreeWalker(SourceText source, TextWriter output, TextWriter? error = null, int maxDepth = ExecutionLimits.DefaultMaxDepth, InterruptFlag? interrupt = null)
    {
        _source = source;
        _out = output;
        _err = error ?? TextWriter.Null;
        _maxDepth = maxDepth;
        _interrupt = interrupt ?? InterruptFlag.Never;
    }

    public TextWriter Out => _out;
    public TextWriter Err => _err;

    /// <summary>
    /// Executes the program: hoisted items, the top-level statements, then <c>main()</c> unless the
    /// top level already called it. Returns the value of the last top-level statement (for <c>-e</c>).
    /// </summary>
    public Value Run(BoundProgram program) => Run(program, new Value[program.GlobalNames.Length]);

    /// <summary>Runs with <paramref name="globals"/> as the global slots: an interactive session keeps them across cells.</summary>
    public Value Run(BoundProgram program, Value[] globals)
    {
        if (globals.Length < program.GlobalNames.Length) throw new ArgumentException("fewer global slots than the program has globals", nameof(globals));
        _globals = globals;
        // Hoisted functions and methods: one function object each, shared by its global slot and
        // (for methods) its type's method table.
        var made = new Dictionary<BoundFunction, Value>(ReferenceEqualityComparer.Instance);
        foreach (var (global, function) in program.Functions)
        {
            if (!made.TryGetValue(function, out var value))
                made[function] = value = Value.FromFunction(new RFunction(function.Name, function, Array.Empty<Cell>()));
            _globals[global] = value;
        }
        foreach (var (type, methods) in program.Types)
        {
            var table = type.ResetMethods();
            foreach (var m in methods)
            {
                if (!made.TryGetValue(m, out var value)) made[m] = value = Value.FromFunction(new RFunction(m.Name, m, Array.Empty<Cell>()));
                table[m.Name[(m.Name.LastIndexOf("::", StringComparison.Ordinal) + 2)..]] = value;
            }
        }

        if (program.MainGlobal >= 0 && _globals[program.MainGlobal].Kind == ValueKind.Function)
            _mainFunction = (BoundFunction)_globals[program.MainGlobal].AsFunction.Code;

        var script = program.Script;
        EnsureStack(script.FrameSize + 16);
        _sp = script.FrameSize;
        PushFrame(script, 0);
        var result = Eval(script.Body, 0);
        if (_signal == Signal.Return) result = _signalValue;
        _signal = Signal.None;
        _depth = 0;
        _sp = 0;
        if (_mainFunction != null && !_mainCalled)
        {
            var main = _globals[program.MainGlobal];
            _nativeCallPos = _mainFunction.Pos;
            Call(main, ReadOnlySpan<Value>.Empty);
            return Value.Nil;
        }
        return result;
    }

    // ---------------------------------------------------------------- errors

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RuchyError Error(int pos, string message)
    {
        var (line, col) = _source.GetLineColumn(pos);
        var e = new RuchyError(message, line, col);
        CaptureTrace(e);
        return e;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RuchyError Located(RuchyError e, int pos)
    {
        Locate(e, pos);
        return e;
    }

    /// <summary>
    /// For exception filters (<c>catch (RuchyError e) when (LocateAndPass(e, pos))</c>): locates the error and lets it
    /// pass uncaught. A catch block that rethrows keeps its frame on the stack under the next throw, so an error
    /// crossing thousands of nested callbacks took time quadratic in the depth; a filter catches nothing.
    /// </summary>
    private bool LocateAndPass(RuchyError e, int pos)
    {
        Locate(e, pos);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Locate(RuchyError e, int pos)
    {
        if (e.HasLocation) return;
        var (line, col) = _source.GetLineColumn(pos);
        e.Line = line;
        e.Column = col;
        CaptureTrace(e);
    }

    /// <summary>Records the call stack (frames 1.._depth; the script frame is skipped by name).</summary>
    private void CaptureTrace(RuchyError e) =>
        Operations.AddStackTrace(e, _source, _depth, i => (_frameFunction[_depth - i]?.Name ?? "<script>", _frameCallPos[_depth - i]));

    // ---------------------------------------------------------------- stack and frames

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureStack(int needed)
    {
        if (needed > _stack.Length) GrowStack(needed);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowStack(int needed)
    {
        int size = _stack.Length;
        while (size < needed) size *= 2;
        Array.Resize(ref _stack, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushFrame(BoundFunction fn, int callPos)
    {
        int d = ++_depth;
        if (d >= _frameFunction.Length) GrowFrames(d);
        _frameFunction[d] = fn;
        _frameCallPos[d] = callPos;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowFrames(int depth)
    {
        if (depth > _maxDepth) return;
        Array.Resize(ref _frameFunction, _frameFunction.Length * 2);
        Array.Resize(ref _frameCallPos, _frameCallPos.Length * 2);
    }

    // ---------------------------------------------------------------- calls

    /// <summary>Calls a function value from native code (map/filter callbacks, main).</summary>
    public Value Call(Value callee, ReadOnlySpan<Value> args)
    {
        if (callee.Kind == ValueKind.Native)
        {
            var nf = callee.AsNative;
            if (args.Length < nf.MinArgs || args.Length > nf.MaxArgs)
                throw Operations.FunctionArity(nf.Name, nf.MinArgs, nf.MaxArgs, args.Length);
            return nf.Fn(this, args);
        }
        if (callee.Kind != ValueKind.Function) throw Operations.NotCallable(callee, "<callback>", false);
        var f = callee.AsFunction;
        var fn = Unsafe.As<BoundFunction>(f.Code);
        if (args.Length > fn.ParamCount || args.Length < fn.RequiredParams)
            throw Operations.FunctionArity(fn.Name, fn.RequiredParams, fn.ParamCount, args.Length);
        int newFp = _sp;
        EnsureStack(newFp + fn.FrameSize + 1);
        for (int i = 0; i < args.Length; i++) _stack[newFp + i] = args[i].Share();
        var signal = _signal;
        _signal = Signal.None;
        // A callback's frame is reported at the call of the built-in that runs it (map, filter...).
        var result = Invoke(f, fn, newFp, args.Length, _nativeCallPos);
        _signal = signal;
        return result;
    }


    /// <summary>
    /// Runs <paramref name="fn"/> on a frame at <paramref name="fp"/> whose first <paramref name="argc"/>
    /// slots hold the arguments. Fills defaults, boxes captured parameters, destructures patterned ones.
    /// </summary>
    private Value Invoke(RFunction closure, BoundFunction fn, int fp, int argc, int callPos)
    {
        // The host-stack probe is cheap but not free; every 16 levels leaves ample margin.
        if (_depth >= _maxDepth || ((_depth & 15) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
            throw Located(Operations.StackOverflow(_depth >= _maxDepth ? _maxDepth : _depth, fn.Name), callPos);
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
        if (fn == _mainFunction) _mainCalled = true;
        PushFrame(fn, callPos);
        int frameEnd = fp + fn.FrameSize;
        EnsureStack(frameEnd + 1);
        _sp = frameEnd;
        var savedUpvalues = _upvalues;
        _upvalues = closure.Captures;

        if (argc < fn.ParamCount || (fn.HasDefaults && HasDefaultMarkers(fp, argc)))
        {
            for (int i = 0; i < fn.ParamCount; i++)
            {
                if (i < argc && !IsDefaultMarker(_stack[fp + i])) continue;
                var def = fn.Defaults[i];
                if (def == null) throw Error(callPos, $"missing argument '{fn.ParamNames[i]}' in call to '{fn.Name}'");
                _stack[fp + i] = Eval(def, fp).Share();
            }
        }
        var cellParams = fn.CellParams;
        for (int i = 0; i < cellParams.Length; i++)
            _stack[fp + cellParams[i]] = Value.FromCell(new Cell(_stack[fp + cellParams[i]]));
        var patterns = fn.ParamPatterns;
        for (int i = 0; i < patterns.Length; i++)
        {
            var (slot, pattern) = patterns[i];
            if (!MatchPattern(pattern, _stack[fp + slot], fp))
                throw Located(Operations.ParamPatternMismatch(fn.Name), pattern.Pos);
        }

        var result = Eval(fn.Body, fp);
        if (_signal != Signal.None)
        {
            if (_signal == Signal.Return) result = _signalValue;
            _signal = Signal.None;
            _signalValue = default;
        }
        _upvalues = savedUpvalues;
        _depth--;
        _sp = fp;
        return result;
    }

    private static bool IsDefaultMarker(Value v) => v.Kind == ValueKind.Native && ReferenceEquals(v.Reference, Resolver.DefaultMarker.Reference);

    private bool HasDefaultMarkers(int fp, int argc)
    {
        for (int i = 0; i < argc; i++)
            if (_stack[fp + i].Kind == ValueKind.Native && IsDefaultMarker(_stack[fp + i])) return true;
        return false;
    }

    /// <summary>Evaluates call arguments into the frame at <paramref name="newFp"/>, protecting each from nested calls.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PushArguments(BoundExpr[] args, int fp, int newFp)
    {
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            Value v = a.Kind == BoundKind.Borrow ? EvalBorrow(Unsafe.As<BoundBorrow>(a), fp) : Eval(a, fp).Share();
            if (_signal != Signal.None) return false;
            EnsureStack(newFp + i + 2);
            _stack[newFp + i] = v;
            _sp = newFp + i + 1;
        }
        return true;
    }

    /// <summary><c>&amp;x</c> passes x's value unshared (a read-only borrow); <c>&amp;mut x</c> passes x's own storage, made unique first.</summary>
    private Value EvalBorrow(BoundBorrow b, int fp)
    {
        if (b.Mutable)
        {
            var obj = GetMutableContainer(b.Operand, fp);
            if (obj != null) return Value.FromCow(obj);
        }
        return Eval(b.Operand, fp);
    }

    private Value EvalCall(BoundCall c, int fp)
    {
        var callee = Eval(c.Callee, fp);
        if (_signal != Signal.None) return default;
        if (callee.Kind == ValueKind.Function)
        {
            var f = callee.AsFunction;
            var fn = Unsafe.As<BoundFunction>(f.Code);
            var args = c.Args;
            int newFp = _sp;
            if (!PushArguments(args, fp, newFp))
            {
                _sp = newFp;
                return default;
            }
            // Arguments are evaluated before the arity check, as the bytecode tiers do.
            if (args.Length > fn.ParamCount || args.Length < fn.RequiredParams)
                throw Located(Operations.FunctionArity(fn.Name, fn.RequiredParams, fn.ParamCount, args.Length), c.Pos);
            return Invoke(f, fn, newFp, args.Length, c.Pos);
        }
        return CallOther(c, callee, fp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value CallOther(BoundCall c, Value callee, int fp)
    {
        int newFp = _sp;
        if (!PushArguments(c.Args, fp, newFp))
        {
            _sp = newFp;
            return default;
        }
        if (callee.Kind != ValueKind.Native)
            throw Located(Operations.NotCallable(callee, c.CalleeName, callee.IsNil && c.Callee.Kind == BoundKind.Global), c.Pos);
        try
        {
            _nativeCallPos = c.Pos;
            return Call(callee, new ReadOnlySpan<Value>(_stack, newFp, c.Args.Length));
        }
        catch (RuchyError e) when (LocateAndPass(e, c.Pos))
        {
            throw;
        }
        finally
        {
            _sp = newFp;
        }
    }

    private Value EvalCallNative(BoundCallNative c, int fp)
    {
        int newFp = _sp;
        var args = c.Args;
        for (int i = 0; i < args.Length; i++)
        {
            var v = Eval(args[i], fp);
            if (_signal != Signal.None)
            {
                _sp = newFp;
                return default;
            }
            EnsureStack(newFp + i + 2);
            _stack[newFp + i] = v;
            _sp = newFp + i + 1;
        }
        try
        {
            _nativeCallPos = c.Pos;
            return BuiltinCalls.Invoke(this, c.Function, new ReadOnlySpan<Value>(_stack, newFp, args.Length));
        }
        catch (RuchyError e) when (LocateAndPass(e, c.Pos))
        {
            throw;
        }
        finally
        {
            _sp = newFp;
        }
    }

    private Value MakeClosure(BoundLambda l, int fp)
    {
        var fn = l.Function;
        return Value.FromFunction(new RFunction(fn.Name, fn, Operations.CaptureCells(fn.Captures, _stack, fp, _upvalues)));
    }
}
