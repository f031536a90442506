using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using Ruchy.Formatting;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Semantics;

/// <summary>
/// Prints a resolved program as an indented outline, one node per line with its line:col, for
/// <c>ruchy ast --resolved</c> (teaching and debugging): the global slots, the user types, every function
/// with its frame layout (parameters, frame size, cell parameters, captures), then the script. Each variable
/// shows where the resolver put it: <c>Local x slot=0</c>, <c>Cell x slot=0</c> (a slot holding a cell
/// because a closure captures it), <c>Upvalue x capture=0</c> (the running closure's capture list) or
/// <c>Global x global=0</c>. Like <c>AstPrinter</c> it walks the node classes' public fields, so new nodes
/// print without changes here; the tiers' inline caches (<c>Cached*</c>) are left out.
/// </summary>
public static class BoundTreePrinter
{
    public static string Print(BoundProgram program, SourceText source)
    {
        var sb = new StringBuilder("Program");
        if (program.MainGlobal >= 0) sb.Append("  main=global ").Append(program.MainGlobal);
        sb.Append('\n');
        for (int i = 0; i < program.GlobalNames.Length; i++)
            sb.Append("  Global ").Append(i).Append(' ').Append(program.GlobalNames[i]).Append('\n');
        foreach (var (type, methods) in program.Types)
        {
            sb.Append("  Type ").Append(type.Name).Append("  ").Append(type.Shape);
            if (type.FieldNames.Length > 0) sb.Append("  fields=[").Append(string.Join(", ", type.FieldNames)).Append(']');
            if (type.Variants.Length > 0) sb.Append("  variants=[").Append(string.Join(", ", type.Variants.Select(Variant))).Append(']');
            if (methods.Length > 0) sb.Append("  methods=[").Append(string.Join(", ", methods.Select(m => m.Name))).Append(']');
            sb.Append('\n');
        }
        foreach (var (global, function) in program.Functions) WriteFunction(sb, function, source, 1, null, "Function", global);
        WriteFunction(sb, program.Script, source, 1, null, "Script", -1);
        return sb.ToString();
    }

    private static string Variant(VariantInfo v) => v.Shape switch
    {
        Core.StructShape.Named => $"{v.Name} {{{string.Join(", ", v.FieldNames)}}}",
        Core.StructShape.Tuple => $"{v.Name}({v.FieldNames.Length})",
        _ => v.Name,
    };

    /// <summary>A function's header (name, global slot, frame layout), then its defaults, parameter patterns and body.</summary>
    private static void WriteFunction(StringBuilder sb, BoundFunction f, SourceText source, int depth, string? label, string kind, int global)
    {
        Indent(sb, depth);
        if (label != null) sb.Append(label).Append(": ");
        sb.Append(kind).Append(' ').Append(f.Name);
        if (global >= 0) sb.Append("  global=").Append(global);
        if (f.Owner != null) sb.Append("  owner=").Append(f.Owner.Name);
        if (f.SelfKind != Core.SelfKind.None) sb.Append("  self=").Append(f.SelfKind);
        sb.Append("  params=[").Append(string.Join(", ", f.ParamNames)).Append(']');
        if (f.RequiredParams != f.ParamCount) sb.Append("  required=").Append(f.RequiredParams);
        sb.Append("  frame=").Append(f.FrameSize);
        if (f.CellParams.Length > 0) sb.Append("  cells=[").Append(string.Join(", ", f.CellParams)).Append(']');
        if (f.Captures.Length > 0)
            sb.Append("  captures=[").Append(string.Join(", ", f.Captures.Select(c => (c.FromParentSlot ? "slot " : "capture ") + c.Index))).Append(']');
        Position(sb, source, f.Pos);
        for (int i = 0; i < f.Defaults.Length; i++)
            if (f.Defaults[i] is { } d) WriteNode(sb, d, source, depth + 1, "Default " + f.ParamNames[i]);
        foreach (var (slot, pattern) in f.ParamPatterns) WriteNode(sb, pattern, source, depth + 1, "Param slot=" + slot);
        WriteNode(sb, f.Body, source, depth + 1, "Body");
    }

