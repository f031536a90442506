namespace Ruchy.Values;

/// <summary>Services a native (C#) function may use: output and calling back into Ruchy code.</summary>
public interface IRuntimeHost
{
    TextWriter Out { get; }
    /// <summary>Where eprintln and dbg write (the program's stderr).</summary>
    TextWriter Err { get; }
    Value Call(Value callee, ReadOnlySpan<Value> args);
}
