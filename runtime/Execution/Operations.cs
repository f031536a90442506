using System.Globalization;
using System.Text;
using Ruchy.Builtins;
using Ruchy.Formatting;
using Ruchy.Semantics;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Execution;

/// <summary>
/// Run-time operations shared by every tier (indexing, fields, casts, ranges, formatting, the
/// checks behind patterns and <c>?</c>). One implementation means one set of semantics and error
/// messages. Errors are thrown without a location; the calling tier adds the position of the node
/// or instruction that ran.
/// </summary>
internal static class Operations
{
    // ---------------------------------------------------------------- indexing and fields

    /// <summary><c>target[index]</c> for every indexable kind (arrays, slices, strings, maps, tuples).</summary>
    public static Value Index(Value target, Value index)
    {
        switch (target.Kind)
        {
            case ValueKind.Array when index.Kind == ValueKind.Int:
            {
                var arr = target.AsArray;
                long i = index.AsInt;
                if ((ulong)i < (ulong)arr.Count) return arr[(int)i];
                if (i < 0 && i + arr.Count >= 0) return arr[(int)(i + arr.Count)];
                throw OutOfBounds(i, arr.Count);
            }
            case ValueKind.Array when index.Kind == ValueKind.Range:
            {
                var arr = target.AsArray;
                var (s, e) = SliceBounds(index.AsRange, arr.Count);
                return Value.FromArray(RArray.CopyOf(arr.AsSpan()[s..e]));
            }
            case ValueKind.Str when index.Kind == ValueKind.Int:
            {
                string str = target.AsString;
                if (StringMethods.TryCharAt(str, index.AsInt, out var ch)) return Value.FromString(ch);
                throw OutOfBounds(index.AsInt, StringMethods.CharCount(str));
            }
            case ValueKind.Str when index.Kind == ValueKind.Range:
            {
                string str = target.AsString;
                var (s, e) = SliceBounds(index.AsRange, StringMethods.CharCount(str));
                return Value.FromString(StringMethods.SubstringChars(str, s, e));
            }
            case ValueKind.Map:
                if (target.AsMap.TryGet(index, out var v)) return v;
                throw new RuchyError($"key {ValueFormatter.Repr(index)} not found in map");
            case ValueKind.Tuple when index.Kind == ValueKind.Int:
            {
                var items = target.AsTuple.Items;
                long i = index.AsInt;
                if (i >= 0 && i < items.Length) return items[i];
                throw OutOfBounds(i, items.Length);
            }
            case ValueKind.Array:
                throw new RuchyError($"array index must be an integer or a range, got {index.TypeName}");
        }
        throw new RuchyError($"cannot index into {target.TypeName}");
    }

    public static RuchyError OutOfBounds(long index, int length) => new($"Index out of bounds: index {index}, length {length}");

    /// <summary>An array index for writing: negative counts from the end; out of range is an error.</summary>
    public static int WriteIndex(RArray arr, Value index)
    {
        if (index.Kind != ValueKind.Int) throw new RuchyError($"array index must be an integer, got {index.TypeName}");
        long i = index.AsInt;
        if (i < 0) i += arr.Count;
        if (i < 0 || i >= arr.Count) throw OutOfBounds(index.AsInt, arr.Count);
        return (int)i;
    }

    private static (int Start, int End) SliceBounds(RRange r, int length)
    {
        long s = r.Start, e = r.End == long.MaxValue ? length : r.Inclusive ? r.End + 1 : r.End;
        if (s < 0) s += length;
        if (e < 0) e += length;
        if (s < 0 || e > length || s > e)
            throw new RuchyError($"slice {r.Start}..{(r.End == long.MaxValue ? "" : r.End.ToString(CultureInfo.InvariantCulture))} out of range for length {length}");
        return ((int)s, (int)e);
    }

    /// <summary>Index of a struct field by name (tiers cache the result per site).</summary>
    public static int StructFieldIndex(RStruct s, string name) =>
        s.Type.FieldIndex.TryGetValue(name, out int index) ? index : throw new RuchyError($"struct '{s.Type.Name}' has no field '{name}'");

    /// <summary><c>target.name</c> / <c>target.0</c> for non-struct values (tuples, objects, enum payloads).</summary>
    public static Value OtherField(Value target, string name, int tupleIndex)
    {
        switch (target.Kind)
        {
            case ValueKind.Struct:
                return target.AsStruct.Fields[StructFieldIndex(target.AsStruct, name)];
            case ValueKind.Tuple when tupleIndex >= 0:
            {
                var items = target.AsTuple.Items;
                if (tupleIndex < items.Length) return items[tupleIndex];
                throw new RuchyError($"tuple index {tupleIndex} out of range for a tuple of {items.Length}");
            }
            case ValueKind.Map:
                if (target.AsMap.TryGet(Value.FromString(name), out var v)) return v;
                throw new RuchyError($"object has no field '{name}'");
            case ValueKind.Enum:
            {
                var e = target.AsEnum;
                int i = tupleIndex >= 0 ? tupleIndex : Array.IndexOf(e.Info.FieldNames, name);
                if (i >= 0 && i < e.Payload.Length) return e.Payload[i];
                break;
            }
        }
        throw new RuchyError($"{target.TypeName} has no field '{name}'");
    }

