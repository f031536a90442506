using Ruchy.Syntax.Ast;
using Ruchy.Values;

namespace Ruchy.Semantics;

/// <summary>
/// Where the front end's literals become runtime values: the resolver calls this when it builds
/// constants and literal/range patterns, so the syntax tree never holds a <see cref="Value"/>.
/// </summary>
internal static class LiteralValues
{
    public static Value ToValue(this Literal literal) => literal.Kind switch
    {
        LiteralKind.Int => Value.FromInt(literal.AsInt),
        LiteralKind.Float => Value.FromFloat(literal.AsFloat),
        LiteralKind.Str => Value.FromString(literal.AsString),
        LiteralKind.Bool => Value.FromBool(literal.AsBool),
        _ => Value.Nil,
    };
}
