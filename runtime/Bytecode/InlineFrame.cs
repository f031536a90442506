namespace Ruchy.Bytecode;

/// <summary>
/// A call that a compiler replaced by the callee's body: code copied from it reports errors as if the call had
/// happened (the stack trace gets a line for it). <see cref="Parent"/> is the frame the call itself sat in (an
/// index into the same table, or -1 when the call was in the function's own code).
/// </summary>
internal sealed record InlineFrame(string Name, int CallPos, int Parent);
