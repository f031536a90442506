using System.Globalization;
using Ruchy.Formatting;

namespace Ruchy.Syntax.Ast;

/// <summary>
/// A literal as the parser reads it: nil, a bool, a 64-bit integer, a float or a string (character
/// literals included). The front end's own representation: the resolver turns it into a runtime value
/// (<c>Semantics.LiteralValues</c>), so the syntax tree does not depend on <c>Ruchy.Values</c>.
/// The parser folds a minus written right before a number literal into it (<c>-5</c> is one literal, <c>- 5</c> is not).
/// </summary>
internal readonly struct Literal : IEquatable<Literal>
{
    private readonly string? _text;
    private readonly long _bits;
    public readonly LiteralKind Kind;

    private Literal(LiteralKind kind, long bits, string? text)
    {
        Kind = kind;
        _bits = bits;
        _text = text;
    }

    public static readonly Literal Nil = default;
    public static readonly Literal True = new(LiteralKind.Bool, 1, null);
    public static readonly Literal False = new(LiteralKind.Bool, 0, null);

    public static Literal FromInt(long v) => new(LiteralKind.Int, v, null);
    public static Literal FromFloat(double v) => new(LiteralKind.Float, BitConverter.DoubleToInt64Bits(v), null);
    public static Literal FromBool(bool v) => v ? True : False;
    public static Literal FromString(string s) => new(LiteralKind.Str, 0, s);

    public long AsInt => _bits;
    public double AsFloat => BitConverter.Int64BitsToDouble(_bits);
    public bool AsBool => _bits != 0;
    public string AsString => _text!;

    public bool IsNumber => Kind is LiteralKind.Int or LiteralKind.Float;
    public bool IsString => Kind == LiteralKind.Str;

    public bool Equals(Literal other) => Kind == other.Kind && _bits == other._bits && string.Equals(_text, other._text, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is Literal l && Equals(l);
    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _text);
    public static bool operator ==(Literal a, Literal b) => a.Equals(b);
    public static bool operator !=(Literal a, Literal b) => !a.Equals(b);

    /// <summary>As <c>ruchy ast</c> prints it (and as the value prints inside a collection): strings quoted, floats as Rust prints f64.</summary>
    public override string ToString() => Kind switch
    {
        LiteralKind.Bool => AsBool ? "true" : "false",
        LiteralKind.Int => AsInt.ToString(CultureInfo.InvariantCulture),
        LiteralKind.Float => FloatFormatter.Display(AsFloat),
        LiteralKind.Str => Quoting.Quote(AsString),
        _ => "nil",
    };
}