    /// <summary>Why a field of <paramref name="target"/> cannot be assigned: tuples are immutable; others have no fields.</summary>
    public static RuchyError FieldWriteError(Value target, string name) => target.Kind == ValueKind.Tuple
        ? new RuchyError($"tuples are immutable: build a new tuple instead of assigning to .{name}")
        : new RuchyError($"cannot assign to field '{name}' of {target.TypeName}");

    // ---------------------------------------------------------------- constructors

    public static Value Cast(Value v, CastKind kind) => kind switch
    {
        CastKind.ToInt => Conversions.ToInt(v),
        CastKind.ToFloat => Conversions.ToFloat(v),
        CastKind.ToString => Value.FromString(ValueFormatter.Display(v)),
        CastKind.ToBool => Value.FromBool(v.IsTruthy),
        CastKind.ToChar => Conversions.ToChar(v),
        _ => v,
    };

    public static long RangeBound(Value v) => v.Kind switch
    {
        ValueKind.Int => v.AsInt,
        ValueKind.Float => (long)v.AsFloat,
        _ => throw new RuchyError($"range bounds must be integers, got {v.TypeName}"),
    };

    /// <summary><c>[element; count]</c>: every slot holds the element, marked shared, so rows stay independent.</summary>
    public static Value ArrayRepeat(Value element, Value count)
    {
        if (!count.IsInt || count.AsInt < 0) throw new RuchyError($"array repeat count must be a non-negative integer, got {ValueFormatter.Repr(count)}");
        if (count.AsInt > RArray.MaxLength) throw new RuchyError($"array too large ({count.AsInt} elements; the limit is {RArray.MaxLength})");
        int n = (int)count.AsInt;
        var items = new Value[Math.Max(n, 4)];
        element.Share();
        for (int i = 0; i < n; i++) items[i] = element;
        return Value.FromArray(new RArray(items, n));
    }

    /// <summary><c>...spread</c> in an object literal.</summary>
    public static void Spread(RMap into, Value v)
    {
        if (v.Kind != ValueKind.Map) throw new RuchyError($"cannot spread {v.TypeName} into an object");
        foreach (var kv in v.AsMap.Entries) into.Set(kv.Key.Share(), kv.Value.Share(), out _);
    }

    public static RStruct CheckStructBase(Value b, RType type) =>
        b.Kind == ValueKind.Struct && ReferenceEquals(b.AsStruct.Type, type)
            ? b.AsStruct
            : throw new RuchyError($"struct update base must be a {type.Name}, got {b.TypeName}");

    // ---------------------------------------------------------------- patterns and `?`

    /// <summary>Range pattern test (numbers and characters).</summary>
    public static bool InRange(Value v, Value low, Value high, bool inclusive)
    {
        if (!ValueEquality.TryCompare(v, low, out int lo) || lo < 0) return false;
        if (!ValueEquality.TryCompare(v, high, out int hi)) return false;
        return inclusive ? hi <= 0 : hi < 0;
    }

    /// <summary>
    /// Variant pattern test. ruchy's get/first/last/pop give a plain value or nil, so Some(x) also
    /// matches any non-nil non-Option value (with payload the value itself) and None matches nil.
    /// </summary>
    public static bool IsVariant(Value v, RType type, int variant)
    {
        if (v.Kind == ValueKind.Enum) return ReferenceEquals(v.AsEnum.Type, type) && v.AsEnum.Variant == variant;
        if (!ReferenceEquals(type, RType.Option)) return false;
        return variant == RType.NoneVariant ? v.IsNil : !v.IsNil;
    }

    /// <summary>Payload <paramref name="index"/> of a value that passed <see cref="IsVariant"/>.</summary>
    public static Value VariantPayload(Value v, int index) => v.Kind == ValueKind.Enum ? v.AsEnum.Payload[index] : v;

    /// <summary>
    /// The <c>?</c> operator: true with the payload of Some/Ok (or a plain value); false with the value
    /// the enclosing function must return (None/Err; nil becomes None).
    /// </summary>
    public static bool TryUnwrap(Value v, out Value result)
    {
        if (v.Kind == ValueKind.Enum)
        {
            var e = v.AsEnum;
            if (e.IsSome || e.IsOk)
            {
                result = e.Payload[0];
                return true;
            }
            if (e.IsNone || e.IsErr)
            {
                result = v;
                return false;
            }
        }
        if (v.IsNil)
        {
            result = RType.None;
            return false;
        }
        result = v;
        return true;
    }

