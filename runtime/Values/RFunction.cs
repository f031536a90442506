namespace Ruchy.Values;

/// <summary>A mutable box for a variable that a closure captures: captured by reference, one per binding.</summary>
public sealed class Cell(Value value)
{
    public Value Value = value;
}

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

/// <summary>Services a native (C#) function may use: output and calling back into Ruchy code.</summary>
public interface IRuntimeHost
{
    TextWriter Out { get; }
    /// <summary>Where eprintln and dbg write (the program's stderr).</summary>
    TextWriter Err { get; }
    Value Call(Value callee, ReadOnlySpan<Value> args);
}

public delegate Value NativeFn(IRuntimeHost host, ReadOnlySpan<Value> args);

/// <summary>A built-in function value (e.g. <c>sqrt</c> passed to <c>map</c>).</summary>
public sealed class NativeFunction(string name, int minArgs, int maxArgs, NativeFn fn)
{
    public readonly string Name = name;
    public readonly int MinArgs = minArgs;
    public readonly int MaxArgs = maxArgs;
    public readonly NativeFn Fn = fn;
}
