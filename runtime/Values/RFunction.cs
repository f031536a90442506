namespace Ruchy.Values;

/// <summary>
/// A Ruchy function value: tier-specific code plus the cells it captured. <see cref="Code"/> is
/// whatever the creating tier compiled (a resolved function for the AST tier).
/// </summary>
public sealed class RFunction(string name, object code, Cell[] captures)
{
    public readonly string Name = name;
    public readonly object Code = code;
    public readonly Cell[] Captures = captures;
}

