using Ruchy.Builtins;
using Ruchy.Semantics;

namespace Ruchy.Ir;

/// <summary>A method call site in the IR: what the bytecode's MethodSite is built from when the IR is lowered (its jump distance is known only then).</summary>
internal sealed record IrMethodSite(string Name, MethodId Method, bool ReceiverIsPlace, bool IsStatement);

/// <summary>A closure's function and where each of its captures comes from (operands of the Closure instruction, or the creator's own captures).</summary>
internal sealed record IrClosureSite(IrFunction Function, CaptureSource[] Captures);

/// <summary>The guard of an inlined call: the global the call read and the function inlined in its place.</summary>
internal sealed record IrCalleeGuard(int Global, BoundFunction Callee);
