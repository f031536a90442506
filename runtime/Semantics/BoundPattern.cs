using Ruchy.Values;

namespace Ruchy.Semantics;

public enum PatternKind : byte { Wildcard, Bind, Literal, Range, Tuple, Array, Variant, Struct, Or }

/// <summary>A resolved pattern. Bindings name their storage (local slot, cell slot or global).</summary>
public abstract class BoundPattern(PatternKind kind, int pos)
{
    public readonly PatternKind Kind = kind;
    public readonly int Pos = pos;
}

internal sealed class BoundWildcardPattern(int pos) : BoundPattern(PatternKind.Wildcard, pos);

/// <summary>Stores the matched value into a variable; <see cref="Target"/> is a Local/Cell/Global <see cref="BoundVariable"/>.</summary>
internal sealed class BoundBindPattern(int pos, BoundVariable target, BoundPattern? subpattern) : BoundPattern(PatternKind.Bind, pos)
{
    public readonly BoundVariable Target = target;
    public readonly BoundPattern? Subpattern = subpattern;
}

internal sealed class BoundLiteralPattern(int pos, Value value) : BoundPattern(PatternKind.Literal, pos)
{
    public readonly Value Value = value;
}

internal sealed class BoundRangePattern(int pos, Value low, Value high, bool inclusive) : BoundPattern(PatternKind.Range, pos)
{
    public readonly Value Low = low;
    public readonly Value High = high;
    public readonly bool Inclusive = inclusive;
}

/// <summary>
/// Tuple or array pattern. <see cref="RestIndex"/> is the position of <c>..</c> (-1 if none); elements
/// before it match from the front, after it from the back; <see cref="RestBinding"/> takes the middle.
/// </summary>
internal sealed class BoundSequencePattern(PatternKind kind, int pos, BoundPattern[] items, int restIndex, BoundVariable? restBinding)
    : BoundPattern(kind, pos)
{
    public readonly BoundPattern[] Items = items;
    public readonly int RestIndex = restIndex;
    public readonly BoundVariable? RestBinding = restBinding;
}

/// <summary>An enum variant with optional payload patterns (<c>Some(x)</c>, <c>Shape::Rect { w, h }</c>, <c>None</c>).</summary>
internal sealed class BoundVariantPattern(int pos, RType type, int variant, BoundPattern[]? items) : BoundPattern(PatternKind.Variant, pos)
{
    public readonly RType Type = type;
    public readonly int Variant = variant;
    /// <summary>Patterns per payload slot (null entries match anything); null when the pattern has no payload list.</summary>
    public readonly BoundPattern[]? Items = items;
}

/// <summary>A struct pattern: field indices and their patterns.</summary>
internal sealed class BoundStructPattern(int pos, RType type, int[] fieldIndices, BoundPattern[] fields) : BoundPattern(PatternKind.Struct, pos)
{
    public readonly RType Type = type;
    public readonly int[] FieldIndices = fieldIndices;
    public readonly BoundPattern[] Fields = fields;
}

internal sealed class BoundOrPattern(int pos, BoundPattern[] alternatives) : BoundPattern(PatternKind.Or, pos)
{
    public readonly BoundPattern[] Alternatives = alternatives;
}
