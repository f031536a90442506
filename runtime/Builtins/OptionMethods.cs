using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// Option/Result methods (unwrap, unwrap_or, is_some, map, ok_or...). The same methods accept a
/// plain value as Some(value) and nil as None, because ruchy's first/last/pop/get return plain values.
/// </summary>
internal static class OptionMethods
{
    public static bool TryInvoke(IRuntimeHost host, Value v, MethodId id, ReadOnlySpan<Value> args, out Value result)
    {
        // present: Some(x)/Ok(x)/plain non-nil; payload: x.
        bool isOption, present;
        Value payload;
        if (v.Kind == ValueKind.Enum && (ReferenceEquals(v.AsEnum.Type, RType.Option) || ReferenceEquals(v.AsEnum.Type, RType.Result)))
        {
            var e = v.AsEnum;
            isOption = ReferenceEquals(e.Type, RType.Option);
            present = isOption ? e.Variant == RType.SomeVariant : e.Variant == RType.OkVariant;
            payload = e.Payload.Length > 0 ? e.Payload[0] : Value.Nil;
        }
        else
        {
            isOption = true;
            present = !v.IsNil;
            payload = v;
        }
        switch (id)
        {
            case MethodId.Unwrap:
            case MethodId.Expect:
                if (present)
                {
                    result = payload;
                    return true;
                }
                if (id == MethodId.Expect && args.Length > 0) throw new RuchyError(ValueFormatter.Display(args[0]));
                throw new RuchyError(isOption
                    ? "called `unwrap()` on a `None` value"
                    : $"called `unwrap()` on an `Err` value: {ValueFormatter.Repr(payload)}");
            case MethodId.UnwrapOr:
                Methods.CheckArgs(args, 1, "unwrap_or");
                result = present ? payload : args[0];
                return true;
            case MethodId.UnwrapOrElse:
                Methods.CheckArgs(args, 1, "unwrap_or_else");
                result = present ? payload : isOption ? host.Call(args[0], ReadOnlySpan<Value>.Empty) : host.Call(args[0], [payload]);
                return true;
            case MethodId.UnwrapOrDefault:
                result = present ? payload : Value.FromInt(0);
                return true;
            case MethodId.IsSome:
            case MethodId.IsOk:
                result = Value.FromBool(present);
                return true;
            case MethodId.IsNone:
            case MethodId.IsErr:
                result = Value.FromBool(!present);
                return true;
            case MethodId.Map when v.Kind == ValueKind.Enum || v.IsNil:
                Methods.CheckArgs(args, 1, "map");
                result = !present ? v : isOption ? RType.Some(host.Call(args[0], [payload]).Share()) : RType.Ok(host.Call(args[0], [payload]).Share());
                return true;
            case MethodId.MapErr:
                Methods.CheckArgs(args, 1, "map_err");
                result = present || isOption ? v : RType.Err(host.Call(args[0], [payload]).Share());
                return true;
            case MethodId.AndThen:
                Methods.CheckArgs(args, 1, "and_then");
                result = present ? host.Call(args[0], [payload]) : v;
                return true;
            case MethodId.OrElse:
                Methods.CheckArgs(args, 1, "or_else");
                result = present ? v : isOption ? host.Call(args[0], ReadOnlySpan<Value>.Empty) : host.Call(args[0], [payload]);
                return true;
            case MethodId.Ok when !isOption:
                result = present ? RType.Some(payload) : RType.None;
                return true;
            case MethodId.Err when !isOption:
                result = present ? RType.None : RType.Some(payload);
                return true;
            case MethodId.OkOr:
                Methods.CheckArgs(args, 1, "ok_or");
                result = present ? RType.Ok(payload) : RType.Err(args[0]);
                return true;
            case MethodId.Filter when v.Kind == ValueKind.Enum && isOption:
                Methods.CheckArgs(args, 1, "filter");
                result = present && host.Call(args[0], [payload]).IsTruthy ? v : RType.None;
                return true;
            case MethodId.Clone:
            case MethodId.ToOwned:
            case MethodId.AsRef:
            case MethodId.Copied:
            case MethodId.Cloned:
                result = v;
                return true;
            case MethodId.ToString:
                result = Value.FromString(ValueFormatter.Display(v));
                return true;
        }
        result = default;
        return false;
    }
}
