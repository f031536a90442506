using System.Collections;
using System.Reflection;
using System.Text;
using Ruchy.Formatting;
using Ruchy.Text;

namespace Ruchy.Syntax.Ast;

/// <summary>
/// Prints a parse tree as an indented outline, one node per line with its line:col, for
/// `ruchy ast` (teaching and debugging). Generic over node records, so new nodes print without changes here.
/// </summary>
public static class AstPrinter
{
    public static string Print(ProgramAst program, SourceText source)
    {
        var sb = new StringBuilder();
        sb.Append("Program\n");
        foreach (var s in program.Statements) WriteNode(sb, s, source, 1, null);
        return sb.ToString();
    }

    private static void WriteNode(StringBuilder sb, object node, SourceText source, int depth, string? label)
    {
        Indent(sb, depth);
        if (label != null) sb.Append(label).Append(": ");
        var type = node.GetType();
        sb.Append(type.Name.EndsWith("Expr", StringComparison.Ordinal) && type.Name != "Expr" ? type.Name[..^4] : type.Name);
        var children = new List<(string, object)>();
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (prop.Name is "Pos" or "EqualityContract") continue;
            var value = prop.GetValue(node);
            switch (value)
            {
                case null:
                    continue;
                case Node or FStringPart or Argument or ObjectEntry or FieldInit or MatchArm or Param or FieldDecl or VariantDecl or FieldPattern:
                    children.Add((prop.Name, value));
                    break;
                case string s:
                    sb.Append(' ').Append(prop.Name).Append('=').Append(Quote(s));
                    break;
                case Literal l:
                    sb.Append(' ').Append(l.ToString());
                    break;
                case IEnumerable list:
                {
                    var items = list.Cast<object>().ToList();
                    if (items.All(i => i is string))
                    {
                        sb.Append(' ').Append(prop.Name).Append("=[").Append(string.Join(", ", items)).Append(']');
                        break;
                    }
                    foreach (var item in items) children.Add((prop.Name, item));
                    break;
                }
                default:
                    sb.Append(' ').Append(prop.Name).Append('=').Append(value);
                    break;
            }
        }
        if (node is Node n)
        {
            var (line, col) = source.GetLineColumn(n.Pos);
            sb.Append("  @").Append(line).Append(':').Append(col);
        }
        sb.Append('\n');
        foreach (var (name, child) in children) WriteNode(sb, child, source, depth + 1, name);
    }

    // Past this depth a line shows its depth instead of indenting further: a 100,000-deep tree would otherwise print gigabytes of spaces.
    private const int MaxIndent = 100;

    private static void Indent(StringBuilder sb, int depth)
    {
        if (depth <= MaxIndent) sb.Append(' ', depth * 2);
        else sb.Append(' ', MaxIndent * 2).Append('[').Append(depth).Append("] ");
    }

    private static string Quote(string s) => Quoting.Quote(s);
}
