using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Evaluation;

/// <summary>Thrown by a native operation to produce <c>(Error call payload)</c>.</summary>
internal sealed class MettaRuntimeError(Atom payload) : Exception(payload.ToString())
{
    public Atom Payload { get; } = payload;
    public MettaRuntimeError(string message) : this(new Str(message)) { }
}
