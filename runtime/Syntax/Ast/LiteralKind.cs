namespace Ruchy.Syntax.Ast;

/// <summary>What a <see cref="Literal"/> holds. Character literals are strings; <c>null</c> and <c>()</c> are <see cref="Nil"/>.</summary>
internal enum LiteralKind { Nil, Bool, Int, Float, Str }
