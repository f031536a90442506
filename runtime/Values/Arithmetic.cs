using System.Runtime.CompilerServices;
using System.Text;
using Ruchy.Core;

namespace Ruchy.Values;

/// <summary>
/// Operator semantics shared by every tier (ruchy.md §1.5): checked i64 + - *, truncating /,
/// Rust %, ** falling back to float, int/float promotion, string concatenation and repetition.
/// The tiers inline the int fast paths and call here for everything else.
/// </summary>
internal static class Arithmetic
{
    public static Value Binary(BinaryOp op, Value a, Value b) => op switch
    {
        BinaryOp.Add => Add(a, b),
        BinaryOp.Sub => Sub(a, b),
        BinaryOp.Mul => Mul(a, b),
        BinaryOp.Div => Div(a, b),
        BinaryOp.Rem => Rem(a, b),
        BinaryOp.Pow => Pow(a, b),
        BinaryOp.Eq => Value.FromBool(ValueEquality.AreEqual(a, b)),
        BinaryOp.Ne => Value.FromBool(!ValueEquality.AreEqual(a, b)),
        BinaryOp.Lt => Value.FromBool(Compare(a, b, "<") < 0),
        BinaryOp.Le => Value.FromBool(Compare(a, b, "<=") <= 0),
        BinaryOp.Gt => Value.FromBool(Compare(a, b, ">") > 0),
        BinaryOp.Ge => Value.FromBool(Compare(a, b, ">=") >= 0),
        BinaryOp.BitAnd => Bitwise(op, a, b),
        BinaryOp.BitOr => Bitwise(op, a, b),
        BinaryOp.BitXor => Bitwise(op, a, b),
        BinaryOp.Shl => Shift(op, a, b),
        BinaryOp.Shr => Shift(op, a, b),
        _ => throw new RuchyError($"operator {op} cannot be applied here"),
    };

    public static string Symbol(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Rem => "%",
        BinaryOp.Pow => "**",
        BinaryOp.Eq => "==",
        BinaryOp.Ne => "!=",
        BinaryOp.Lt => "<",
        BinaryOp.Le => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.Ge => ">=",
        BinaryOp.And => "&&",
        BinaryOp.Or => "||",
        BinaryOp.BitAnd => "&",
        BinaryOp.BitOr => "|",
        BinaryOp.BitXor => "^",
        BinaryOp.Shl => "<<",
        BinaryOp.Shr => ">>",
        BinaryOp.NullCoalesce => "??",
        _ => op.ToString(),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static RuchyError TypeError(string op, Value a, Value b) =>
        new($"Type error: cannot apply '{op}' to {a.TypeName} and {b.TypeName}");

    public static Value Add(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return AddInt(a.AsInt, b.AsInt);
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.AsNumber + b.AsNumber);
        if (a.Kind == ValueKind.Str)
        {
            if (b.Kind == ValueKind.Str) return Value.FromString(string.Concat(a.AsString, b.AsString));
            if (b.Kind is ValueKind.Int or ValueKind.Float or ValueKind.Bool) return Value.FromString(a.AsString + ValueFormatter.Display(b));
        }
        if (b.Kind == ValueKind.Str && a.Kind is ValueKind.Int or ValueKind.Float or ValueKind.Bool)
            return Value.FromString(ValueFormatter.Display(a) + b.AsString);
        if (a.Kind == ValueKind.Array && b.Kind == ValueKind.Array)
        {
            var x = a.AsArray.AsSpan();
            var y = b.AsArray.AsSpan();
            var items = new Value[x.Length + y.Length];
            for (int i = 0; i < x.Length; i++) items[i] = x[i].Share();
            for (int i = 0; i < y.Length; i++) items[x.Length + i] = y[i].Share();
            return Value.FromArray(new RArray(items, items.Length));
        }
        throw TypeError("+", a, b);
    }

    public static Value AddInt(long x, long y)
    {
        long r = x + y;
        if (((x ^ r) & (y ^ r)) < 0) throw new RuchyError("Integer overflow in addition");
        return Value.FromInt(r);
    }

