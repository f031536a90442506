using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>Methods on integers and floats (abs, pow, sqrt, floor, min/max, to_string...).</summary>
internal static class NumberMethods
{
    public static Value Abs(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsInt == long.MinValue ? throw new RuchyError("Integer overflow in abs") : Value.FromInt(Math.Abs(v.AsInt)),
        ValueKind.Float => Value.FromFloat(Math.Abs(v.AsFloat)),
        _ => throw new RuchyError($"abs() expects a number, got {v.TypeName}"),
    };

    public static Value Invoke(Value v, MethodId id, string name, ReadOnlySpan<Value> args)
    {
        bool isInt = v.IsInt;
        double d = v.AsNumber;
        switch (id)
        {
            case MethodId.Abs: return Abs(v);
            case MethodId.Pow:
            case MethodId.Powi:
            case MethodId.Powf:
                Methods.CheckArgs(args, 1, name);
                if (isInt && id == MethodId.Pow)
                {
                    long e = BuiltinCalls.Int(args[0], name);
                    if (e < 0) throw new RuchyError("pow() exponent must not be negative for integers");
                    if (!Arithmetic.TryPowInt(v.AsInt, e, out long r)) throw new RuchyError("Integer overflow in pow");
                    return Value.FromInt(r);
                }
                return Value.FromFloat(Math.Pow(d, BuiltinCalls.Num(args[0], name)));
            case MethodId.Sqrt: return Value.FromFloat(Math.Sqrt(d));
            case MethodId.Floor: return isInt ? v : Value.FromFloat(Math.Floor(d));
            case MethodId.Ceil: return isInt ? v : Value.FromFloat(Math.Ceiling(d));
            case MethodId.Round: return isInt ? v : Value.FromFloat(Math.Round(d, MidpointRounding.AwayFromZero));
            case MethodId.Trunc: return isInt ? v : Value.FromFloat(Math.Truncate(d));
            case MethodId.Fract: return Value.FromFloat(d - Math.Truncate(d));
            case MethodId.Sin: return Value.FromFloat(Math.Sin(d));
            case MethodId.Cos: return Value.FromFloat(Math.Cos(d));
            case MethodId.Tan: return Value.FromFloat(Math.Tan(d));
            case MethodId.Atan: return Value.FromFloat(Math.Atan(d));
            case MethodId.Atan2:
                Methods.CheckArgs(args, 1, name);
                return Value.FromFloat(Math.Atan2(d, BuiltinCalls.Num(args[0], name)));
            case MethodId.Ln: return Value.FromFloat(Math.Log(d));
            case MethodId.Log:
                if (args.Length == 1) return Value.FromFloat(Math.Log(d) / Math.Log(BuiltinCalls.Num(args[0], name)));
                return Value.FromFloat(Math.Log(d));
            case MethodId.Log10: return Value.FromFloat(Math.Log10(d));
            case MethodId.Log2: return Value.FromFloat(Math.Log2(d));
            case MethodId.Exp: return Value.FromFloat(Math.Exp(d));
            case MethodId.Hypot:
                Methods.CheckArgs(args, 1, name);
                return Value.FromFloat(Math.Sqrt(d * d + BuiltinCalls.Num(args[0], name) * BuiltinCalls.Num(args[0], name)));
            case MethodId.Signum:
                return isInt ? Value.FromInt(Math.Sign(v.AsInt)) : Value.FromFloat(double.IsNaN(d) ? double.NaN : d >= 0 && !double.IsNegative(d) ? 1.0 : -1.0);
            case MethodId.IsNan: return Value.FromBool(double.IsNaN(d));
            case MethodId.IsInfinite: return Value.FromBool(double.IsInfinity(d));
            case MethodId.IsFinite: return Value.FromBool(double.IsFinite(d));
            case MethodId.IsPositive: return Value.FromBool(isInt ? v.AsInt > 0 : d > 0);
            case MethodId.IsNegative: return Value.FromBool(isInt ? v.AsInt < 0 : d < 0);
            case MethodId.Min:
            case MethodId.Max:
            {
                Methods.CheckArgs(args, 1, name);
                int c = Arithmetic.Compare(v, args[0], id == MethodId.Min ? "min" : "max");
                return id == MethodId.Min ? (c <= 0 ? v : args[0]) : (c >= 0 ? v : args[0]);
            }
            case MethodId.Clamp:
            {
                Methods.CheckArgs(args, 2, name);
                if (Arithmetic.Compare(v, args[0], "clamp") < 0) return args[0];
                if (Arithmetic.Compare(v, args[1], "clamp") > 0) return args[1];
                return v;
            }
            case MethodId.RemEuclid:
            {
                Methods.CheckArgs(args, 1, name);
                if (isInt && args[0].IsInt)
                {
                    long m = args[0].AsInt;
                    if (m == 0) throw new RuchyError("Division by zero");
                    long r = v.AsInt % m;
                    return Value.FromInt(r < 0 ? r + Math.Abs(m) : r);
                }
                double md = BuiltinCalls.Num(args[0], name);
                double rd = d % md;
                return Value.FromFloat(rd < 0 ? rd + Math.Abs(md) : rd);
            }
            case MethodId.CheckedAdd:
            case MethodId.CheckedSub:
            case MethodId.CheckedMul:
            case MethodId.CheckedDiv:
            {
                Methods.CheckArgs(args, 1, name);
                long x = BuiltinCalls.Int(v, name), y = BuiltinCalls.Int(args[0], name);
                try
                {
                    long r = id switch
                    {
                        MethodId.CheckedAdd => checked(x + y),
                        MethodId.CheckedSub => checked(x - y),
                        MethodId.CheckedMul => checked(x * y),
                        _ => y == 0 || (x == long.MinValue && y == -1) ? throw new OverflowException() : x / y,
                    };
                    return RType.Some(Value.FromInt(r));
                }
                catch (OverflowException)
                {
                    return RType.None;
                }
            }
            case MethodId.WrappingAdd:
            case MethodId.WrappingSub:
            case MethodId.WrappingMul:
            {
                Methods.CheckArgs(args, 1, name);
                long x = BuiltinCalls.Int(v, name), y = BuiltinCalls.Int(args[0], name);
                return Value.FromInt(id switch
                {
                    MethodId.WrappingAdd => unchecked(x + y),
                    MethodId.WrappingSub => unchecked(x - y),
                    _ => unchecked(x * y),
                });
            }
            case MethodId.ToFloat:
            case MethodId.ToF64:
                return Value.FromFloat(d);
            case MethodId.ToInt:
            case MethodId.ToI64:
                return Conversions.ToInt(v);
            case MethodId.ToString:
                return Value.FromString(ValueFormatter.Display(v));
            case MethodId.Clone:
            case MethodId.ToOwned:
                return v;
        }
        if (OptionMethods.TryInvoke(null!, v, id, args, out var r2)) return r2;
        throw Methods.UnknownMethod(v, name);
    }
}
