using Ruchy.Core;

namespace Ruchy.Syntax.Ast;

public abstract record Stmt(int Pos) : Node(Pos);

internal sealed record ExprStmt(int Pos, Expr Expr) : Stmt(Pos);

/// <summary><c>let</c>/<c>var</c>/<c>const</c>/<c>static</c>; <c>Else</c> is the let-else block; <c>IsConst</c> for <c>const</c> (never reassigned).</summary>
internal sealed record LetStmt(int Pos, Pattern Pattern, Expr? Init, BlockExpr? Else, bool IsConst = false) : Stmt(Pos);

/// <summary>A parameter; <c>IsMutRef</c> when its type is <c>&amp;mut T</c> (passing it on lends the caller's value).</summary>
internal sealed record Param(int Pos, Pattern Pattern, Expr? Default, bool IsMutRef = false);

internal sealed record FunDecl(int Pos, string Name, SelfKind Self, IReadOnlyList<Param> Params, BlockExpr Body) : Stmt(Pos);

internal sealed record FieldDecl(int Pos, string Name, Expr? Default);

internal sealed record StructDecl(int Pos, string Name, StructShape Shape, IReadOnlyList<FieldDecl> Fields, IReadOnlyList<FunDecl> Methods) : Stmt(Pos);

internal sealed record VariantDecl(int Pos, string Name, StructShape Shape, IReadOnlyList<string> FieldNames, Expr? Discriminant);

internal sealed record EnumDecl(int Pos, string Name, IReadOnlyList<VariantDecl> Variants) : Stmt(Pos);

internal sealed record ImplDecl(int Pos, string TypeName, string? TraitName, IReadOnlyList<FunDecl> Methods) : Stmt(Pos);

internal sealed record TraitDecl(int Pos, string Name, IReadOnlyList<FunDecl> DefaultMethods) : Stmt(Pos);

/// <summary>The whole file: statements and items in source order.</summary>
public sealed record ProgramAst(IReadOnlyList<Stmt> Statements);