    public static RuchyError NoMatch(Value v) => new($"No match arm matched the value {ValueFormatter.Repr(v)}");

    public static RuchyError LetMismatch(Value v) => new($"value {ValueFormatter.Repr(v)} does not match the pattern of this 'let'");

    public static RuchyError LetElseFellThrough() => new("the 'else' block of a let-else must not complete normally (use return, break or panic!)");

    public static RuchyError LoopItemMismatch(Value item) => new($"loop item {ValueFormatter.Repr(item)} does not match the loop pattern");

    public static RuchyError ParamPatternMismatch(string function) => new($"argument does not match the parameter pattern of '{function}'");

    public static RuchyError CannotIterate(Value v) => new($"cannot iterate over {v.TypeName}");

    public static RuchyError CannotDestructure(Value v, int places) => new($"cannot destructure {ValueFormatter.Repr(v)} into {places} places");

    public static RuchyError NotAMethod(string function) => new($"'{function}' is an associated function, not a method; call it as {function}(...)");

    public static RuchyError StackOverflow(int depth, string function) => new($"stack overflow: call depth exceeded {depth} (in {function})");

    public static string ArityText(int min, int max) =>
        min == max ? $"{min} argument{(min == 1 ? "" : "s")}"
        : max == int.MaxValue ? $"at least {min} arguments"
        : $"{min} to {max} arguments";

    public static RuchyError FunctionArity(string function, int min, int max, int got) =>
        new($"Function '{function}' expects {ArityText(min, max)}, got {got}");

    public static RuchyError MethodArity(string method, int min, int max, int got) =>
        new($"Method '{method}' expects {ArityText(min, max)}, got {got}");

    public static RuchyError NotCallable(Value callee, string name, bool undefinedGlobal) =>
        new(undefinedGlobal ? $"Undefined function: {name}" : $"Cannot call a value of type {callee.TypeName} ('{name}')");

    public static RuchyError IndexAssignTarget(bool isAggregate) =>
        new($"cannot index into {(isAggregate ? "it" : "this value")} for assignment");

    public static RuchyError IndexStoreTarget() => new("cannot assign through an index into this value");

    public static RuchyError KeyNotFound(Value key) => new($"key {ValueFormatter.Repr(key)} not found in map");

    public static RuchyError NoObjectField(string name) => new($"object has no field '{name}'");

    public static RuchyError UnaryPlus(Value v) => new($"Type error: cannot apply unary '+' to {v.TypeName}");

    public static RuchyError Undefined(string name, bool isCall) =>
        new(isCall ? $"Undefined function: {name}" : $"Undefined variable: {name}");

    /// <summary>
    /// Records the call stack on an error, innermost frame first (<paramref name="frameAt"/>(0) is the
    /// innermost): "in f, called from file:line:col"; runs of identical frames (deep recursion)
    /// collapse into one line. The same text on every tier.
    /// </summary>
    public static void AddStackTrace(RuchyError e, SourceText source, int frames, Func<int, (string Name, int CallPos)> frameAt)
    {
        const int MaxLines = 12;
        string? previous = null;
        int repeats = 0;
        for (int i = 0; i < frames; i++)
        {
            var (name, callPos) = frameAt(i);
            if (name == "<script>") continue;
            var (line, col) = source.GetLineColumn(callPos);
            string text = $"in {name}, called from {source.Path}:{line}:{col}";
            if (text == previous)
            {
                repeats++;
                continue;
            }
            if (repeats > 0) e.StackTraceLines.Add($"... the line above repeated {repeats} more time{(repeats == 1 ? "" : "s")}");
            repeats = 0;
            if (e.StackTraceLines.Count >= MaxLines) break;
            e.StackTraceLines.Add(text);
            previous = text;
        }
        if (repeats > 0) e.StackTraceLines.Add($"... the line above repeated {repeats} more time{(repeats == 1 ? "" : "s")}");
    }

    // ---------------------------------------------------------------- formatting

    private static readonly Dictionary<string, FormatSpec> SpecCache = new();

    public static FormatSpec ParseSpec(string spec)
    {
        lock (SpecCache)
        {
            if (SpecCache.TryGetValue(spec, out var cached)) return cached;
            if (!FormatSpec.TryParse(spec, out var parsed, out var error)) throw new RuchyError(error ?? $"invalid format spec '{spec}'");
            SpecCache[spec] = parsed;
            return parsed;
        }
    }

