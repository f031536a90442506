using Ruchy.Core;
using Ruchy.Values;

namespace Ruchy.Semantics;

// The resolved tree: every name is a local slot, a captured cell, an upvalue or a global index;
// types, fields and variants are bound to their RType; built-in functions and methods to ids. Tiers
// (the AST interpreter now, the compilers later) read this tree and nothing earlier.
// Node classes are plain data; the Kind tag lets a tier dispatch with one switch.

public enum BoundKind : byte
{
    Const,
    Local,          // frame slot
    Cell,           // frame slot holding a Cell (the variable is captured by a closure)
    Upvalue,        // captured cell of the running closure
    Global,
    Undefined,
    FString,
    Unary,
    Binary,
    Logical,
    Assign,
    CompoundAssign,
    IncDec,
    Call,
    CallNative,
    MethodCall,
    VariantCtor,
    StructLiteral,
    Field,
    Index,
    Try,
    Cast,
    Range,
    ArrayLiteral,
    ArrayRepeat,
    TupleLiteral,
    MapLiteral,
    Block,
    Let,
    If,
    IfLet,
    Match,
    While,
    WhileLet,
    Loop,
    For,
    Break,
    Continue,
    Return,
    Lambda,
    Format,
    Borrow,
}

public abstract class BoundExpr(BoundKind kind, int pos)
{
    /// <summary>Only the resolver changes it (a Local becomes a Cell when a closure captures it).</summary>
    public BoundKind Kind = kind;
    /// <summary>Source offset for error locations.</summary>
    public readonly int Pos = pos;
}

internal sealed class BoundConst(int pos, Value value) : BoundExpr(BoundKind.Const, pos)
{
    public readonly Value Value = value;
}

/// <summary>
/// A variable reference. <see cref="BoundExpr.Kind"/> is Local, Cell, Upvalue or Global;
/// a Local becomes a Cell once the resolver learns that a closure captures the variable.
/// </summary>
internal sealed class BoundVariable : BoundExpr
{
    public BoundVariable(int pos, VariableSymbol symbol, BoundKind kind, int index) : base(kind, pos)
    {
        Symbol = symbol;
        Index = index;
    }

    public readonly VariableSymbol Symbol;
    public readonly int Index;
    public string Name => Symbol.Name;
}

internal sealed class BoundUndefined(int pos, string name, bool isCall) : BoundExpr(BoundKind.Undefined, pos)
{
    public readonly string Name = name;
    public readonly bool IsCall = isCall;
}

internal sealed class BoundFStringPart(string? text, BoundExpr? expr, string? spec)
{
    public readonly string? Text = text;
    public readonly BoundExpr? Expr = expr;
    public readonly string? Spec = spec;
}

internal sealed class BoundFString(int pos, BoundFStringPart[] parts) : BoundExpr(BoundKind.FString, pos)
{
    public readonly BoundFStringPart[] Parts = parts;
}

internal sealed class BoundUnary(int pos, UnaryOp op, BoundExpr operand) : BoundExpr(BoundKind.Unary, pos)
{
    public readonly UnaryOp Op = op;
    public readonly BoundExpr Operand = operand;
}

/// <summary><c>&amp;x</c> / <c>&amp;mut x</c> as a call argument: passes the value without a copy.</summary>
internal sealed class BoundBorrow(int pos, BoundExpr operand, bool mutable) : BoundExpr(BoundKind.Borrow, pos)
{
    public readonly BoundExpr Operand = operand;
    public readonly bool Mutable = mutable;
}

internal sealed class BoundBinary(int pos, BinaryOp op, BoundExpr left, BoundExpr right) : BoundExpr(BoundKind.Binary, pos)
{
    public readonly BinaryOp Op = op;
    public readonly BoundExpr Left = left;
    public readonly BoundExpr Right = right;
}

/// <summary><c>&amp;&amp;</c>, <c>||</c> and <c>??</c>: the right side runs only when needed.</summary>
internal sealed class BoundLogical(int pos, BinaryOp op, BoundExpr left, BoundExpr right) : BoundExpr(BoundKind.Logical, pos)
{
    public readonly BinaryOp Op = op;
    public readonly BoundExpr Left = left;
    public readonly BoundExpr Right = right;
}

/// <summary>An assignable place: a variable, field, index, or (for tuple assignment) a tuple of places.</summary>
internal sealed class BoundAssign(int pos, BoundExpr target, BoundExpr value) : BoundExpr(BoundKind.Assign, pos)
{
    public readonly BoundExpr Target = target;
    public readonly BoundExpr Value = value;
}

