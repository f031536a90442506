using System.Runtime.CompilerServices;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Values;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// What compiled code calls: each helper has the interpreter's fast path inline (the CLR inlines it into the
/// compiled method) and its slow path out of line, through the same semantics the VMs use (<see cref="Arithmetic"/>,
/// <see cref="Operations"/>, <see cref="VmOps"/>). An error is located at the IR value <c>site</c> of the compiled
/// function on top of the VM's frames.
/// </summary>
internal static class JitOps
{
    // ---------------------------------------------------------------- values

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long IntOf(Value v) => v.AsInt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BoolOf(Value v) => v.AsBool;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsInt(Value v) => v.Kind == ValueKind.Int;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBool(Value v) => v.Kind == ValueKind.Bool;

    /// <summary>An entry guard failed: run the unspeculated version of the function (see <see cref="JitPolicy.OnEntryExit"/>).</summary>
    public static Value EntryExit(JitCode code, RegisterVm vm, RFunction f, int fp, int callPos) => code.Policy.OnEntryExit(code, vm, fp).Entry(vm, f, fp, callPos);

    /// <summary>Baseline code's entry: counts the call and its argument kinds; true when the function should be optimized now.</summary>
    public static bool CountCall(JitCode code, RegisterVm vm, int fp) => code.Policy.CountCall(code, vm, fp);

    /// <summary>The call that made baseline code hot: compile the optimized code and run this call on it.</summary>
    public static Value TierUp(JitCode code, RegisterVm vm, RFunction f, int fp, int callPos) => code.Policy.Optimize(code, vm).Entry(vm, f, fp, callPos);

    /// <summary>A guard after call <paramref name="site"/> failed: the interpreter finishes the function from there (see <see cref="RegisterVm.ResumeInterpreted"/>).</summary>
    public static Value Deopt(JitCode code, RegisterVm vm, int fp, int site, Value result, Value[] values)
    {
        code.Policy.OnDeopt(code, site, vm);
        var map = code.Proto.FrameMap!;
        return vm.ResumeInterpreted(fp, map.ResumePc(site), map.ResultRegister(site), result, code.DeoptRegisters[site], values);
    }

    /// <summary>
    /// The return of a body that returns longs, after a deoptimization: an int as itself; any other value (or
    /// long.MinValue) is handed over through the VM, and the body returns long.MinValue (see <see cref="BoxReturn"/>).
    /// </summary>
    public static long ReturnLong(Value result, RegisterVm vm)
    {
        if (result.Kind == ValueKind.Int && result.AsInt != long.MinValue) return result.AsInt;
        vm.HandedOver = result;
        vm.HasHandedOver = true;
        return long.MinValue;
    }

    /// <summary>What a body that returns longs returned, as a Value (long.MinValue: a value handed over, or that int).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value BoxReturn(long result, RegisterVm vm)
    {
        if (result != long.MinValue) return Value.FromInt(result);
        if (!vm.HasHandedOver) return Value.FromInt(result);
        vm.HasHandedOver = false;
        var v = vm.HandedOver;
        vm.HandedOver = default;
        return v;
    }

