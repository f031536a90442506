using System.Runtime.CompilerServices;
using System.Text;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Vm;

// Out-of-line work of the dispatch loop: everything that can throw, allocate or call back.
internal sealed partial class RegisterVm
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value CompareSlow(RegOp op, Value x, Value y, RegisterProto proto, int pc)
    {
        var bop = op switch
        {
            RegOp.JmpIfNotLt or RegOp.JmpIfNotLtI => BinaryOp.Lt,
            RegOp.JmpIfNotLe or RegOp.JmpIfNotLeI => BinaryOp.Le,
            RegOp.JmpIfNotGt or RegOp.JmpIfNotGtI => BinaryOp.Gt,
            RegOp.JmpIfNotGe or RegOp.JmpIfNotGeI => BinaryOp.Ge,
            RegOp.JmpIfNotEq or RegOp.JmpIfNotEqI => BinaryOp.Eq,
            _ => BinaryOp.Ne,
        };
        return Arith(bop, x, y, proto, pc);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value Unary(RegOp op, Value x, RegisterProto proto, int pc)
    {
        try
        {
            return op switch
            {
                RegOp.Neg => Arithmetic.Negate(x),
                RegOp.Not => Arithmetic.Not(x),
                RegOp.BitNot => Arithmetic.BitNot(x),
                _ => x.IsNumber ? x : throw Operations.UnaryPlus(x),
            };
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static CowObject? Unshare(ref Value slot) => CowObject.Unshare(ref slot);

    // ---------------------------------------------------------------- calls

    /// <summary>A call whose callee is not a Ruchy function: a built-in value, or an error.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value CallOther(Value callee, Instr ins, RegisterProto proto, int pc, int fp)
    {
        if (callee.Kind != ValueKind.Native)
        {
            // CallGlobal holds the global's slot in C; Call, a CallTarget in the side table.
            var site = ins.Op == RegOp.CallGlobal ? new CallTarget(_globalNames[ins.C], ins.C) : (CallTarget)proto.Side[ins.C];
            string name = site.Name;
            int global = site.Global;
            bool undefinedGlobal = callee.IsNil && global >= 0;
            throw At(Operations.NotCallable(callee, name, undefinedGlobal), proto, pc);
        }
        try
        {
            _nativeCallPos = proto.Positions[pc];
            return Call(callee, new ReadOnlySpan<Value>(_stack, fp + ins.A + 1, ins.B));
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Value CallBuiltin(Instr ins, RegisterProto proto, int pc, int fp)
    {
        try
        {
            _nativeCallPos = proto.Positions[pc];
            return BuiltinCalls.Invoke(this, (BuiltinFunction)ins.C, new ReadOnlySpan<Value>(_stack, fp + ins.A, ins.B));
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    private enum MethodOutcome { Done, NeedsPlace, PushedFrame }


    /// <summary>
    /// CallMethod: runs the method unless it must change a place receiver, in which case it answers
    /// NeedsPlace and the compiled mutation path follows. Mirrors the AST tier's EvalMethodCall.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    /// <param name="window">Stack index of the receiver, the arguments after it (the result goes there).</param>
    /// <param name="receiverLocal">Stack index of the variable a local receiver lives in, or -1.</param>
    /// <param name="pos">Source position of the call; <paramref name="pc"/> its instruction (or the compiled code's site).</param>
    private MethodOutcome PrepareMethod(MethodSite site, int window, int argc, int receiverLocal, int pos, int pc)
    {
        var receiver = _stack[window];
        var method = VmSupport.FindUserMethod(site, receiver);
        if (method.Kind == ValueKind.Function)
        {
            var p = (RegisterProto)method.AsFunction.Code;
            CheckMethodCall(p, site, argc, pos, pc);
            if (p.SelfKind == SelfKind.RefMut && site.ReceiverIsPlace)
            {
                if (receiverLocal < 0) return MethodOutcome.NeedsPlace;
                // A local receiver: make it unique in its register and let the return write a replaced self back there.
                ref var local = ref _stack[receiverLocal];
                Unshare(ref local);
                var self = local;
                _stack[window] = self;
                PushFrame(method.AsFunction, window, window, 0, argc + 1, pos);
                ref var f = ref _frames[_frameCount - 1];
                f.WriteBackSlot = receiverLocal;
                f.WriteBackDirect = true;
                f.SlowReturn = true;
                f.OriginalSelf = self.Reference;
                f.OriginalKind = self.Kind;
                return MethodOutcome.PushedFrame;
            }
            if (p.SelfKind == SelfKind.Value) _stack[window] = receiver.Share();
            PushFrame(method.AsFunction, window, window, 0, argc + 1, pos);
            return MethodOutcome.PushedFrame;
        }
        if (receiver.Kind == ValueKind.Struct && receiver.AsStruct.Type.FieldIndex.TryGetValue(site.Name, out int fi)
            && receiver.AsStruct.Fields[fi].Kind is ValueKind.Function or ValueKind.Native)
        {
            var fn = receiver.AsStruct.Fields[fi];
            try
            {
                _nativeCallPos = pos;
                // Into a local first: the callback may grow (replace) the value stack.
                var called = Call(fn, new ReadOnlySpan<Value>(_stack, window + 1, argc));
                _stack[window] = called;
                return MethodOutcome.Done;
            }
            catch (RuchyError e) when (LocateAndPass(e, pos, pc))
            {
                throw;
            }
        }
        var id = site.Method;
        bool mutating = VmSupport.IsMutatingCall(site, receiver);
        if (mutating && site.ReceiverIsPlace && (receiver.Kind != ValueKind.Str || Methods.IsStringUpdate(id)))
        {
            if (receiverLocal < 0) return MethodOutcome.NeedsPlace;
            return MutateLocalReceiver(site, window, argc, receiverLocal, pos, pc);
        }
        try
        {
            if (mutating)
            {
                if (receiver.Kind == ValueKind.Str)
                {
                    if (Methods.IsStringUpdate(id))
                    {
                        var updated = StringMethods.Invoke(this, receiver.AsString, id, site.Name, new ReadOnlySpan<Value>(_stack, window + 1, argc));
                        _stack[window] = VmSupport.StringUpdateResult(id, receiver, updated);
                        return MethodOutcome.Done;
                    }
                }
                else if (receiver.Reference is CowObject cow) receiver = Value.FromCow(cow.CloneShallow());
            }
            else if (Methods.IsInPlaceOnlyAsStatement(id) && receiver.Reference is CowObject pure)
            {
                receiver = Value.FromCow(pure.CloneShallow());
            }
            _nativeCallPos = pos;
            var result = Methods.Invoke(this, receiver, id, site.Name, new ReadOnlySpan<Value>(_stack, window + 1, argc));
            _stack[window] = result;
            return MethodOutcome.Done;
        }
        catch (RuchyError e) when (LocateAndPass(e, pos, pc))
        {
            throw;
        }
    }

    /// <summary>A mutating built-in on a local receiver (v.push(x)): unique in its own register, invoked there.</summary>
    private MethodOutcome MutateLocalReceiver(MethodSite site, int window, int argc, int receiverLocal, int pos, int pc)
    {
        ref var local = ref _stack[receiverLocal];
        Unshare(ref local);
        var receiver = local;
        try
        {
            if (receiver.Kind == ValueKind.Str)
            {
                var updated = StringMethods.Invoke(this, receiver.AsString, site.Method, site.Name, new ReadOnlySpan<Value>(_stack, window + 1, argc));
                _stack[receiverLocal] = updated;
                _stack[window] = VmSupport.StringUpdateResult(site.Method, receiver, updated);
                return MethodOutcome.Done;
            }
            _nativeCallPos = pos;
            var result = Methods.Invoke(this, receiver, site.Method, site.Name, new ReadOnlySpan<Value>(_stack, window + 1, argc));
            _stack[window] = result;
            return MethodOutcome.Done;
        }
        catch (RuchyError e) when (LocateAndPass(e, pos, pc))
        {
            throw;
        }
    }

    /// <summary>CallMethodMut: R[A] now holds the place's unique value; call, and leave a replacement (if any) in the write-back slot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private MethodOutcome PrepareMethodMut(MethodSite site, Instr ins, RegisterProto proto, int pc, int fp)
    {
        int writeBack = fp + ins.A + ins.B + 1;
        var receiver = _stack[fp + ins.A];
        _stack[writeBack] = default;
        var method = VmSupport.FindUserMethod(site, receiver);
        if (method.Kind == ValueKind.Function)
        {
            var p = (RegisterProto)method.AsFunction.Code;
            PushFrame(method.AsFunction, fp + ins.A, fp + ins.A, 0, ins.B + 1, proto.Positions[pc]);
            ref var f = ref _frames[_frameCount - 1];
            f.WriteBackSlot = writeBack;
            f.SlowReturn = true;
            f.OriginalSelf = receiver.Reference;
            f.OriginalKind = receiver.Kind;
            return MethodOutcome.PushedFrame;
        }
        try
        {
            var id = site.Method;
            if (receiver.Kind == ValueKind.Str && Methods.IsStringUpdate(id))
            {
                var updated = StringMethods.Invoke(this, receiver.AsString, id, site.Name, Args(fp, ins));
                _stack[writeBack] = updated;
                _stack[fp + ins.A] = VmSupport.StringUpdateResult(id, receiver, updated);
                return MethodOutcome.Done;
            }
            _nativeCallPos = proto.Positions[pc];
            var result = Methods.Invoke(this, receiver, id, site.Name, Args(fp, ins));
            _stack[fp + ins.A] = result;
            return MethodOutcome.Done;
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }

    private ReadOnlySpan<Value> Args(int fp, Instr ins) => new(_stack, fp + ins.A + 1, ins.B);


    private void CheckMethodCall(RegisterProto p, MethodSite site, int argc, int pos, int pc)
    {
        if (p.SelfKind == SelfKind.None) throw Located(Operations.NotAMethod(p.Name), pos, pc);
        if (argc + 1 > p.ParamCount || argc + 1 < p.RequiredParams)
            throw Located(Operations.MethodArity(site.Name, p.RequiredParams - 1, p.ParamCount - 1, argc), pos, pc);
    }

    private Value MakeClosure(RegisterProto p, int fp, Cell[] upvals) =>
        Value.FromFunction(new RFunction(p.Name, p, Operations.CaptureCells(p.Captures, _stack, fp, upvals)));

    // ---------------------------------------------------------------- fields, indexing, places

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SetIndexSlow(Value container, Value index, Value value, RegisterProto proto, int pc)
    {
        try
        {
            VmOps.SetIndex(container, index, value);
        }
        catch (RuchyError e) when (LocateAndPass(e, proto, pc))
        {
            throw;
        }
    }


    /// <summary>The instructions that are neither hot nor calls. Each writes its own results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Other(Instr ins, RegisterProto proto, int pc, int fp, Cell[] upvals)
    {
        var stack = _stack;
        int a = fp + ins.A, b = fp + ins.B;
        int pos = -1;
        try
        {
            switch (ins.Op)
            {
                case RegOp.Undefined:
                {
                    var u = (UndefinedSite)proto.Side[ins.A];
                    throw Operations.Undefined(u.Name, u.IsCall);
                }
                case RegOp.NewArray: stack[a] = VmOps.NewArray(new ReadOnlySpan<Value>(stack, b, ins.C)); return;
                case RegOp.NewTuple: stack[a] = VmOps.NewTuple(new ReadOnlySpan<Value>(stack, b, ins.C)); return;
                case RegOp.ArrayRepeat: stack[a] = Operations.ArrayRepeat(stack[b], stack[fp + ins.C]); return;
                case RegOp.NewMap:
                {
                    var site = (MapLiteralSite)proto.Side[ins.C];
                    stack[a] = VmOps.NewMap(site, new ReadOnlySpan<Value>(stack, b, site.Keys.Length), out pos);
                    return;
                }
                case RegOp.CheckStructBase: Operations.CheckStructBase(stack[a], (RType)proto.Side[ins.C]); return;
                case RegOp.NewStruct:
                {
                    var site = (StructSite)proto.Side[ins.C];
                    stack[a] = VmOps.NewStruct(site, new ReadOnlySpan<Value>(stack, b, site.FieldRegisterOffsets.Length + 1));
                    return;
                }
                case RegOp.NewVariant:
                {
                    var site = (VariantSite)proto.Side[ins.C];
                    stack[a] = VmOps.NewVariant(site, new ReadOnlySpan<Value>(stack, b, site.PayloadCount));
                    return;
                }
                case RegOp.NewRange: stack[a] = VmOps.NewRange((RangeSite)proto.Side[ins.C], stack[b], stack[b + 1]); return;
                case RegOp.FString:
                {
                    var site = (FStringSite)proto.Side[ins.C];
                    stack[a] = VmOps.FString(site, new ReadOnlySpan<Value>(stack, b, site.ValueCount), out pos);
                    return;
                }
                case RegOp.Format: stack[a] = Format((FormatSite)proto.Side[ins.C], b); return;
                case RegOp.Cast: stack[a] = Operations.Cast(stack[b], (CastKind)ins.C); return;
                case RegOp.UniqueGlobal:
                    Unshare(ref _globals[ins.B]);
                    stack[a] = _globals[ins.B];
                    return;
                case RegOp.UniqueCell:
                {
                    var cell = stack[b].AsCell;
                    Unshare(ref cell.Value);
                    stack[a] = cell.Value;
                    return;
                }
                case RegOp.UniqueUpval:
                {
                    var cell = upvals[ins.B];
                    Unshare(ref cell.Value);
                    stack[a] = cell.Value;
                    return;
                }
                case RegOp.UniqueField: stack[a] = VmOps.UniqueField(stack[b], (FieldSite)proto.Side[ins.C]); return;
                case RegOp.UniqueIndex: stack[a] = VmOps.UniqueIndex(stack[b], stack[fp + ins.C]); return;
                case RegOp.CopyTemp:
                    if (stack[a].Reference is CowObject cow) stack[a] = Value.FromCow(cow.CloneShallow());
                    return;
                case RegOp.SetField: VmOps.SetField(stack[a], (FieldSite)proto.Side[ins.C], stack[b]); return;
                case RegOp.Destructure:
                {
                    var v = stack[a];
                    if (v.Kind != ValueKind.Tuple || v.AsTuple.Items.Length != ins.B) throw Operations.CannotDestructure(v, ins.B);
                    return;
                }
                case RegOp.TestEqK: stack[a] = Value.FromBool(ValueEquality.AreEqual(proto.Constants[ins.C], stack[b])); return;
                case RegOp.TestRange:
                {
                    var site = (RangePatternSite)proto.Side[ins.C];
                    stack[a] = Value.FromBool(Operations.InRange(stack[b], site.Low, site.High, site.Inclusive));
                    return;
                }
                case RegOp.TestVariant:
                {
                    var site = (VariantPatternSite)proto.Side[ins.C];
                    stack[a] = Value.FromBool(Operations.IsVariant(stack[b], site.Type, site.Variant));
                    return;
                }
                case RegOp.TestStruct:
                {
                    var v = stack[b];
                    stack[a] = Value.FromBool(v.Kind == ValueKind.Struct && ReferenceEquals(v.AsStruct.Type, proto.Side[ins.C]));
                    return;
                }
                case RegOp.TestSeq: stack[a] = Value.FromBool(VmOps.MatchesShape((SequenceSite)proto.Side[ins.C], stack[b])); return;
                case RegOp.GetItem: stack[a] = VmOps.GetItem(stack[b], ins.C); return;
                case RegOp.GetPayload: stack[a] = Operations.VariantPayload(stack[b], ins.C); return;
                case RegOp.GetStructField: stack[a] = stack[b].AsStruct.Fields[ins.C]; return;
                case RegOp.SliceRest: stack[a] = VmOps.SliceRest((RestSite)proto.Side[ins.C], stack[b]); return;
                case RegOp.PatternError: throw VmOps.PatternError((PatternErrorSite)proto.Side[ins.B], stack[a], proto.Name);
                case RegOp.IterInit: stack[a] = Value.FromInternal(VmIterator.Create(stack[b])); return;
                case RegOp.ForPrep:
                    (stack[a], stack[a + 1]) = VmOps.RangeLoopStart((RangeSite)proto.Side[ins.C], stack[b], stack[b + 1]);
                    return;
                default:
                    throw new InvalidOperationException($"internal VM error: unhandled opcode {ins.Op}");
            }
        }
        catch (RuchyError e) when (LocateAndPass(e, pos >= 0 ? pos : proto.Positions[pc], pc))
        {
            throw;
        }
    }

    /// <summary>A formatting macro: an assert check, or text rendered then printed, returned or raised.</summary>
    private Value Format(FormatSite site, int at)
    {
        var stack = _stack;
        Value left = site.CheckedCount > 0 ? stack[at] : default;
        Value right = site.CheckedCount > 1 ? stack[at + 1] : default;
        if (site.IsCheck) return Value.FromBool(Operations.AssertPasses(site.Action, left, right));
        string? text = site.Pieces != null ? Operations.Format(site.Pieces, new ReadOnlySpan<Value>(stack, at + site.CheckedCount, site.ArgCount)) : null;
        return Operations.CompleteMacro(site.Action, text, left, right, _out, _err);
    }
}