internal sealed class BoundCompoundAssign(int pos, BinaryOp op, BoundExpr target, BoundExpr value) : BoundExpr(BoundKind.CompoundAssign, pos)
{
    public readonly BinaryOp Op = op;
    public readonly BoundExpr Target = target;
    public readonly BoundExpr Value = value;
}

internal sealed class BoundIncDec(int pos, BoundExpr target, bool increment, bool prefix) : BoundExpr(BoundKind.IncDec, pos)
{
    public readonly BoundExpr Target = target;
    public readonly bool Increment = increment;
    public readonly bool Prefix = prefix;
}

/// <summary>A call of a function value. Arguments are already in parameter order.</summary>
internal sealed class BoundCall(int pos, BoundExpr callee, BoundExpr[] args, string calleeName) : BoundExpr(BoundKind.Call, pos)
{
    public readonly BoundExpr Callee = callee;
    public readonly BoundExpr[] Args = args;
    public readonly string CalleeName = calleeName;
}

/// <summary>A call of a built-in function resolved by name (<c>println</c>, <c>sqrt</c>, <c>Vec::new</c>...).</summary>
internal sealed class BoundCallNative(int pos, Builtins.BuiltinFunction function, BoundExpr[] args) : BoundExpr(BoundKind.CallNative, pos)
{
    public readonly Builtins.BuiltinFunction Function = function;
    public readonly BoundExpr[] Args = args;
}

/// <summary>
/// <c>receiver.name(args)</c>. User methods on structs/enums are looked up on the receiver's type
/// at run time (cached per call site by the tier); otherwise <see cref="Method"/> names the built-in.
/// <see cref="ReceiverIsPlace"/> says the receiver can be mutated in place (variable, field, index).
/// </summary>
internal sealed class BoundMethodCall(int pos, BoundExpr receiver, string name, Builtins.MethodId method, BoundExpr[] args, bool receiverIsPlace)
    : BoundExpr(BoundKind.MethodCall, pos)
{
    public readonly BoundExpr Receiver = receiver;
    public readonly string Name = name;
    public readonly Builtins.MethodId Method = method;
    public readonly BoundExpr[] Args = args;
    public readonly bool ReceiverIsPlace = receiverIsPlace;

    /// <summary>
    /// The call is a statement of its own (its value is discarded). sort/reverse/dedup then sort the
    /// receiver in place, as in Rust; used as a value they return a sorted copy, as in ruchy.
    /// </summary>
    public bool IsStatement;

    // Inline cache, owned by the executing tier: the method table of the last receiver type (replaced as a
    // whole when methods are redefined, which invalidates the entry) and the method found in it.
    public Dictionary<string, Value>? CachedMethods;
    public Value CachedMethod;
}

internal sealed class BoundVariantCtor(int pos, RType type, int variant, BoundExpr[] args) : BoundExpr(BoundKind.VariantCtor, pos)
{
    public readonly RType Type = type;
    public readonly int Variant = variant;
    public readonly BoundExpr[] Args = args;
}

/// <summary>A struct literal; <see cref="Fields"/> is in declaration order (defaults filled in), null entries come from <see cref="Base"/>.</summary>
internal sealed class BoundStructLiteral(int pos, RType type, BoundExpr?[] fields, BoundExpr? baseExpr) : BoundExpr(BoundKind.StructLiteral, pos)
{
    public readonly RType Type = type;
    public readonly BoundExpr?[] Fields = fields;
    public readonly BoundExpr? Base = baseExpr;
}

internal sealed class BoundField(int pos, BoundExpr target, string name, int tupleIndex) : BoundExpr(BoundKind.Field, pos)
{
    public readonly BoundExpr Target = target;
    public readonly string Name = name;
    /// <summary>For <c>t.0</c>: the index; otherwise -1.</summary>
    public readonly int TupleIndex = tupleIndex;

    // Inline cache, owned by the executing tier: the last struct type seen and the field's index in it.
    public RType? CachedType;
    public int CachedIndex;
}

internal sealed class BoundIndex(int pos, BoundExpr target, BoundExpr index) : BoundExpr(BoundKind.Index, pos)
{
    public readonly BoundExpr Target = target;
    public readonly BoundExpr IndexExpr = index;
}

internal sealed class BoundTry(int pos, BoundExpr operand) : BoundExpr(BoundKind.Try, pos)
{
    public readonly BoundExpr Operand = operand;
}

internal enum CastKind { ToInt, ToFloat, ToString, ToBool, ToChar, Identity }

