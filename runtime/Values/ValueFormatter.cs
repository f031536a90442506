using System.Globalization;
using System.Text;
using Ruchy.Core;
using Ruchy.Formatting;

namespace Ruchy.Values;

/// <summary>
/// Text forms of values, as ruchy 3.213 prints them (ruchy.md §1.15):
/// <list type="bullet">
/// <item><see cref="Display"/>: what println prints. A top-level string is bare; strings inside
/// collections are quoted; integral floats keep ".0"; struct fields and map keys are sorted.</item>
/// <item><see cref="Interpolated"/>: f-string form; strings are bare even inside arrays and tuples.</item>
/// <item><see cref="Debug"/>: Rust's <c>{:?}</c>: strings quoted, structs as <c>P { x: 1 }</c>.</item>
/// </list>
/// </summary>
public static class ValueFormatter
{
    private enum Mode { Display, Nested, Interpolated, Debug }

    public static string Display(Value v)
    {
        switch (v.Kind)
        {
            case ValueKind.Str: return v.AsString;
            case ValueKind.Int: return v.AsInt.ToString(CultureInfo.InvariantCulture);
            case ValueKind.Float: return FloatFormatter.Display(v.AsFloat);
            case ValueKind.Bool: return v.AsBool ? "true" : "false";
            case ValueKind.Nil: return "nil";
        }
        var sb = new StringBuilder();
        Write(sb, v, Mode.Display, 0);
        return sb.ToString();
    }

    /// <summary>Display with strings quoted, as a REPL echoes a result.</summary>
    public static string Repr(Value v)
    {
        var sb = new StringBuilder();
        Write(sb, v, Mode.Nested, 0);
        return sb.ToString();
    }

    public static string Interpolated(Value v)
    {
        // Scalars without a builder: f-strings in loops format mostly these.
        switch (v.Kind)
        {
            case ValueKind.Str: return v.AsString;
            case ValueKind.Int: return v.AsInt.ToString(CultureInfo.InvariantCulture);
            case ValueKind.Float: return FloatFormatter.Display(v.AsFloat);
            case ValueKind.Bool: return v.AsBool ? "true" : "false";
        }
        var sb = new StringBuilder();
        Write(sb, v, Mode.Interpolated, 0);
        return sb.ToString();
    }

    public static string Debug(Value v)
    {
        var sb = new StringBuilder();
        Write(sb, v, Mode.Debug, 0);
        return sb.ToString();
    }

    private const int MaxDepth = 200;

    private static void Write(StringBuilder sb, Value v, Mode mode, int depth)
    {
        if (depth > MaxDepth)
        {
            sb.Append("...");
            return;
        }
        // Elements of collections are written in "nested" form, except in f-strings.
        Mode inner = mode == Mode.Display ? Mode.Nested : mode;
        switch (v.Kind)
        {
            case ValueKind.Nil:
                sb.Append(mode == Mode.Debug ? "()" : "nil");
                return;
            case ValueKind.Bool:
                sb.Append(v.AsBool ? "true" : "false");
                return;
            case ValueKind.Int:
                sb.Append(v.AsInt.ToString(CultureInfo.InvariantCulture));
                return;
            case ValueKind.Float:
                sb.Append(FloatFormatter.Display(v.AsFloat));
                return;
            case ValueKind.Str:
                if (mode is Mode.Display or Mode.Interpolated) sb.Append(v.AsString);
                else WriteQuoted(sb, v.AsString);
                return;
            case ValueKind.Array:
                sb.Append('[');
                WriteItems(sb, v.AsArray.AsSpan(), inner, depth);
                sb.Append(']');
                return;
            case ValueKind.Tuple:
            {
                var items = v.AsTuple.Items;
                sb.Append('(');
                WriteItems(sb, items, inner, depth);
                if (items.Length == 1) sb.Append(',');
                sb.Append(')');
                return;
            }
            case ValueKind.Map:
                WriteMap(sb, v.AsMap, inner, depth);
                return;
            case ValueKind.Struct:
            {
                var s = v.AsStruct;
                WriteFields(sb, s.Type.Name, s.Type.Shape == TypeShape.TupleStruct ? null : s.Type.FieldNames, s.Fields, s.Type.Shape, inner, depth);
                return;
            }
            case ValueKind.Enum:
            {
                var e = v.AsEnum;
                var info = e.Info;
                var shape = info.Shape switch
                {
                    StructShape.Named => TypeShape.Struct,
                    StructShape.Tuple => TypeShape.TupleStruct,
                    _ => TypeShape.UnitStruct,
                };
                WriteFields(sb, info.Name, shape == TypeShape.Struct ? info.FieldNames : null, e.Payload, shape, inner, depth);
                return;
            }
            case ValueKind.Range:
            {
                var r = v.AsRange;
                sb.Append(r.Start.ToString(CultureInfo.InvariantCulture)).Append(r.Inclusive ? "..=" : "..").Append(r.End.ToString(CultureInfo.InvariantCulture));
                return;
            }
            case ValueKind.Function:
                sb.Append("<function>");
                return;
            case ValueKind.Native:
                sb.Append("<builtin function: ").Append(v.AsNative.Name).Append('>');
                return;
            case ValueKind.Type:
                sb.Append(v.AsType.Name);
                return;
        }
    }

    private static void WriteItems(StringBuilder sb, ReadOnlySpan<Value> items, Mode mode, int depth)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, items[i], mode, depth + 1);
        }
    }

    private static void WriteFields(StringBuilder sb, string name, string[]? names, Value[] values, TypeShape shape, Mode mode, int depth)
    {
        sb.Append(name);
        if (shape == TypeShape.UnitStruct) return;
        if (names == null)
        {
            sb.Append('(');
            WriteItems(sb, values, mode, depth);
            sb.Append(')');
            return;
        }
        if (mode == Mode.Debug)
        {
            // Rust's derived Debug: declaration order, spaces inside the braces.
            sb.Append(" { ");
            for (int i = 0; i < names.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append(names[i]).Append(": ");
                Write(sb, values[i], mode, depth + 1);
            }
            sb.Append(" }");
            return;
        }
        // ruchy keeps fields in a hash map and prints them sorted by name.
        var order = new int[names.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => string.CompareOrdinal(names[a], names[b]));
        sb.Append(" {");
        for (int i = 0; i < order.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(names[order[i]]).Append(": ");
            Write(sb, values[order[i]], mode, depth + 1);
        }
        sb.Append('}');
    }

    private static void WriteMap(StringBuilder sb, RMap map, Mode mode, int depth)
    {
        var keys = new List<Value>(map.Count);
        var values = new List<Value>(map.Count);
        map.CopyEntriesTo(keys, values);
        var order = new int[keys.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (mode != Mode.Debug)
        {
            Array.Sort(order, (a, b) => ValueEquality.TryCompare(keys[a], keys[b], out int c) ? c : 0);
        }
        sb.Append('{');
        for (int i = 0; i < order.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            var k = keys[order[i]];
            if (k.Kind == ValueKind.Str && mode != Mode.Debug) sb.Append(k.AsString);
            else Write(sb, k, mode, depth + 1);
            sb.Append(": ");
            Write(sb, values[order[i]], mode, depth + 1);
        }
        sb.Append('}');
    }

    public static void WriteQuoted(StringBuilder sb, string s) => Quoting.WriteQuoted(sb, s);
}
