using Ruchy.Core;

namespace Ruchy.Syntax.Ast;

// The parse tree: what the source says, names still as strings. Pos is the offset of the node's
// first token (for binary expressions: of the operator), used for line:col in messages.

public abstract record Node(int Pos);

public abstract record Expr(int Pos) : Node(Pos);

/// <summary>A literal; <see cref="Ast.Literal"/> is the front end's form, turned into a value by the resolver.</summary>
internal sealed record LiteralExpr(int Pos, Literal Literal) : Expr(Pos);

/// <summary>One piece of an f-string: literal text, or an expression with an optional format spec.</summary>
internal sealed record FStringPart(string? Text, Expr? Expr, string? Spec);

internal sealed record FStringExpr(int Pos, IReadOnlyList<FStringPart> Parts) : Expr(Pos);

internal sealed record NameExpr(int Pos, string Name) : Expr(Pos);

/// <summary><c>A::B::c</c>: a type-qualified name (associated function, enum variant, Vec::new...).</summary>
internal sealed record PathExpr(int Pos, IReadOnlyList<string> Segments) : Expr(Pos)
{
    public override string ToString() => string.Join("::", Segments);
}

internal sealed record SelfExpr(int Pos) : Expr(Pos);

internal sealed record UnaryExpr(int Pos, UnaryOp Op, Expr Operand) : Expr(Pos);

internal sealed record BinaryExpr(int Pos, BinaryOp Op, Expr Left, Expr Right) : Expr(Pos);

/// <summary><c>target = value</c> or a compound assignment (<c>Op</c> set for <c>+=</c> etc.).</summary>
internal sealed record AssignExpr(int Pos, Expr Target, BinaryOp? Op, Expr Value) : Expr(Pos);

/// <summary><c>x++</c>, <c>++x</c>, <c>x--</c>, <c>--x</c>.</summary>
internal sealed record IncDecExpr(int Pos, Expr Target, bool Increment, bool Prefix) : Expr(Pos);

internal sealed record Argument(string? Name, Expr Value);

internal sealed record CallExpr(int Pos, Expr Callee, IReadOnlyList<Argument> Args) : Expr(Pos);

/// <summary><c>name!(...)</c> / <c>name![...]</c>. <c>RepeatCount</c> is set for <c>vec![v; n]</c>.</summary>
internal sealed record MacroExpr(int Pos, string Name, IReadOnlyList<Expr> Args, Expr? RepeatCount) : Expr(Pos);

internal sealed record MethodCallExpr(int Pos, Expr Receiver, string Name, IReadOnlyList<Argument> Args, bool Optional) : Expr(Pos);

/// <summary><c>target.name</c>; tuple fields have numeric names ("0").</summary>
internal sealed record FieldExpr(int Pos, Expr Target, string Name, bool Optional) : Expr(Pos);

internal sealed record IndexExpr(int Pos, Expr Target, Expr Index) : Expr(Pos);

/// <summary>The <c>?</c> operator: unwraps Some/Ok, returns None/Err from the enclosing function.</summary>
internal sealed record TryExpr(int Pos, Expr Operand) : Expr(Pos);

internal sealed record CastExpr(int Pos, Expr Operand, string TypeName) : Expr(Pos);

internal sealed record RangeExpr(int Pos, Expr? Start, Expr? End, bool Inclusive) : Expr(Pos);

internal sealed record ArrayExpr(int Pos, IReadOnlyList<Expr> Elements) : Expr(Pos);

internal sealed record ArrayRepeatExpr(int Pos, Expr Element, Expr Count) : Expr(Pos);

internal sealed record TupleExpr(int Pos, IReadOnlyList<Expr> Elements) : Expr(Pos);

/// <summary>An object literal entry; <c>Key</c> null means <c>...spread</c>.</summary>
internal sealed record ObjectEntry(string? Key, Expr Value);

internal sealed record ObjectExpr(int Pos, IReadOnlyList<ObjectEntry> Entries) : Expr(Pos);

internal sealed record FieldInit(int Pos, string Name, Expr Value);

internal sealed record StructLiteralExpr(int Pos, string TypeName, IReadOnlyList<FieldInit> Fields, Expr? Base) : Expr(Pos);

internal sealed record BlockExpr(int Pos, IReadOnlyList<Stmt> Statements) : Expr(Pos);

internal sealed record IfExpr(int Pos, Expr Condition, BlockExpr Then, Expr? Else) : Expr(Pos);

internal sealed record IfLetExpr(int Pos, Pattern Pattern, Expr Value, BlockExpr Then, Expr? Else) : Expr(Pos);

internal sealed record TernaryExpr(int Pos, Expr Condition, Expr Then, Expr Else) : Expr(Pos);

internal sealed record MatchArm(int Pos, Pattern Pattern, Expr? Guard, Expr Body);

internal sealed record MatchExpr(int Pos, Expr Scrutinee, IReadOnlyList<MatchArm> Arms) : Expr(Pos);

internal sealed record WhileExpr(int Pos, string? Label, Expr Condition, BlockExpr Body) : Expr(Pos);

internal sealed record WhileLetExpr(int Pos, string? Label, Pattern Pattern, Expr Value, BlockExpr Body) : Expr(Pos);

internal sealed record LoopExpr(int Pos, string? Label, BlockExpr Body) : Expr(Pos);

internal sealed record ForExpr(int Pos, string? Label, Pattern Pattern, Expr Iterable, BlockExpr Body) : Expr(Pos);

internal sealed record BreakExpr(int Pos, string? Label, Expr? Value) : Expr(Pos);

internal sealed record ContinueExpr(int Pos, string? Label) : Expr(Pos);

internal sealed record ReturnExpr(int Pos, Expr? Value) : Expr(Pos);

internal sealed record LambdaExpr(int Pos, IReadOnlyList<Param> Params, Expr Body) : Expr(Pos);

/// <summary>A parse error stand-in, so later stages see a complete tree.</summary>
internal sealed record ErrorExpr(int Pos) : Expr(Pos);
