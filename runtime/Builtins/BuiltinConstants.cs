using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>Values of the built-in constants (<c>i64::MAX</c>, <c>f64::consts::PI</c>...).</summary>
internal static class BuiltinConstants
{
    public static Value Get(BuiltinFunction fn) => fn switch
    {
        BuiltinFunction.IntMax => Value.FromInt(long.MaxValue),
        BuiltinFunction.IntMin => Value.FromInt(long.MinValue),
        BuiltinFunction.FloatMax => Value.FromFloat(double.MaxValue),
        BuiltinFunction.FloatMin => Value.FromFloat(double.MinValue),
        BuiltinFunction.FloatInfinity => Value.FromFloat(double.PositiveInfinity),
        BuiltinFunction.FloatNegInfinity => Value.FromFloat(double.NegativeInfinity),
        BuiltinFunction.FloatNan => Value.FromFloat(double.NaN),
        BuiltinFunction.FloatEpsilon => Value.FromFloat(double.Epsilon == 0 ? 0 : 2.220446049250313e-16),
        BuiltinFunction.Pi => Value.FromFloat(Math.PI),
        BuiltinFunction.E => Value.FromFloat(Math.E),
        BuiltinFunction.Nil => Value.Nil,
        _ => throw new RuchyError($"'{fn}' is not a constant"),
    };
}