    /// <summary>
    /// The instructions without a fast path of their own (literals of tuples, maps, structs, variants and ranges,
    /// f-strings, casts, pattern tests): their operands are at <paramref name="argBase"/> in the VM stack, as the
    /// register VM's window holds them, and they run the VM's own operations.
    /// </summary>
    public static Value Other(RegisterVm vm, int op, object? side, int aux, int argBase, int count, int site)
    {
        var stack = vm.Stack;
        var args = new ReadOnlySpan<Value>(stack, argBase, count);
        int pos = -1;
        try
        {
            switch ((IrOp)op)
            {
                case IrOp.NewTuple: return VmOps.NewTuple(args);
                case IrOp.NewMap: return VmOps.NewMap((MapLiteralSite)side!, args, out pos);
                case IrOp.NewStruct: return VmOps.NewStruct((StructSite)side!, args);
                case IrOp.NewVariant: return VmOps.NewVariant((VariantSite)side!, args);
                case IrOp.NewRange: return VmOps.NewRange((RangeSite)side!, args[0], args[1]);
                case IrOp.FString: return VmOps.FString((FStringSite)side!, args, out pos);
                case IrOp.Cast: return Operations.Cast(args[0], (CastKind)aux);
                case IrOp.CheckStructBase:
                    Operations.CheckStructBase(args[0], (RType)side!);
                    return default;
                case IrOp.Undefined:
                {
                    var u = (UndefinedSite)side!;
                    throw Operations.Undefined(u.Name, u.IsCall);
                }
                case IrOp.TestRange:
                {
                    var r = (RangePatternSite)side!;
                    return Value.FromBool(Operations.InRange(args[0], r.Low, r.High, r.Inclusive));
                }
                case IrOp.TestVariant:
                {
                    var p = (VariantPatternSite)side!;
                    return Value.FromBool(Operations.IsVariant(args[0], p.Type, p.Variant));
                }
                case IrOp.TestStruct: return Value.FromBool(args[0].Kind == ValueKind.Struct && ReferenceEquals(args[0].AsStruct.Type, side));
                case IrOp.TestSeq: return Value.FromBool(VmOps.MatchesShape((SequenceSite)side!, args[0]));
                case IrOp.GetItem: return VmOps.GetItem(args[0], aux);
                case IrOp.GetPayload: return Operations.VariantPayload(args[0], aux);
                case IrOp.GetStructField: return args[0].AsStruct.Fields[aux];
                case IrOp.SliceRest: return VmOps.SliceRest((RestSite)side!, args[0]);
                default: throw new InvalidOperationException($"internal JIT error: no general code for {IrOpInfo.Name((IrOp)op)}");
            }
        }
        catch (RuchyError e) when (pos >= 0 ? vm.LocateCompiledAt(e, pos, site) : vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    /// <summary>A match arm's literal: equal to the constant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TestEqK(Value constant, Value v) => ValueEquality.AreEqual(constant, v);

    /// <summary>The error of a match no arm of which matched, located at <paramref name="site"/> (the code throws it).</summary>
    public static RuchyError PatternError(RegisterVm vm, object side, Value v, string function, int site) =>
        vm.CompiledFault(VmOps.PatternError((PatternErrorSite)side, v, function), site);

    public static bool StressExit(JitCode code) => code.Policy.StressTick();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Truthy(Value v) => v.IsTruthy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Share(Value v) => v.Share();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Unique(Value v)
    {
        CowObject.Unshare(ref v);
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value GetGlobal(RegisterVm vm, int slot) => vm.Globals[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetGlobal(RegisterVm vm, int slot, Value v) => vm.Globals[slot] = v.Share();

    /// <summary>A loop's back edge: stop when the kernel asked to (as the VMs do on a backward jump).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Poll(RegisterVm vm)
    {
        if (vm.InterruptRaised) ExecutionInterrupted.Throw();
    }

    public static bool CalleeIs(RegisterVm vm, object guard)
    {
        var g = Unsafe.As<IrCalleeGuard>(guard);
        return vm.CalleeIs(g.Global, g.Callee);
    }

    // ---------------------------------------------------------------- arithmetic

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long AddInt(long a, long b, RegisterVm vm, int site)
    {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) return Slow(BinaryOp.Add, Value.FromInt(a), Value.FromInt(b), vm, site).AsInt;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SubInt(long a, long b, RegisterVm vm, int site)
    {
        long s = a - b;
        if (((a ^ b) & (a ^ s)) < 0) return Slow(BinaryOp.Sub, Value.FromInt(a), Value.FromInt(b), vm, site).AsInt;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MulInt(long a, long b, RegisterVm vm, int site)
    {
        long high = Math.BigMul(a, b, out long low);
        if (high != (low >> 63)) return Slow(BinaryOp.Mul, Value.FromInt(a), Value.FromInt(b), vm, site).AsInt;
        return low;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivInt(long a, long b, RegisterVm vm, int site)
    {
        if (b == 0 || (b == -1 && a == long.MinValue)) return Slow(BinaryOp.Div, Value.FromInt(a), Value.FromInt(b), vm, site).AsInt;
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemInt(long a, long b, RegisterVm vm, int site)
    {
        if (b == 0) return Slow(BinaryOp.Rem, Value.FromInt(a), Value.FromInt(b), vm, site).AsInt;
        return b == -1 ? 0 : a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Add(Value x, Value y, RegisterVm vm, int site)
    {
        if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
        {
            long a = x.AsInt, b = y.AsInt, s = a + b;
            if (((a ^ s) & (b ^ s)) >= 0) return Value.FromInt(s);
        }
        else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) return Value.FromFloat(x.AsFloat + y.AsFloat);
        return Slow(BinaryOp.Add, x, y, vm, site);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Sub(Value x, Value y, RegisterVm vm, int site)
    {
        if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
        {
            long a = x.AsInt, b = y.AsInt, s = a - b;
            if (((a ^ b) & (a ^ s)) >= 0) return Value.FromInt(s);
        }
        else if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) return Value.FromFloat(x.AsFloat - y.AsFloat);
        return Slow(BinaryOp.Sub, x, y, vm, site);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Mul(Value x, Value y, RegisterVm vm, int site)
    {
        if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) return Value.FromFloat(x.AsFloat * y.AsFloat);
        if (x.Kind == ValueKind.Int && y.Kind == ValueKind.Int)
        {
            long high = Math.BigMul(x.AsInt, y.AsInt, out long low);
            if (high == (low >> 63)) return Value.FromInt(low);
        }
        return Slow(BinaryOp.Mul, x, y, vm, site);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Div(Value x, Value y, RegisterVm vm, int site)
    {
        if (x.Kind == ValueKind.Float && y.Kind == ValueKind.Float) return Value.FromFloat(x.AsFloat / y.AsFloat);
        return Slow(BinaryOp.Div, x, y, vm, site);
    }

    public static Value Binary(Value x, Value y, RegisterVm vm, int site, int op) => Slow((BinaryOp)op, x, y, vm, site);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Lt(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt < y.AsInt
        : x.Kind == ValueKind.Float && y.Kind == ValueKind.Float ? x.AsFloat < y.AsFloat
        : Slow(BinaryOp.Lt, x, y, vm, site).IsTruthy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Le(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt <= y.AsInt
        : x.Kind == ValueKind.Float && y.Kind == ValueKind.Float ? x.AsFloat <= y.AsFloat
        : Slow(BinaryOp.Le, x, y, vm, site).IsTruthy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Gt(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt > y.AsInt
        : x.Kind == ValueKind.Float && y.Kind == ValueKind.Float ? x.AsFloat > y.AsFloat
        : Slow(BinaryOp.Gt, x, y, vm, site).IsTruthy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ge(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt >= y.AsInt
        : x.Kind == ValueKind.Float && y.Kind == ValueKind.Float ? x.AsFloat >= y.AsFloat
        : Slow(BinaryOp.Ge, x, y, vm, site).IsTruthy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt == y.AsInt : ValueEquality.AreEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ne(Value x, Value y, RegisterVm vm, int site) =>
        x.Kind == ValueKind.Int && y.Kind == ValueKind.Int ? x.AsInt != y.AsInt : !ValueEquality.AreEqual(x, y);

    /// <summary>Every case the fast paths leave, and every error: the runtime's own arithmetic, located.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value Slow(BinaryOp op, Value x, Value y, RegisterVm vm, int site)
    {
        try
        {
            return Arithmetic.Binary(op, x, y);
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Value Unary(Value x, int op, RegisterVm vm, int site)
    {
        try
        {
            return (IrOp)op switch
            {
                IrOp.Neg => Arithmetic.Negate(x),
                IrOp.Not => Arithmetic.Not(x),
                IrOp.BitNot => Arithmetic.BitNot(x),
                _ => x.IsNumber ? x : throw Operations.UnaryPlus(x),
            };
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    // ---------------------------------------------------------------- iteration (for x in collection)

    /// <summary>The iterator over <paramref name="collection"/>, as the interpreter's IterInit makes it (an error for what cannot be iterated).</summary>
    public static Value IterInit(Value collection, RegisterVm vm, int site)
    {
        try
        {
            return Value.FromInternal(VmIterator.Create(collection));
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    /// <summary>The next item of an iterator from <see cref="IterInit"/>; false when it is done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IterNext(Value iterator, out Value item) => Unsafe.As<VmIterator>(iterator.Reference!).TryNext(out item);

    // ---------------------------------------------------------------- aggregates

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value Index(Value target, Value index, RegisterVm vm, int site)
    {
        if (target.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)target.AsArray.Count)
            return target.AsArray[(int)index.AsInt];
        return IndexSlow(target, index, vm, site);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value IndexInt(Value target, long index, RegisterVm vm, int site)
    {
        if (target.Kind == ValueKind.Array && (ulong)index < (ulong)target.AsArray.Count) return target.AsArray[(int)index];
        return IndexSlow(target, Value.FromInt(index), vm, site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value IndexSlow(Value target, Value index, RegisterVm vm, int site)
    {
        try
        {
            return Operations.Index(target, index);
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetIndex(Value container, Value index, Value value, RegisterVm vm, int site)
    {
        if (container.Kind == ValueKind.Array && index.Kind == ValueKind.Int && (ulong)index.AsInt < (ulong)container.AsArray.Count)
            container.AsArray[(int)index.AsInt] = value.Share();
        else SetIndexSlow(container, index, value, vm, site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetIndexSlow(Value container, Value index, Value value, RegisterVm vm, int site)
    {
        try
        {
            VmOps.SetIndex(container, index, value);
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value GetField(Value target, object fieldSite, RegisterVm vm, int site)
    {
        var f = Unsafe.As<FieldSite>(fieldSite);
        if (target.Kind == ValueKind.Struct && ReferenceEquals(f.CachedType, target.AsStruct.Type)) return target.AsStruct.Fields[f.CachedIndex];
        return GetFieldSlow(target, f, vm, site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Value GetFieldSlow(Value target, FieldSite f, RegisterVm vm, int site)
    {
        try
        {
            return VmOps.ReadField(target, f);
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    public static Value NewArray(RegisterVm vm, int at, int count) => VmOps.NewArray(new ReadOnlySpan<Value>(vm.Stack, at, count));

    public static Value ArrayRepeat(Value element, Value count, RegisterVm vm, int site)
    {
        try
        {
            return Operations.ArrayRepeat(element, count);
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }

    public static Value Format(RegisterVm vm, object formatSite, int at, int site) => vm.FormatFromCompiled(Unsafe.As<FormatSite>(formatSite), at, site);

    /// <summary>A range loop's counters (as ForPrep): the first item and how many there are.</summary>
    public static void RangePrep(object rangeSite, Value start, Value end, ref long next, ref long remaining, RegisterVm vm, int site)
    {
        try
        {
            var (first, count) = VmOps.RangeLoopStart(Unsafe.As<RangeSite>(rangeSite), start, end);
            next = first.AsInt;
            remaining = count.AsInt;
        }
        catch (RuchyError e) when (vm.LocateCompiled(e, site))
        {
            throw;
        }
    }
}
