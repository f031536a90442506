using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// What a compiled function has whatever its instruction set: its header (name, position,
/// parameters, self kind, captures), a source offset per instruction (error locations), the
/// constants, the side table of structured operands (call, field and pattern sites, nested protos)
/// and the direct-call arities the VMs test on every call. Each instruction set has one sealed
/// subclass holding its code and frame layout (<see cref="RegisterProto"/>, <see cref="StackProto"/>).
/// </summary>
/// <remarks>
/// Immutable once built: every field is readonly and set by the constructor, which is also the one
/// place <see cref="DirectArgc"/> and <see cref="DirectMethodArgc"/> are computed. The arrays are
/// the VMs' (the loops take refs into them, so they are plain arrays, not read-only wrappers): nothing
/// writes them after construction. The side table's <see cref="MethodSite"/> and <see cref="FieldSite"/>
/// entries hold inline caches, which the VMs do update (see there). The hot fields are fields, not
/// properties, and the subclasses are sealed, so a VM reads them with one load after an
/// <c>Unsafe.As</c> of <c>RFunction.Code</c>, as before the split.
/// </remarks>
internal abstract class FunctionProto
{
    public readonly string Name;
    public readonly int Pos;
    public readonly int ParamCount;
    public readonly int RequiredParams;
    public readonly string[] ParamNames;
    public readonly SelfKind SelfKind;
    public readonly bool HasDefaults;
    /// <summary>Where each captured cell comes from (the creating frame's slot or its own captures).</summary>
    public readonly CaptureSource[] Captures;
    /// <summary>Source offset of each instruction (same length as the subclass's code).</summary>
    public readonly int[] Positions;
    public readonly Value[] Constants;
    /// <summary>Structured operands (X[i] in docs/bytecode.md): sites, types, nested protos.</summary>
    public readonly object[] Side;
    /// <summary>
    /// The argument count a call may take without any check but this one: the parameter count when
    /// every parameter is required, else -1 (defaults, and main, whose first call is recorded, take the careful path).
    /// Not readonly: the JIT tier sets it to -1 for the functions it may compile, so their calls reach it.
    /// </summary>
    public int DirectArgc;
    /// <summary>
    /// The same for a method call (self included): set for methods taking <c>self</c> or <c>&amp;self</c> with only
    /// required parameters; -1 otherwise (<c>&amp;mut self</c> hands a replaced self back, which the careful path does).
    /// </summary>
    public readonly int DirectMethodArgc;
    /// <summary>The resolved function compiled here: the identity an inlined call's guard compares (never read otherwise).</summary>
    public readonly BoundFunction? Source;

    private protected FunctionProto(in ProtoHeader header, int codeLength, int[] positions, Value[] constants, object[] side)
    {
        if (positions.Length != codeLength)
            throw new ArgumentException($"{header.Name}: {positions.Length} positions for {codeLength} instructions", nameof(positions));
        Name = header.Name;
        Pos = header.Pos;
        ParamCount = header.ParamCount;
        RequiredParams = header.RequiredParams;
        ParamNames = header.ParamNames;
        SelfKind = header.SelfKind;
        HasDefaults = header.HasDefaults;
        Captures = header.Captures;
        Positions = positions;
        Constants = constants;
        Side = side;
        Source = header.Source;
        bool exact = !header.HasDefaults && header.RequiredParams == header.ParamCount && !header.IsMain;
        DirectArgc = exact ? header.ParamCount : -1;
        DirectMethodArgc = exact && header.SelfKind is (SelfKind.Value or SelfKind.Ref) ? header.ParamCount : -1;
    }

    public override string ToString() => Name;
}