    public static Value Sub(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return SubInt(a.AsInt, b.AsInt);
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.AsNumber - b.AsNumber);
        throw TypeError("-", a, b);
    }

    public static Value SubInt(long x, long y)
    {
        long r = x - y;
        if (((x ^ y) & (x ^ r)) < 0) throw new RuchyError("Integer overflow in subtraction");
        return Value.FromInt(r);
    }

    public static Value Mul(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return MulInt(a.AsInt, b.AsInt);
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.AsNumber * b.AsNumber);
        if (a.Kind == ValueKind.Str && b.Kind == ValueKind.Int) return Value.FromString(Repeat(a.AsString, b.AsInt));
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Str) return Value.FromString(Repeat(b.AsString, a.AsInt));
        throw TypeError("*", a, b);
    }

    public static Value MulInt(long x, long y)
    {
        long r;
        try
        {
            r = checked(x * y);
        }
        catch (OverflowException)
        {
            throw new RuchyError("Integer overflow in multiplication");
        }
        return Value.FromInt(r);
    }

    /// <summary>Largest string a program may build (characters); beyond it is a Ruchy error, not a host crash.</summary>
    public const long MaxStringLength = 1L << 30;

    public static string Repeat(string s, long count)
    {
        if (count <= 0 || s.Length == 0) return "";
        if (s.Length * count > MaxStringLength) throw new RuchyError($"string too large ({s.Length * count} characters)");
        var sb = new StringBuilder(s.Length * (int)count);
        for (long i = 0; i < count; i++) sb.Append(s);
        return sb.ToString();
    }

    public static Value Div(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return DivInt(a.AsInt, b.AsInt);
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.AsNumber / b.AsNumber);
        throw TypeError("/", a, b);
    }

    public static Value DivInt(long x, long y)
    {
        if (y == 0) throw new RuchyError("Division by zero");
        if (y == -1 && x == long.MinValue) throw new RuchyError("Integer overflow in division");
        return Value.FromInt(x / y);
    }

    public static Value Rem(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return RemInt(a.AsInt, b.AsInt);
        // Float remainder follows IEEE 754 as Rust's does: x % 0.0 is NaN, not an error (only integer % 0 fails).
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(a.AsNumber % b.AsNumber);
        throw TypeError("%", a, b);
    }

    public static Value RemInt(long x, long y)
    {
        if (y == 0) throw new RuchyError("Division by zero");
        if (y == -1) return Value.FromInt(0);
        return Value.FromInt(x % y);
    }

    public static Value Pow(Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            long exp = b.AsInt;
            if (exp < 0) return Value.FromFloat(Math.Pow(a.AsInt, exp));
            if (TryPowInt(a.AsInt, exp, out long r)) return Value.FromInt(r);
            return Value.FromFloat(Math.Pow(a.AsInt, exp));
        }
        if (a.IsNumber && b.IsNumber) return Value.FromFloat(Math.Pow(a.AsNumber, b.AsNumber));
        throw TypeError("**", a, b);
    }

    public static bool TryPowInt(long b, long e, out long result)
    {
        result = 1;
        try
        {
            checked
            {
                while (e > 0)
                {
                    if ((e & 1) != 0) result *= b;
                    e >>= 1;
                    if (e > 0) b *= b;
                }
            }
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Orders two values for &lt; &lt;= &gt; &gt;=; numbers (mixed too) and strings compare, others are a type error.</summary>
    public static int Compare(Value a, Value b, string op)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int) return a.AsInt.CompareTo(b.AsInt);
        if (a.IsNumber && b.IsNumber)
        {
            double x = a.AsNumber, y = b.AsNumber;
            // NaN compares false both ways: report "unordered" so that every comparison is false.
            if (double.IsNaN(x) || double.IsNaN(y)) return op is "<" or "<=" ? 1 : -1;
            return x.CompareTo(y);
        }
        if (ValueEquality.TryCompare(a, b, out int c)) return c;
        throw TypeError(op, a, b);
    }

    private static Value Bitwise(BinaryOp op, Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            long x = a.AsInt, y = b.AsInt;
            return Value.FromInt(op switch { BinaryOp.BitAnd => x & y, BinaryOp.BitOr => x | y, _ => x ^ y });
        }
        if (a.Kind == ValueKind.Bool && b.Kind == ValueKind.Bool)
        {
            bool x = a.AsBool, y = b.AsBool;
            return Value.FromBool(op switch { BinaryOp.BitAnd => x & y, BinaryOp.BitOr => x | y, _ => x ^ y });
        }
        throw TypeError(Symbol(op), a, b);
    }

    private static Value Shift(BinaryOp op, Value a, Value b)
    {
        if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
        {
            long s = b.AsInt;
            if (s < 0 || s > 63) throw new RuchyError($"shift amount {s} is out of range 0..63");
            return Value.FromInt(op == BinaryOp.Shl ? a.AsInt << (int)s : a.AsInt >> (int)s);
        }
        throw TypeError(Symbol(op), a, b);
    }

    public static Value Negate(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsInt == long.MinValue ? throw new RuchyError("Integer overflow in negation") : Value.FromInt(-v.AsInt),
        ValueKind.Float => Value.FromFloat(-v.AsFloat),
        _ => throw new RuchyError($"Type error: cannot negate {v.TypeName}"),
    };

    public static Value Not(Value v) => v.Kind switch
    {
        ValueKind.Bool => Value.FromBool(!v.AsBool),
        ValueKind.Int => Value.FromInt(~v.AsInt),
        ValueKind.Nil => Value.True,
        _ => throw new RuchyError($"Type error: cannot apply '!' to {v.TypeName}"),
    };

    public static Value BitNot(Value v) => v.Kind == ValueKind.Int
        ? Value.FromInt(~v.AsInt)
        : throw new RuchyError($"Type error: cannot apply '~' to {v.TypeName}");
}
