using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// A compiled program for one instruction set: the script, hoisted functions with their globals, types
/// with their methods. Immutable once built (init-only).
/// </summary>
/// <remarks>
/// Generic over the proto type rather than one class per instruction set: both compilers build it with
/// the same assembler and every consumer but the VM itself (loading, listing) reads the shared
/// <see cref="FunctionProto"/> part, so two classes would be two copies of the same five members;
/// rather than one class over the base type: each VM takes only programs of its own instruction set
/// (<c>RegisterVm.Run(CompiledProgram&lt;RegisterProto&gt;)</c>) and reads its protos without casts.
/// </remarks>
internal sealed class CompiledProgram<TProto> where TProto : FunctionProto
{
    public required TProto Script { get; init; }
    public required string[] GlobalNames { get; init; }
    public required (int Global, TProto Function)[] Functions { get; init; }
    public required (RType Type, TProto[] Methods)[] Types { get; init; }
    public int MainGlobal { get; init; } = -1;
}
