namespace Ruchy.Core;

/// <summary>
/// A binary operator, as the parser reads it and every later stage (resolver, tiers, value
/// arithmetic) acts on it. <c>And</c>, <c>Or</c> and <c>NullCoalesce</c> short-circuit; compound
/// assignments (<c>+=</c>) carry the operator they apply.
/// </summary>
internal enum BinaryOp
{
    Add, Sub, Mul, Div, Rem, Pow,
    Eq, Ne, Lt, Le, Gt, Ge,
    And, Or, BitAnd, BitOr, BitXor, Shl, Shr,
    NullCoalesce,
}
