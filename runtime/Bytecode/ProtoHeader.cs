using Ruchy.Core;
using Ruchy.Semantics;

namespace Ruchy.Bytecode;

/// <summary>
/// What both compilers take from the resolved function for its proto (everything but the code):
/// name and source position, parameters, self kind, captures, and whether it is the program's
/// <c>main</c> (whose first call the VMs record, so it never takes the direct call path).
/// </summary>
internal readonly record struct ProtoHeader(
    string Name,
    int Pos,
    int ParamCount,
    int RequiredParams,
    string[] ParamNames,
    SelfKind SelfKind,
    bool HasDefaults,
    CaptureSource[] Captures,
    bool IsMain,
    BoundFunction? Source = null);
