namespace Ruchy.Values;

public delegate Value NativeFn(IRuntimeHost host, ReadOnlySpan<Value> args);

/// <summary>A built-in function value (e.g. <c>sqrt</c> passed to <c>map</c>).</summary>
public sealed class NativeFunction(string name, int minArgs, int maxArgs, NativeFn fn)
{
    public readonly string Name = name;
    public readonly int MinArgs = minArgs;
    public readonly int MaxArgs = maxArgs;
    public readonly NativeFn Fn = fn;
}
