namespace Ruchy.Syntax;

/// <summary>
/// One token. <see cref="Text"/> is the identifier name or the decoded string literal;
/// numbers carry their value. <see cref="SpaceBefore"/>/<see cref="NewlineBefore"/> let the parser
/// tell <c>x?</c> (try) from <c>c ? a : b</c> and keep calls on the line of their callee.
/// </summary>
public readonly record struct Token(
    TokenKind Kind,
    int Start,
    int Length,
    string? Text = null,
    long IntValue = 0,
    double FloatValue = 0,
    bool SpaceBefore = false,
    bool NewlineBefore = false)
{
    public int End => Start + Length;

    public override string ToString() => Kind switch
    {
        TokenKind.Int => $"Int({IntValue})",
        TokenKind.Float => $"Float({Formatting.FloatFormatter.Display(FloatValue)})",
        TokenKind.String => $"String({Quote(Text!)})",
        TokenKind.FString => $"FString({Quote(Text!)})",
        TokenKind.Char => $"Char({Quote(Text!)})",
        TokenKind.Identifier => $"Identifier({Text})",
        TokenKind.Lifetime => $"Lifetime({Text})",
        TokenKind.Bad => $"Bad({Text})",
        _ => SyntaxFacts.GetText(Kind) is { } t ? $"{Kind} '{t}'" : Kind.ToString(),
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
