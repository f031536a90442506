using System.Runtime.CompilerServices;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Vm;

// Out-of-line work of the dispatch loop: unary ops, non-function calls, method calls, the remaining instructions.
internal sealed partial class StackVm
{
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
    private Value Unary(StackOp op, Value x, StackProto proto, int pc)
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
    private Value CallOther(Value callee, int calleeAt, int argc, StackProto proto, int pc)
    {
        if (callee.Kind != ValueKind.Native)
        {
            var site = (CallTarget)proto.Side[proto.Code[pc].B];
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
    private MethodOutcome PrepareMethod(MethodSite site, int receiverAt, int argc, int fp, StackProto proto, int pc)
    {
        var receiver = _stack[receiverAt];
        var method = VmSupport.FindUserMethod(site, receiver);
        if (method.Kind == ValueKind.Function)
        {
            var p = (StackProto)method.AsFunction.Code;
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
    private MethodOutcome PrepareMethodMut(MethodSite site, int receiverAt, int argc, int fp, StackProto proto, int pc)
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
    private void Other(StackInstr ins, StackProto proto, int pc, int fp, Cell[] upvals)
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
                    var u = (UndefinedSite)proto.Side[ins.A];
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
