namespace Ruchy.Builtins;

/// <summary>Thrown by <c>std::process::exit</c>: ends the program with an exit code (not an error).</summary>
internal sealed class ProgramExit(int code) : Exception($"exit({code})")
{
    public int Code { get; } = code;
}
