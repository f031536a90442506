using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// A compiled function: code, a source offset per instruction (for error locations), constants,
/// the side table of structured operands, nested function protos, and the frame layout.
/// </summary>
public sealed class FunctionProto
{
    public required string Name { get; init; }
    public required int Pos { get; init; }
    public int ParamCount { get; set; }
    public int RequiredParams { get; set; }
    public string[] ParamNames { get; set; } = Array.Empty<string>();
    public SelfKind SelfKind { get; set; }
    /// <summary>Registers the frame needs (parameters, locals and temporaries; stack VM: slots plus the deepest operand stack).</summary>
    public int FrameSize { get; set; }
    /// <summary>Stack VM: frame slots (locals and hidden temporaries); the operand stack starts above them.</summary>
    public int SlotCount { get; set; }
    /// <summary>Register-VM code (set by the register compiler).</summary>
    public Instr[] Code { get; set; } = Array.Empty<Instr>();
    /// <summary>Stack-VM code (set by the stack compiler); <see cref="Positions"/> then follows it.</summary>
    public StackInstr[] StackCode { get; set; } = Array.Empty<StackInstr>();
    public int[] Positions { get; set; } = Array.Empty<int>();
    public Value[] Constants { get; set; } = Array.Empty<Value>();
    public object[] Side { get; set; } = Array.Empty<object>();
    public CaptureSource[] Captures { get; set; } = Array.Empty<CaptureSource>();
    public bool HasDefaults { get; set; }
    /// <summary>
    /// The argument count a call may take without any check but this one: the parameter count when
    /// every parameter is required, else -1 (defaults, and main, whose first call is recorded, take the careful path).
    /// </summary>
    public int DirectArgc = -1;
    /// <summary>
    /// The same for a method call (self included): set for methods taking <c>self</c> or <c>&amp;self</c> with only
    /// required parameters; -1 otherwise (<c>&amp;mut self</c> hands a replaced self back, which the careful path does).
    /// </summary>
    public int DirectMethodArgc = -1;

    /// <summary>Sets <see cref="DirectArgc"/> and <see cref="DirectMethodArgc"/> from the signature (the compilers call it on a finished proto).</summary>
    public FunctionProto WithDirectCalls()
    {
        bool exact = !HasDefaults && RequiredParams == ParamCount;
        DirectArgc = exact ? ParamCount : -1;
        DirectMethodArgc = exact && SelfKind is (SelfKind.Value or SelfKind.Ref) ? ParamCount : -1;
        return this;
    }

    public override string ToString() => Name;
}

/// <summary>A compiled program: the script, hoisted functions with their globals, types with their methods.</summary>
public sealed class CompiledProgram
{
    public required FunctionProto Script { get; init; }
    public required string[] GlobalNames { get; init; }
    public required (int Global, FunctionProto Function)[] Functions { get; init; }
    public required (RType Type, FunctionProto[] Methods)[] Types { get; init; }
    public int MainGlobal { get; init; } = -1;
}

// Side-table entries: the structured operands some instructions need.

/// <summary>A method call site with its inline cache (last receiver type and the method found).</summary>
public sealed class MethodSite(string name, Builtins.MethodId method, bool receiverIsPlace, bool isStatement, int receiverLocal)
{
    /// <summary>Register of the receiver when it is a plain local (the VM then mutates it in place without the mutation path), else -1.</summary>
    public readonly int ReceiverLocal = receiverLocal;
    public readonly string Name = name;
    public readonly Builtins.MethodId Method = method;
    public readonly bool ReceiverIsPlace = receiverIsPlace;
    public readonly bool IsStatement = isStatement;
    /// <summary>Instructions after CallMethod that make up the place-mutation path (skipped when not needed).</summary>
    public int SkipOffset;
    /// <summary>Stack VM: the frame slot that receives a replaced self on the mutation path.</summary>
    public int WriteBackSlot = -1;
    /// <summary>The method table <see cref="CachedMethod"/> was found in (the receiver type's, at that time).</summary>
    public Dictionary<string, Value>? CachedMethods;
    public Value CachedMethod;
}

/// <summary>A call site: the callee's name for messages and, for CallGlobal, its global slot.</summary>
public sealed record CallTarget(string Name, int Global);

/// <summary>A field access site with its inline cache.</summary>
public sealed class FieldSite(string name, int tupleIndex)
{
    public readonly string Name = name;
    public readonly int TupleIndex = tupleIndex;
    public RType? CachedType;
    public int CachedIndex;
}

public sealed record StructSite(RType Type, int[] FieldRegisterOffsets, bool HasBase, int BaseOffset);

public sealed record VariantSite(RType Type, int Variant, int PayloadCount);

/// <summary>An object literal: keys (null = spread) and each value's source offset (spread errors point there).</summary>
public sealed record MapLiteralSite(string?[] Keys, int[] ValuePositions);

public sealed record RangeSite(bool HasStart, bool HasEnd, bool Inclusive);

public sealed record FStringSite(BoundFStringPart[] Parts)
{
    /// <summary>How many interpolated values the f-string takes (its parts with an expression).</summary>
    public int ValueCount { get; } = Parts.Count(p => p.Expr != null);
}

/// <summary>A formatting macro. With <c>IsCheck</c> the instruction only evaluates an assert's condition into a bool.</summary>
public sealed record FormatSite(FormatAction Action, IReadOnlyList<Formatting.FormatPiece>? Pieces, int CheckedCount, int ArgCount, bool IsCheck);

public sealed record RangePatternSite(Value Low, Value High, bool Inclusive);

public sealed record VariantPatternSite(RType Type, int Variant);

/// <summary>A tuple/array pattern's shape: exact length, or at least length when it has a rest.</summary>
public sealed record SequenceSite(PatternKind Kind, int Count, bool HasRest);

public sealed record RestSite(int Front, int Back);

public enum PatternErrorKind { NoMatch, LetMismatch, LetElseFellThrough, LoopItem, ParamPattern }

public sealed record PatternErrorSite(PatternErrorKind Kind, string FunctionName);
