using System.Runtime.CompilerServices;

namespace Ruchy.Values;

/// <summary>
/// A Ruchy value. Ints, floats, bools and nil are stored inline (no boxing); everything else is a
/// reference to a heap object whose class matches <see cref="Kind"/>. Strings are plain .NET strings
/// (immutable, so sharing them is safe); aggregates use copy-on-write (see <see cref="RArray"/>).
/// Only this file knows the layout: use the From*/Is*/As* members.
/// </summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly object? _ref;
    private readonly long _bits;
    public readonly ValueKind Kind;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _ref = reference;
    }

    public static readonly Value Nil = default;
    public static readonly Value True = new(ValueKind.Bool, 1, null);
    public static readonly Value False = new(ValueKind.Bool, 0, null);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromInt(long v) => new(ValueKind.Int, v, null);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromFloat(double v) => new(ValueKind.Float, BitConverter.DoubleToInt64Bits(v), null);

    // Built, not read from True/False: a static read in a method compiled before the type's initializer ran costs an init check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Value FromBool(bool v) => new(ValueKind.Bool, v ? 1 : 0, null);

    public static Value FromString(string s) => new(ValueKind.Str, 0, s);
    public static Value FromArray(RArray a) => new(ValueKind.Array, 0, a);
    public static Value FromTuple(RTuple t) => new(ValueKind.Tuple, 0, t);
    public static Value FromMap(RMap m) => new(ValueKind.Map, 0, m);
    public static Value FromStruct(RStruct s) => new(ValueKind.Struct, 0, s);
    public static Value FromEnum(REnum e) => new(ValueKind.Enum, 0, e);
    public static Value FromRange(RRange r) => new(ValueKind.Range, 0, r);
    public static Value FromFunction(RFunction f) => new(ValueKind.Function, 0, f);
    public static Value FromNative(NativeFunction f) => new(ValueKind.Native, 0, f);
    public static Value FromType(RType t) => new(ValueKind.Type, 0, t);
    public static Value FromCell(Cell c) => new(ValueKind.Cell, 0, c);
    public static Value FromInternal(object o) => new(ValueKind.Internal, 0, o);

    /// <summary>Wraps a copy-on-write aggregate (after a clone) back into a value of its kind.</summary>
    public static Value FromCow(CowObject o) => o switch
    {
        RArray a => FromArray(a),
        RStruct s => FromStruct(s),
        RMap m => FromMap(m),
        _ => throw new InvalidOperationException("unknown aggregate"),
    };

    public bool IsNil => Kind == ValueKind.Nil;
    public bool IsInt => Kind == ValueKind.Int;
    public bool IsFloat => Kind == ValueKind.Float;
    public bool IsBool => Kind == ValueKind.Bool;
    public bool IsString => Kind == ValueKind.Str;
    public bool IsNumber => Kind is ValueKind.Int or ValueKind.Float;

    public long AsInt
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bits;
    }

    public double AsFloat
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => BitConverter.Int64BitsToDouble(_bits);
    }

    /// <summary>Int or float as a double (callers check <see cref="IsNumber"/> first).</summary>
    public double AsNumber => Kind == ValueKind.Int ? _bits : BitConverter.Int64BitsToDouble(_bits);

    public bool AsBool
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bits != 0;
    }

    public string AsString => Unsafe.As<string>(_ref!);
    public RArray AsArray => Unsafe.As<RArray>(_ref!);
    public RTuple AsTuple => Unsafe.As<RTuple>(_ref!);
    public RMap AsMap => Unsafe.As<RMap>(_ref!);
    public RStruct AsStruct => Unsafe.As<RStruct>(_ref!);
    public REnum AsEnum => Unsafe.As<REnum>(_ref!);
    public RRange AsRange => Unsafe.As<RRange>(_ref!);
    public RFunction AsFunction => Unsafe.As<RFunction>(_ref!);
    public NativeFunction AsNative => Unsafe.As<NativeFunction>(_ref!);
    public RType AsType => Unsafe.As<RType>(_ref!);
    public Cell AsCell => Unsafe.As<Cell>(_ref!);

    /// <summary>
    /// <c>destination = source</c> for the VMs' register moves. A value without a heap object is written
    /// field by field with a constant null reference, which needs no GC write barrier; copying the struct
    /// as a whole calls the barrier helper for every move, scalar or not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ref Value destination, ref Value source)
    {
        if (source._ref is null) destination = new Value(source.Kind, source._bits, null);
        else destination = source;
    }

    /// <summary><c>destination = source.Share()</c> with <see cref="Copy"/>'s barrier-free path for scalars (a store into a second variable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyShared(ref Value destination, ref Value source)
    {
        if (source._ref is null)
        {
            destination = new Value(source.Kind, source._bits, null);
            return;
        }
        if (source.IsCow) Unsafe.As<CowObject>(source._ref).Shared = true;
        destination = source;
    }

    /// <summary>The heap object behind an aggregate, or null for scalars and strings.</summary>
    public object? Reference => _ref;

    /// <summary>Ruchy truthiness: only <c>false</c> and <c>nil</c> are falsy.</summary>
    public bool IsTruthy
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Kind switch
        {
            ValueKind.Bool => _bits != 0,
            ValueKind.Nil => false,
            _ => true,
        };
    }

    /// <summary>
    /// Marks a copy-on-write aggregate as reachable from more than one place. Called whenever a
    /// value is stored (binding, assignment, argument, element); the next in-place mutation through
    /// any holder then copies first, which gives value semantics without eager copies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Value Share()
    {
        if (IsCow) Unsafe.As<CowObject>(_ref!).Shared = true;
        return this;
    }

    /// <summary>The kinds whose object is a <see cref="CowObject"/> (array, map, struct), as a bit set over <see cref="ValueKind"/>.</summary>
    private const uint CowKinds = (1u << (int)ValueKind.Array) | (1u << (int)ValueKind.Map) | (1u << (int)ValueKind.Struct);

    /// <summary>
    /// The value is a copy-on-write aggregate. A bit test on the kind: cheaper than a type test
    /// (<c>is CowObject</c> is a cast-helper call that walks the class hierarchy), and Share runs on most stores.
    /// </summary>
    public bool IsCow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((1u << (int)Kind) & CowKinds) != 0;
    }

    /// <summary>The aggregate behind a value that <see cref="IsCow"/>.</summary>
    public CowObject AsCow => Unsafe.As<CowObject>(_ref!);

    public string TypeName => Kind switch
    {
        ValueKind.Nil => "nil",
        ValueKind.Bool => "bool",
        ValueKind.Int => "integer",
        ValueKind.Float => "float",
        ValueKind.Str => "string",
        ValueKind.Array => "array",
        ValueKind.Tuple => "tuple",
        ValueKind.Map => "map",
        ValueKind.Struct => AsStruct.Type.Name,
        ValueKind.Enum => AsEnum.Type.Name,
        ValueKind.Range => "range",
        ValueKind.Function => "function",
        ValueKind.Native => "builtin function",
        ValueKind.Type => "type",
        _ => Kind.ToString(),
    };

    public bool Equals(Value other) => ValueEquality.AreEqual(this, other);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => ValueEquality.Hash(this);
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    public static bool operator !=(Value a, Value b) => !a.Equals(b);
    public override string ToString() => ValueFormatter.Display(this);
}
