using System.Net;
using System.Text;
using Ruchy.Values;

namespace Ruchy.Notebook;

/// <summary>
/// A cell's value as front doors show it: <c>text/plain</c> is the Debug rendering (<c>{:?}</c>), and
/// collections that read as tables (a vector of structs, of maps, of vectors; a map) also get
/// <c>text/html</c>.
/// </summary>
public static class ValueDisplay
{
    /// <summary>Rows beyond this are elided in the HTML table (the text form still has them all).</summary>
    public const int MaxTableRows = 200;

    public static MimeBundle Render(Value value)
    {
        var bundle = new MimeBundle(ValueFormatter.Debug(value));
        var html = Table(value);
        if (html != null) bundle.With("text/html", html);
        return bundle;
    }

    public static string TypeName(Value v) => v.Kind switch
    {
        ValueKind.Int => "i64",
        ValueKind.Float => "f64",
        ValueKind.Bool => "bool",
        ValueKind.Str => "String",
        ValueKind.Array => "Vec",
        ValueKind.Tuple => "tuple",
        ValueKind.Map => "HashMap",
        ValueKind.Struct => v.AsStruct.Type.Name,
        ValueKind.Enum => v.AsEnum.Type.Name,
        ValueKind.Range => "Range",
        ValueKind.Function or ValueKind.Native => "fn",
        ValueKind.Nil => "()",
        _ => v.Kind.ToString(),
    };

    /// <summary>The Debug rendering cut to one line of at most 80 characters.</summary>
    public static string Summary(Value v)
    {
        string s = ValueFormatter.Debug(v).ReplaceLineEndings(" ");
        return s.Length <= 80 ? s : s[..77] + "...";
    }

    private static string? Table(Value value)
    {
        if (value.Kind == ValueKind.Map) return MapTable(value.AsMap);
        if (value.Kind != ValueKind.Array) return null;
        var items = value.AsArray.AsSpan();
        if (items.Length == 0) return null;
        var first = items[0];
        if (first.Kind == ValueKind.Struct && first.AsStruct.Type.FieldNames.Length > 0)
        {
            var type = first.AsStruct.Type;
            foreach (var x in items)
                if (x.Kind != ValueKind.Struct || !ReferenceEquals(x.AsStruct.Type, type)) return null;
            var rows = new List<string[]>();
            for (int i = 0; i < items.Length && i < MaxTableRows; i++)
            {
                var fields = items[i].AsStruct.Fields;
                var row = new string[fields.Length];
                for (int f = 0; f < fields.Length; f++) row[f] = ValueFormatter.Display(fields[f]);
                rows.Add(row);
            }
            return Html(type.FieldNames, rows, items.Length);
        }
        if (first.Kind is ValueKind.Array or ValueKind.Tuple)
        {
            int width = 0;
            foreach (var x in items)
            {
                if (x.Kind is not (ValueKind.Array or ValueKind.Tuple)) return null;
                width = Math.Max(width, x.Kind == ValueKind.Array ? x.AsArray.Count : x.AsTuple.Items.Length);
            }
            if (width == 0 || width > 64) return null;
            var header = new string[width];
            for (int i = 0; i < width; i++) header[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rows = new List<string[]>();
            for (int i = 0; i < items.Length && i < MaxTableRows; i++)
            {
                var cells = items[i].Kind == ValueKind.Array ? items[i].AsArray.AsSpan().ToArray() : items[i].AsTuple.Items;
                var row = new string[width];
                for (int c = 0; c < width; c++) row[c] = c < cells.Length ? ValueFormatter.Display(cells[c]) : "";
                rows.Add(row);
            }
            return Html(header, rows, items.Length);
        }
        return null;
    }

    private static string MapTable(RMap map)
    {
        var rows = new List<string[]>();
        foreach (var kv in map.Entries)
        {
            if (rows.Count == MaxTableRows) break;
            rows.Add([ValueFormatter.Display(kv.Key), ValueFormatter.Display(kv.Value)]);
        }
        return Html(["key", "value"], rows, map.Count);
    }

    private static string Html(IReadOnlyList<string> header, List<string[]> rows, int total)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in row) sb.Append("<td>").Append(WebUtility.HtmlEncode(c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (total > rows.Count) sb.Append("<p>").Append(total - rows.Count).Append(" more rows not shown</p>");
        return sb.ToString();
    }
}