    /// <summary>Formats one value by a spec (f-string <c>{x:.2}</c> and the Rust macros).</summary>
    public static string FormatValue(Value v, FormatSpec spec, bool interpolated)
    {
        if (spec.Type is "?")
            return spec.Pad(ValueFormatter.Debug(v), v.IsNumber);
        switch (v.Kind)
        {
            case ValueKind.Int:
                // ruchy formats an integer with a precision as a float ({x:.2} of 5 is "5.00").
                return spec.Precision != null ? FormatString.FormatFloat(v.AsInt, spec) : FormatString.FormatInt(v.AsInt, spec);
            case ValueKind.Float:
                return FormatString.FormatFloat(v.AsFloat, spec);
            case ValueKind.Str:
                return FormatString.FormatStr(v.AsString, spec);
            default:
                return spec.Pad(interpolated ? ValueFormatter.Interpolated(v) : ValueFormatter.Display(v), false);
        }
    }

    /// <summary>One interpolated f-string part.</summary>
    public static string Interpolate(Value v, string? spec) =>
        spec == null ? ValueFormatter.Interpolated(v) : FormatValue(v, ParseSpec(spec), interpolated: true);

    /// <summary>Renders resolved format pieces (every argument piece has an index) over the arguments.</summary>
    public static string Format(IReadOnlyList<FormatPiece> pieces, ReadOnlySpan<Value> args)
    {
        var sb = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece is LiteralPiece lit) sb.Append(lit.Text);
            else if (piece is ArgumentPiece ap) sb.Append(FormatValue(args[ap.Index!.Value], ap.Spec, false));
        }
        return sb.ToString();
    }

    /// <summary>Whether an assert macro's check passes.</summary>
    public static bool AssertPasses(FormatAction action, Value left, Value right) => action switch
    {
        FormatAction.Assert => left.IsTruthy,
        FormatAction.AssertEq => ValueEquality.AreEqual(left, right),
        _ => !ValueEquality.AreEqual(left, right),
    };

    /// <summary>The error a failing macro raises (panic!, unreachable!, todo!, failed asserts).</summary>
    public static RuchyError MacroFailure(FormatAction action, string? text, Value left, Value right)
    {
        switch (action)
        {
            case FormatAction.Panic:
                return new RuchyError(text != null ? "panicked: " + text : "panicked: explicit panic");
            case FormatAction.Unreachable:
                return new RuchyError(text != null ? "internal error: entered unreachable code: " + text : "internal error: entered unreachable code");
            case FormatAction.Todo:
                return new RuchyError(text != null ? "not yet implemented: " + text : "not yet implemented");
            case FormatAction.Assert:
                return new RuchyError(text != null ? "Assertion failed: " + text : "Assertion failed");
            default:
            {
                string what = action == FormatAction.AssertEq ? "left == right" : "left != right";
                string detail = $"left: {ValueFormatter.Repr(left)}, right: {ValueFormatter.Repr(right)}";
                return new RuchyError(text != null ? $"Assertion failed: {text} ({detail})" : $"Assertion failed: {what} ({detail})");
            }
        }
    }

    /// <summary>
    /// Finishes a formatting macro once its text is rendered: format! returns the string, the print
    /// family writes it and returns nil, panic!/failed asserts raise their error.
    /// </summary>
    public static Value CompleteMacro(FormatAction action, string? text, Value left, Value right, TextWriter stdout, TextWriter stderr)
    {
        switch (action)
        {
            case FormatAction.Format:
                return Value.FromString(text ?? "");
            case FormatAction.Print:
            case FormatAction.PrintLine:
            case FormatAction.EPrint:
            case FormatAction.EPrintLine:
                Print(action, text, stdout, stderr);
                return Value.Nil;
            default:
                throw MacroFailure(action, text, left, right);
        }
    }

    /// <summary>
    /// The cells a new closure captures: a captured local's cell from the creating frame (boxing the
    /// slot first if it does not hold one yet), or one of the creator's own captured cells.
    /// </summary>
    public static Cell[] CaptureCells(CaptureSource[] sources, Value[] stack, int fp, Cell[] upvalues)
    {
        if (sources.Length == 0) return Array.Empty<Cell>();
        var cells = new Cell[sources.Length];
        for (int i = 0; i < sources.Length; i++)
        {
            var s = sources[i];
            if (s.FromParentSlot)
            {
                ref var slot = ref stack[fp + s.Index];
                if (slot.Kind != ValueKind.Cell) slot = Value.FromCell(new Cell(slot));
                cells[i] = slot.AsCell;
            }
            else cells[i] = upvalues[s.Index];
        }
        return cells;
    }

    /// <summary>Writes a print-family macro's text.</summary>
    public static void Print(FormatAction action, string? text, TextWriter stdout, TextWriter stderr)
    {
        switch (action)
        {
            case FormatAction.Print:
                stdout.Write(text);
                return;
            case FormatAction.PrintLine:
                stdout.Write(text);
                stdout.Write('\n');
                return;
            default:
                stdout.Flush();
                stderr.Write(text);
                if (action == FormatAction.EPrintLine) stderr.Write('\n');
                return;
        }
    }
}