internal sealed class BoundCast(int pos, BoundExpr operand, CastKind cast, string typeName) : BoundExpr(BoundKind.Cast, pos)
{
    public readonly BoundExpr Operand = operand;
    public readonly CastKind CastKind = cast;
    public readonly string TypeName = typeName;
}

internal sealed class BoundRange(int pos, BoundExpr? start, BoundExpr? end, bool inclusive) : BoundExpr(BoundKind.Range, pos)
{
    public readonly BoundExpr? Start = start;
    public readonly BoundExpr? End = end;
    public readonly bool Inclusive = inclusive;
}

internal sealed class BoundArrayLiteral(int pos, BoundExpr[] elements) : BoundExpr(BoundKind.ArrayLiteral, pos)
{
    public readonly BoundExpr[] Elements = elements;
}

internal sealed class BoundArrayRepeat(int pos, BoundExpr element, BoundExpr count) : BoundExpr(BoundKind.ArrayRepeat, pos)
{
    public readonly BoundExpr Element = element;
    public readonly BoundExpr Count = count;
}

internal sealed class BoundTupleLiteral(int pos, BoundExpr[] elements) : BoundExpr(BoundKind.TupleLiteral, pos)
{
    public readonly BoundExpr[] Elements = elements;
}

/// <summary>Object literal <c>{a: 1, ...other}</c>: a null key means spread.</summary>
internal sealed class BoundMapLiteral(int pos, string?[] keys, BoundExpr[] values) : BoundExpr(BoundKind.MapLiteral, pos)
{
    public readonly string?[] Keys = keys;
    public readonly BoundExpr[] Values = values;
}

/// <summary>A block; its value is the value of the last statement (nil if none or a <c>let</c>).</summary>
internal sealed class BoundBlock(int pos, BoundExpr[] statements) : BoundExpr(BoundKind.Block, pos)
{
    public readonly BoundExpr[] Statements = statements;
}

internal sealed class BoundLet(int pos, BoundPattern pattern, BoundExpr? init, BoundExpr? elseBlock) : BoundExpr(BoundKind.Let, pos)
{
    public readonly BoundPattern Pattern = pattern;
    public readonly BoundExpr? Init = init;
    public readonly BoundExpr? Else = elseBlock;
}

internal sealed class BoundIf(int pos, BoundExpr condition, BoundExpr then, BoundExpr? otherwise) : BoundExpr(BoundKind.If, pos)
{
    public readonly BoundExpr Condition = condition;
    public readonly BoundExpr Then = then;
    public readonly BoundExpr? Else = otherwise;
}

internal sealed class BoundIfLet(int pos, BoundPattern pattern, BoundExpr value, BoundExpr then, BoundExpr? otherwise) : BoundExpr(BoundKind.IfLet, pos)
{
    public readonly BoundPattern Pattern = pattern;
    public readonly BoundExpr Value = value;
    public readonly BoundExpr Then = then;
    public readonly BoundExpr? Else = otherwise;
}

internal sealed class BoundMatchArm(BoundPattern pattern, BoundExpr? guard, BoundExpr body)
{
    public readonly BoundPattern Pattern = pattern;
    public readonly BoundExpr? Guard = guard;
    public readonly BoundExpr Body = body;
}

internal sealed class BoundMatch(int pos, BoundExpr scrutinee, BoundMatchArm[] arms) : BoundExpr(BoundKind.Match, pos)
{
    public readonly BoundExpr Scrutinee = scrutinee;
    public readonly BoundMatchArm[] Arms = arms;
}

/// <summary>Loops carry an id; <c>break</c>/<c>continue</c> name the id of the loop they leave.</summary>
internal sealed class BoundWhile(int pos, int loopId, BoundExpr condition, BoundExpr body) : BoundExpr(BoundKind.While, pos)
{
    public readonly int LoopId = loopId;
    public readonly BoundExpr Condition = condition;
    public readonly BoundExpr Body = body;
}

internal sealed class BoundWhileLet(int pos, int loopId, BoundPattern pattern, BoundExpr value, BoundExpr body) : BoundExpr(BoundKind.WhileLet, pos)
{
    public readonly int LoopId = loopId;
    public readonly BoundPattern Pattern = pattern;
    public readonly BoundExpr Value = value;
    public readonly BoundExpr Body = body;
}

internal sealed class BoundLoop(int pos, int loopId, BoundExpr body) : BoundExpr(BoundKind.Loop, pos)
{
    public readonly int LoopId = loopId;
    public readonly BoundExpr Body = body;
}

