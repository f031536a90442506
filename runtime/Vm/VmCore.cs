using System.Runtime.CompilerServices;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>
/// What the register and stack VMs share: their settings, the value stack and globals, and the
/// out-of-line slow paths that are the same for both (they take a proto and pc to locate errors).
/// Each VM keeps its own frames and dispatch loop; the stack trace of an error is the one thing the
/// base asks them for.
/// </summary>
internal abstract class VmCore : IRuntimeHost
{
    protected readonly SourceText _source;
    protected readonly TextWriter _out;
    protected readonly TextWriter _err;
    protected readonly int _maxDepth;
    protected readonly VmStatistics? _stats;
    protected readonly InterruptFlag _interrupt;

    protected Value[] _stack = new Value[4096];
    protected Value[] _globals = Array.Empty<Value>();
    protected int _frameCount;
    protected FunctionProto? _mainProto;
    protected bool _mainCalled;
    /// <summary>Source offset of the built-in call now running, for the frames of callbacks it makes.</summary>
    protected int _nativeCallPos;

    protected VmCore(SourceText source, TextWriter output, TextWriter? error, int maxDepth, VmStatistics? statistics, InterruptFlag? interrupt)
    {
        _source = source;
        _out = output;
        _err = error ?? TextWriter.Null;
        _maxDepth = maxDepth;
        _stats = statistics;
        _interrupt = interrupt ?? InterruptFlag.Never;
    }

    public TextWriter Out => _out;
    public TextWriter Err => _err;

    public abstract Value Call(Value callee, ReadOnlySpan<Value> args);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected void EnsureStack(int needed)
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

    // ---------------------------------------------------------------- errors

    /// <summary>Gives an error without a position the one at <paramref name="pos"/> and the current call stack.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    protected RuchyError Located(RuchyError e, int pos, int pc = -1)
    {
        if (e.HasLocation) return e;
        var (line, col) = _source.GetLineColumn(pos);
        e.Line = line;
        e.Column = col;
        CaptureTrace(e, pc);
        return e;
    }

    protected RuchyError At(RuchyError e, FunctionProto proto, int pc) => Located(e, proto.Positions[pc], pc);

    /// <summary>
    /// For exception filters (<c>catch (RuchyError e) when (LocateAndPass(e, …))</c>): gives the error the position
    /// of the failing instruction, if it has none, and lets it pass uncaught. A catch block that rethrows keeps its
    /// frame on the stack under the next throw, so an error crossing thousands of nested callbacks (a map inside a
    /// deep recursion) took time quadratic in the depth; a filter runs before unwinding and catches nothing.
    /// </summary>
    protected bool LocateAndPass(RuchyError e, FunctionProto proto, int pc)
    {
        At(e, proto, pc);
        return false;
    }

    /// <inheritdoc cref="LocateAndPass(RuchyError, FunctionProto, int)"/>
    protected bool LocateAndPass(RuchyError e, int pos, int pc = -1)
    {
        Located(e, pos, pc);
        return false;
    }

    /// <summary>Adds the VM's call stack (innermost first) to an error; <paramref name="pc"/> is the failing instruction in the innermost frame, if known.</summary>
    protected abstract void CaptureTrace(RuchyError e, int pc);

    protected static bool IsDefaultMarker(Value v) => v.Kind == ValueKind.Native && ReferenceEquals(v.Reference, Resolver.DefaultMarker.Reference);

    // ---------------------------------------------------------------- slow paths shared by both VMs

    [MethodImpl(MethodImplOptions.NoInlining)]
    protected Value Arith(BinaryOp op, Value x, Value y, FunctionProto proto, int pc)
    {
        try
        {
            return Arithmetic.Binary(op, x, y);
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    protected Value IndexSlow(Value target, Value index, FunctionProto proto, int pc)
    {
        try
        {
            return Operations.Index(target, index);
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    protected Value GetFieldSlow(Value target, FieldSite site, FunctionProto proto, int pc)
    {
        try
        {
            return VmOps.ReadField(target, site);
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }
}
