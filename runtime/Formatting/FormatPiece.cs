namespace Ruchy.Formatting;

internal abstract record FormatPiece;

/// <summary>Literal text with "{{" / "}}" already unescaped.</summary>
internal sealed record LiteralPiece(string Text) : FormatPiece;

/// <summary>
/// A "{...}" argument. Index is set for "{0}", Name for "{name}" (Rust captures that variable),
/// both are null for the next implicit argument "{}". SpecText is the raw text after ':' ("" when absent).
/// </summary>
internal sealed record ArgumentPiece(int? Index, string? Name, FormatSpec Spec, string SpecText) : FormatPiece;
