namespace Ruchy.Values;

/// <summary>A mutable box for a variable that a closure captures: captured by reference, one per binding.</summary>
public sealed class Cell(Value value)
{
    public Value Value = value;
}