    private static void WriteNode(StringBuilder sb, object node, SourceText source, int depth, string? label)
    {
        if (node is BoundFunction function)
        {
            WriteFunction(sb, function, source, depth, label, "Function", -1);
            return;
        }
        Indent(sb, depth);
        if (label != null) sb.Append(label).Append(": ");
        switch (node)
        {
            case BoundVariable v:
                Variable(sb, v);
                Position(sb, source, v.Pos);
                return;
            case BoundBindPattern b:
                sb.Append("BindPattern ");
                Variable(sb, b.Target);
                Position(sb, source, b.Pos);
                if (b.Subpattern != null) WriteNode(sb, b.Subpattern, source, depth + 1, "Subpattern");
                return;
        }

        var type = node.GetType();
        sb.Append(NodeName(node));
        var children = new List<(string, object?)>();
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (field.Name is "Pos" or "Kind" || field.Name.StartsWith("Cached", StringComparison.Ordinal)) continue;
            var value = field.GetValue(node);
            switch (value)
            {
                case null:
                    continue;
                case var child when IsNode(child.GetType()):
                    children.Add((field.Name, value));
                    break;
                case string s:
                    sb.Append(' ').Append(field.Name).Append('=').Append(Quote(s));
                    break;
                case Value v:
                    sb.Append(' ').Append(field.Name == "Value" ? "" : field.Name + "=").Append(ValueFormatter.Repr(v));
                    break;
                case RType t:
                    sb.Append(' ').Append(field.Name).Append('=').Append(t.Name);
                    break;
                case int variant when field.Name == "Variant" && type.GetField("Type")?.GetValue(node) is RType owner:
                    sb.Append(' ').Append(field.Name).Append('=').Append(owner.Variants[variant].Name);
                    break;
                case IReadOnlyList<FormatPiece> pieces:
                    sb.Append(' ').Append(field.Name).Append('=').Append(Quote(FormatText(pieces)));
                    break;
                case IEnumerable list:
                    var items = list.Cast<object?>().ToList();
                    var names = ItemNames(node, field.Name, items.Count);
                    if (field.FieldType.GetElementType() is { } element && IsNode(element))
                    {
                        for (int i = 0; i < items.Count; i++)
                            children.Add((names?[i] ?? field.Name, items[i]));
                        break;
                    }
                    if (names == null)
                        sb.Append(' ').Append(field.Name).Append("=[").Append(string.Join(", ", items.Select(i => i?.ToString() ?? ".."))).Append(']');
                    break;
                case IFormattable f:
                    sb.Append(' ').Append(field.Name).Append('=').Append(f.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    sb.Append(' ').Append(field.Name).Append('=').Append(value);
                    break;
            }
        }
        if (node is BoundExpr e) Position(sb, source, e.Pos);
        else if (node is BoundPattern p) Position(sb, source, p.Pos);
        else sb.Append('\n');
        foreach (var (name, child) in children)
        {
            if (child != null) WriteNode(sb, child, source, depth + 1, name);
            else
            {
                // A struct literal's field taken from its ..base.
                Indent(sb, depth + 1);
                sb.Append(name).Append(": (from base)\n");
            }
        }
    }

    private static bool IsNode(Type t) =>
        typeof(BoundExpr).IsAssignableFrom(t) || typeof(BoundPattern).IsAssignableFrom(t)
        || t == typeof(BoundMatchArm) || t == typeof(BoundFStringPart) || t == typeof(BoundFunction);

    /// <summary>Struct literals and struct patterns label their field expressions with the field names.</summary>
    private static string[]? ItemNames(object node, string field, int count) => (node, field) switch
    {
        (BoundStructLiteral s, "Fields") when s.Type.FieldNames.Length == count => s.Type.FieldNames,
        (BoundStructPattern s, "Fields") => s.FieldIndices.Select(i => s.Type.FieldNames[i]).ToArray(),
        (BoundStructPattern, "FieldIndices") => [],
        _ => null,
    };

    private static string NodeName(object node)
    {
        if (node is BoundSequencePattern seq) return seq.Kind + "Pattern";
        var name = node.GetType().Name;
        return name.StartsWith("Bound", StringComparison.Ordinal) && name.Length > 5 ? name[5..] : name;
    }

    /// <summary>Where the resolver put the variable: a frame slot, a cell slot, the running closure's capture or a global.</summary>
    private static void Variable(StringBuilder sb, BoundVariable v)
    {
        sb.Append(v.Kind).Append(' ').Append(v.Name).Append(' ');
        sb.Append(v.Kind switch
        {
            BoundKind.Upvalue => "capture",
            BoundKind.Global => "global",
            _ => "slot",
        });
        sb.Append('=').Append(v.Index);
        if (v.Symbol.IsConst) sb.Append(" const");
        if (v.Symbol.IsMutRef) sb.Append(" &mut");
    }

    /// <summary>The format string back from its pieces (<c>"{} is {x:>5}"</c>).</summary>
    private static string FormatText(IReadOnlyList<FormatPiece> pieces)
    {
        var sb = new StringBuilder();
        foreach (var piece in pieces)
        {
            switch (piece)
            {
                case LiteralPiece l:
                    sb.Append(l.Text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
                    break;
                case ArgumentPiece a:
                    sb.Append('{');
                    if (a.Index is int index) sb.Append(index);
                    else if (a.Name != null) sb.Append(a.Name);
                    if (a.SpecText.Length > 0) sb.Append(':').Append(a.SpecText);
                    sb.Append('}');
                    break;
            }
        }
        return sb.ToString();
    }

    private static void Position(StringBuilder sb, SourceText source, int pos)
    {
        var (line, col) = source.GetLineColumn(pos);
        sb.Append("  @").Append(line).Append(':').Append(col).Append('\n');
    }

    private static void Indent(StringBuilder sb, int depth) => sb.Append(' ', depth * 2);

    private static string Quote(string s)
    {
        var sb = new StringBuilder();
        ValueFormatter.WriteQuoted(sb, s);
        return sb.ToString();
    }
}
