using Ruchy.Core;

namespace Ruchy.Syntax;

/// <summary>
/// Binding power of infix operators, loosest (1) to tightest, as ruchy's Pratt loop really binds
/// them (ruchy.md §1.4). Note <c>**</c> is left-associative there, and ranges take their right side
/// at <see cref="Range"/>+1 so that <c>0..n+1</c> works.
/// </summary>
internal static class Precedence
{
    public const int Assignment = 1;   // = += ... (right-assoc), ternary, ||
    public const int Coalesce = 2;     // ??
    public const int And = 3;          // && |>
    public const int BitOr = 4;        // |
    public const int Range = 5;        // ^ .. ..=
    public const int BitAnd = 6;       // &
    public const int Equality = 7;     // == !=
    public const int Comparison = 8;   // < <= > >=
    public const int Shift = 9;        // << >>
    public const int Additive = 10;    // + -
    public const int Multiplicative = 11; // * / %
    public const int Power = 12;       // **
    public const int Cast = 13;        // as

    public static int Infix(TokenKind kind) => kind switch
    {
        TokenKind.PipePipe => Assignment,
        TokenKind.QuestionQuestion => Coalesce,
        TokenKind.AmpAmp or TokenKind.PipeGreater => And,
        TokenKind.Pipe => BitOr,
        TokenKind.Caret or TokenKind.DotDot or TokenKind.DotDotEq => Range,
        TokenKind.Amp => BitAnd,
        TokenKind.EqEq or TokenKind.BangEq => Equality,
        TokenKind.Less or TokenKind.LessEq or TokenKind.Greater or TokenKind.GreaterEq => Comparison,
        TokenKind.LessLess or TokenKind.GreaterGreater => Shift,
        TokenKind.Plus or TokenKind.Minus => Additive,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => Multiplicative,
        TokenKind.StarStar => Power,
        TokenKind.As => Cast,
        _ => 0,
    };

    public static BinaryOp? BinaryOperator(TokenKind kind) => kind switch
    {
        TokenKind.Plus => BinaryOp.Add,
        TokenKind.Minus => BinaryOp.Sub,
        TokenKind.Star => BinaryOp.Mul,
        TokenKind.Slash => BinaryOp.Div,
        TokenKind.Percent => BinaryOp.Rem,
        TokenKind.StarStar => BinaryOp.Pow,
        TokenKind.EqEq => BinaryOp.Eq,
        TokenKind.BangEq => BinaryOp.Ne,
        TokenKind.Less => BinaryOp.Lt,
        TokenKind.LessEq => BinaryOp.Le,
        TokenKind.Greater => BinaryOp.Gt,
        TokenKind.GreaterEq => BinaryOp.Ge,
        TokenKind.AmpAmp => BinaryOp.And,
        TokenKind.PipePipe => BinaryOp.Or,
        TokenKind.Amp => BinaryOp.BitAnd,
        TokenKind.Pipe => BinaryOp.BitOr,
        TokenKind.Caret => BinaryOp.BitXor,
        TokenKind.LessLess => BinaryOp.Shl,
        TokenKind.GreaterGreater => BinaryOp.Shr,
        TokenKind.QuestionQuestion => BinaryOp.NullCoalesce,
        _ => null,
    };

    /// <summary>The operator of a compound assignment (<c>+=</c> → Add), or null for plain <c>=</c>.</summary>
    public static bool IsAssignment(TokenKind kind, out BinaryOp? op)
    {
        op = kind switch
        {
            TokenKind.PlusEq => BinaryOp.Add,
            TokenKind.MinusEq => BinaryOp.Sub,
            TokenKind.StarEq => BinaryOp.Mul,
            TokenKind.SlashEq => BinaryOp.Div,
            TokenKind.PercentEq => BinaryOp.Rem,
            TokenKind.StarStarEq => BinaryOp.Pow,
            TokenKind.AmpEq => BinaryOp.BitAnd,
            TokenKind.PipeEq => BinaryOp.BitOr,
            TokenKind.CaretEq => BinaryOp.BitXor,
            TokenKind.LessLessEq => BinaryOp.Shl,
            TokenKind.GreaterGreaterEq => BinaryOp.Shr,
            _ => null,
        };
        return op != null || kind == TokenKind.Eq;
    }
}
