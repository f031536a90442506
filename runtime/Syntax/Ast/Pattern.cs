namespace Ruchy.Syntax.Ast;

public abstract record Pattern(int Pos) : Node(Pos);

internal sealed record WildcardPattern(int Pos) : Pattern(Pos);

/// <summary><c>..</c> or <c>..rest</c> inside a tuple/array pattern.</summary>
internal sealed record RestPattern(int Pos, string? Name) : Pattern(Pos);

/// <summary><c>name</c>, <c>mut name</c>, or <c>name @ subpattern</c>.</summary>
internal sealed record BindingPattern(int Pos, string Name, bool Mutable, Pattern? Subpattern) : Pattern(Pos);

internal sealed record LiteralPattern(int Pos, Literal Literal) : Pattern(Pos);

internal sealed record RangePattern(int Pos, Literal Low, Literal High, bool Inclusive) : Pattern(Pos);

internal sealed record TuplePattern(int Pos, IReadOnlyList<Pattern> Items) : Pattern(Pos);

internal sealed record ArrayPattern(int Pos, IReadOnlyList<Pattern> Items) : Pattern(Pos);

/// <summary><c>Some(x)</c>, <c>Shape::Circle(r)</c>, <c>Color::Red</c>, <c>None</c>; <c>Items</c> null when no parentheses.</summary>
internal sealed record VariantPattern(int Pos, IReadOnlyList<string> Path, IReadOnlyList<Pattern>? Items) : Pattern(Pos);

internal sealed record FieldPattern(string Name, Pattern Pattern);

/// <summary><c>Point { x, y: 0, .. }</c> or an enum struct variant <c>Shape::Rect { w, h }</c>.</summary>
internal sealed record StructPattern(int Pos, IReadOnlyList<string> Path, IReadOnlyList<FieldPattern> Fields, bool HasRest) : Pattern(Pos);

internal sealed record OrPattern(int Pos, IReadOnlyList<Pattern> Alternatives) : Pattern(Pos);
