namespace Ruchy.Values;

/// <summary>The dynamic type of a <see cref="Value"/>. Scalars live in the value itself; the rest point at a heap object.</summary>
public enum ValueKind : byte
{
    Nil,
    Bool,
    Int,
    Float,
    Str,
    Array,
    Tuple,
    Map,
    Struct,
    Enum,
    Range,
    Function,
    Native,
    Type,
    /// <summary>Internal: a frame slot holding a captured variable's cell. Never visible to programs.</summary>
    Cell,
    /// <summary>Internal: tier bookkeeping in a register (e.g. a loop iterator). Never visible to programs.</summary>
    Internal,
}