internal sealed class BoundFor(int pos, int loopId, BoundPattern pattern, BoundExpr iterable, BoundExpr body) : BoundExpr(BoundKind.For, pos)
{
    public readonly int LoopId = loopId;
    public readonly BoundPattern Pattern = pattern;
    public readonly BoundExpr Iterable = iterable;
    public readonly BoundExpr Body = body;
}

internal sealed class BoundBreak(int pos, int loopId, BoundExpr? value) : BoundExpr(BoundKind.Break, pos)
{
    public readonly int LoopId = loopId;
    public readonly BoundExpr? Value = value;
}

internal sealed class BoundContinue(int pos, int loopId) : BoundExpr(BoundKind.Continue, pos)
{
    public readonly int LoopId = loopId;
}

internal sealed class BoundReturn(int pos, BoundExpr? value) : BoundExpr(BoundKind.Return, pos)
{
    public readonly BoundExpr? Value = value;
}

/// <summary>Creates a closure over <see cref="Function"/>, capturing cells as its capture list says.</summary>
internal sealed class BoundLambda(int pos, BoundFunction function) : BoundExpr(BoundKind.Lambda, pos)
{
    public readonly BoundFunction Function = function;
}

internal enum FormatAction { Format, Print, PrintLine, EPrint, EPrintLine, Panic, Assert, AssertEq, AssertNe, Unreachable, Todo }

/// <summary>
/// A Rust formatting macro (<c>format!</c>, <c>println!</c>, <c>panic!</c>, <c>assert!</c>...): a parsed
/// format string and its arguments (named <c>{x}</c> captures are bound as extra arguments).
/// For assert macros, <see cref="Checked"/> holds the condition or the two compared operands.
/// </summary>
internal sealed class BoundFormat(int pos, FormatAction action, IReadOnlyList<Formatting.FormatPiece>? pieces, BoundExpr[] args, BoundExpr[] checkedExprs)
    : BoundExpr(BoundKind.Format, pos)
{
    public readonly FormatAction Action = action;
    public readonly IReadOnlyList<Formatting.FormatPiece>? Pieces = pieces;
    public readonly BoundExpr[] Args = args;
    public readonly BoundExpr[] Checked = checkedExprs;
}

/// <summary>How a closure gets one captured cell when it is created: from a cell slot of the creating frame, or from the creator's own captures.</summary>
public readonly record struct CaptureSource(bool FromParentSlot, int Index);

/// <summary>A function, method, lambda or the top-level script, with its frame layout.</summary>
public sealed class BoundFunction
{
    public BoundFunction(string name, int pos)
    {
        Name = name;
        Pos = pos;
    }

    public readonly string Name;
    public readonly int Pos;
    public SelfKind SelfKind;
    /// <summary>Number of declared parameters, self included (self is slot 0).</summary>
    public int ParamCount;
    /// <summary>Number of parameters without a default (self included).</summary>
    public int RequiredParams;
    public BoundExpr?[] Defaults = Array.Empty<BoundExpr?>();
    /// <summary>True when some parameter has a default (only then can a call leave gaps to fill).</summary>
    public bool HasDefaults;
    public string[] ParamNames = Array.Empty<string>();
    /// <summary>Parameters given as patterns (<c>(a, b): (i64, i64)</c>) are destructured from their slot on entry.</summary>
    public (int Slot, BoundPattern Pattern)[] ParamPatterns = Array.Empty<(int, BoundPattern)>();
    /// <summary>Parameter slots that closures capture: boxed into cells on entry.</summary>
    public int[] CellParams = Array.Empty<int>();
    public int FrameSize;
    public CaptureSource[] Captures = Array.Empty<CaptureSource>();
    public BoundExpr Body = null!;
    /// <summary>Set for methods: the type whose impl declared it.</summary>
    public RType? Owner;

    public override string ToString() => Name;
}

/// <summary>A resolved file: the top-level script, global slots, user types and their methods.</summary>
public sealed class BoundProgram
{
    public required BoundFunction Script { get; init; }
    public required string[] GlobalNames { get; init; }
    /// <summary>Functions declared at the top level, with the global slot each occupies (hoisted before the script runs).</summary>
    public required (int Global, BoundFunction Function)[] Functions { get; init; }
    public required (RType Type, BoundFunction[] Methods)[] Types { get; init; }
    /// <summary>Global slot of <c>main</c>, or -1.</summary>
    public int MainGlobal { get; init; } = -1;
}
