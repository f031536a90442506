using System.Runtime.CompilerServices;
using Ruchy.Builtins;
using Ruchy.Core;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

internal sealed partial class TreeWalker
{
    private Value EvalMethodCall(BoundMethodCall mc, int fp)
    {
        var receiver = Eval(mc.Receiver, fp);
        if (_signal != Signal.None) return default;
        if (receiver.Kind is ValueKind.Struct or ValueKind.Enum)
        {
            var type = receiver.Kind == ValueKind.Struct ? receiver.AsStruct.Type : receiver.AsEnum.Type;
            Value method;
            var table = type.Methods;
            if (ReferenceEquals(mc.CachedMethods, table)) method = mc.CachedMethod;
            else if (table.TryGetValue(mc.Name, out method))
            {
                mc.CachedMethods = table;
                mc.CachedMethod = method;
            }
            else method = default;
            if (method.Kind == ValueKind.Function) return CallUserMethod(mc, receiver, method.AsFunction, fp);
            if (receiver.Kind == ValueKind.Struct && type.FieldIndex.TryGetValue(mc.Name, out int fi)
                && receiver.AsStruct.Fields[fi].Kind is ValueKind.Function or ValueKind.Native)
            {
                // A struct field holding a function: `(self.f)(x)` written as `self.f(x)`.
                return CallFieldFunction(mc, receiver.AsStruct.Fields[fi], fp);
            }
        }
        return CallBuiltinMethod(mc, receiver, fp);
    }

    private Value CallUserMethod(BoundMethodCall mc, Value receiver, RFunction f, int fp)
    {
        var fn = Unsafe.As<BoundFunction>(f.Code);
        int argc = mc.Args.Length + 1;
        // Arguments first (slot 0 is kept for self), then the checks and self: the order the bytecode tiers use.
        int newFp = _sp;
        EnsureStack(newFp + 2);
        _stack[newFp] = receiver;
        _sp = newFp + 1;
        if (!PushArguments(mc.Args, fp, newFp + 1))
        {
            _sp = newFp;
            return default;
        }
        if (fn.SelfKind == SelfKind.None) throw Located(Operations.NotAMethod(fn.Name), mc.Pos);
        if (argc > fn.ParamCount || argc < fn.RequiredParams)
            throw Located(Operations.MethodArity(mc.Name, fn.RequiredParams - 1, fn.ParamCount - 1, mc.Args.Length), mc.Pos);
        // &mut self works on the caller's own copy, which the method then updates in place.
        bool writeBack = fn.SelfKind == SelfKind.RefMut && mc.ReceiverIsPlace;
        Value self = receiver;
        if (writeBack)
        {
            var obj = GetMutableContainer(mc.Receiver, fp);
            if (obj != null) self = Value.FromCow(obj);
        }
        else if (fn.SelfKind == SelfKind.Value) self = receiver.Share();
        _stack[newFp] = self;
        var result = Invoke(f, fn, newFp, argc, mc.Pos);
        if (writeBack)
        {
            // The method may have replaced self entirely (`*self = State::Done`): store it back.
            var final = _stack[newFp];
            if (final.Kind == ValueKind.Cell) final = final.AsCell.Value;
            if (final.Reference != self.Reference || final.Kind != self.Kind) StoreToPlace(mc.Receiver, final.Share(), fp);
        }
        return result;
    }

    private Value CallFieldFunction(BoundMethodCall mc, Value function, int fp)
    {
        int newFp = _sp;
        if (!PushArguments(mc.Args, fp, newFp))
        {
            _sp = newFp;
            return default;
        }
        try
        {
            _nativeCallPos = mc.Pos;
            return Call(function, new ReadOnlySpan<Value>(_stack, newFp, mc.Args.Length));
        }
        catch (RuchyError e) when (LocateAndPass(e, mc.Pos))
        {
            throw;
        }
        finally
        {
            _sp = newFp;
        }
    }

    private Value CallBuiltinMethod(BoundMethodCall mc, Value receiver, int fp)
    {
        int newFp = _sp;
        var args = mc.Args;
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var v = a.Kind == BoundKind.Borrow ? EvalBorrow(Unsafe.As<BoundBorrow>(a), fp) : Eval(a, fp);
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
            var id = mc.Method;
            if (Methods.IsMutating(id) && !(Methods.IsInPlaceOnlyAsStatement(id) && !mc.IsStatement && receiver.Kind == ValueKind.Array))
            {
                if (receiver.Kind == ValueKind.Str)
                {
                    if (Methods.IsStringUpdate(id))
                    {
                        var updated = StringMethods.Invoke(this, receiver.AsString, id, mc.Name, new ReadOnlySpan<Value>(_stack, newFp, args.Length));
                        if (mc.ReceiverIsPlace) StoreToPlace(mc.Receiver, updated, fp);
                        if (id == MethodId.Pop)
                            return receiver.AsString.Length == 0 ? RType.None : RType.Some(Value.FromString(receiver.AsString[updated.AsString.Length..]));
                        return Value.Nil;
                    }
                }
                else if (mc.ReceiverIsPlace)
                {
                    var obj = GetMutableContainer(mc.Receiver, fp);
                    if (obj != null) receiver = Value.FromCow(obj);
                }
                else if (receiver.Reference is CowObject cow)
                {
                    // A temporary: mutate a private copy so no variable changes behind the program's back.
                    receiver = Value.FromCow(cow.CloneShallow());
                }
            }
            else if (Methods.IsInPlaceOnlyAsStatement(id) && receiver.Reference is CowObject pure)
            {
                receiver = Value.FromCow(pure.CloneShallow());
            }
            _nativeCallPos = mc.Pos;
            return Methods.Invoke(this, receiver, id, mc.Name, new ReadOnlySpan<Value>(_stack, newFp, args.Length));
        }
        catch (RuchyError e) when (LocateAndPass(e, mc.Pos))
        {
            throw;
        }
        finally
        {
            _sp = newFp;
        }
    }
}
