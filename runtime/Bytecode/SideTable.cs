using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Bytecode;

// The small side-table entries: the structured operands (X[i] in docs/bytecode.md) that some
// instructions take, each an immutable positional record of a few fields. They live in one file
// because they are one catalogue, read together like the opcode lists in RegOp.cs and StackOp.cs;
// the entries with more to them (inline caches, their own representation) have their own files:
// MethodSite.cs, FieldSite.cs, FStringSite.cs.

/// <summary>A call site: the callee's name for messages and, for CallGlobal, its global slot.</summary>
internal sealed record CallTarget(string Name, int Global);

/// <summary>An undefined name (Undefined X[i]): the error is raised when the instruction runs.</summary>
internal sealed record UndefinedSite(string Name, bool IsCall);

/// <summary>A struct literal: per field of the type, its value's offset among the operands (-1: taken from the update base), and where the base is.</summary>
internal sealed record StructSite(RType Type, int[] FieldRegisterOffsets, bool HasBase, int BaseOffset);

internal sealed record VariantSite(RType Type, int Variant, int PayloadCount);

/// <summary>An object literal: keys (null = spread) and each value's source offset (spread errors point there).</summary>
internal sealed record MapLiteralSite(string?[] Keys, int[] ValuePositions);

internal sealed record RangeSite(bool HasStart, bool HasEnd, bool Inclusive);

/// <summary>A formatting macro. With <c>IsCheck</c> the instruction only evaluates an assert's condition into a bool.</summary>
internal sealed record FormatSite(FormatAction Action, IReadOnlyList<Formatting.FormatPiece>? Pieces, int CheckedCount, int ArgCount, bool IsCheck);

internal sealed record RangePatternSite(Value Low, Value High, bool Inclusive);

internal sealed record VariantPatternSite(RType Type, int Variant);

/// <summary>A tuple/array pattern's shape: exact length, or at least length when it has a rest.</summary>
internal sealed record SequenceSite(PatternKind Kind, int Count, bool HasRest);

internal sealed record RestSite(int Front, int Back);

internal enum PatternErrorKind { NoMatch, LetMismatch, LetElseFellThrough, LoopItem, ParamPattern }

internal sealed record PatternErrorSite(PatternErrorKind Kind, string FunctionName);
