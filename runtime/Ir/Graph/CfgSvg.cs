using System.Globalization;
using System.Text;
using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// The control-flow graphs of IR functions drawn as one SVG document (the content of <see cref="IrDot"/>, laid out
/// here so no Graphviz is needed): a box per live block (header, then one line per instruction), edges with
/// arrowheads, a conditional's first successor green and its second red, back edges around the right side.
/// Functions are stacked top to bottom, each under its name. The same IR always gives the same bytes.
/// </summary>
internal static class CfgSvg
{
    private const double FontSize = 12, CharWidth = 7.4, LineHeight = 15, Pad = 6, Margin = 16, TitleHeight = 40, FunctionGap = 24;
    private const int MaxChars = 70;
    private const string Mono = "DejaVu Sans Mono, Menlo, Consolas, monospace";
    private const string True = "#1a7f37", False = "#cf222e", Plain = "#444444";

    /// <summary>The functions named in <paramref name="only"/> (each with its closures; null: all), built with the pipeline.</summary>
    public static List<IrFunction> Functions(BoundProgram program, RunOptions options, IReadOnlyList<string>? passes = null, IReadOnlyCollection<string>? only = null)
    {
        var pipeline = passes != null ? PassPipeline.Of(passes) : PassPipeline.For(options);
        var module = new IrModule(program, options, pipeline);
        var all = new List<IrFunction>();
        var chosen = new List<IrFunction>();
        foreach (var fn in IrCompiler.Functions(program)) Collect(IrCompiler.Build(fn, options, pipeline, module: module), only, false, all, chosen);
        if (chosen.Count == 0 && only != null)
            throw new ArgumentException($"no function {string.Join(", ", only.Select(n => "'" + n + "'"))} in the program (functions: {string.Join(", ", all.Select(f => f.Name))})");
        return chosen;
    }

    private static void Collect(IrFunction f, IReadOnlyCollection<string>? only, bool inside, List<IrFunction> all, List<IrFunction> chosen)
    {
        all.Add(f);
        inside |= only == null || only.Contains(f.Name);
        if (inside) chosen.Add(f);
        foreach (var child in f.Children) Collect(child, only, inside, all, chosen);
    }

    /// <summary>One SVG document with the functions stacked vertically.</summary>
    public static string Render(IReadOnlyList<IrFunction> functions)
    {
        var body = new StringBuilder();
        double y = Margin, width = 0;
        for (int i = 0; i < functions.Count; i++)
        {
            if (i > 0) y += FunctionGap;
            var (w, h) = Function(functions[i], i, y, body);
            width = Math.Max(width, w);
            y += h;
        }
        width += 2 * Margin;
        double height = y + Margin;
        var sb = new StringBuilder();
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
          .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append("\" font-size=\"").Append(N(FontSize)).Append("\">\n");
        sb.Append("<defs>\n");
        foreach (var (id, colour) in new[] { ("cfg-arrow", Plain), ("cfg-arrow-true", True), ("cfg-arrow-false", False) })
            sb.Append("<marker id=\"").Append(id).Append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
              .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").Append(colour).Append("\"/></marker>\n");
        sb.Append("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(body).Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Draws one function at <paramref name="top"/>; returns the size it took.</summary>
    private static (double Width, double Height) Function(IrFunction f, int index, double top, StringBuilder sb)
    {
        var blocks = new List<IrBlock>();
        var node = new int[f.Blocks.Count];
        Array.Fill(node, -1);
        foreach (var b in f.Blocks)
            if (!b.Removed)
            {
                node[b.Id] = blocks.Count;
                blocks.Add(b);
            }
        var lines = blocks.Select(b => Lines(f, b)).ToList();
        var widths = lines.Select(l => l.Max(s => s.Length) * CharWidth + 2 * Pad).ToList();
        var heights = lines.Select(l => l.Count * LineHeight + 2 * Pad).ToList();

        // Edges in block order, then successor order (the order IrDot writes them).
        var edges = new List<(int From, int To)>();
        var kinds = new List<string>();
        foreach (var b in blocks)
        {
            int t = f.Terminator(b.Id);
            if (t < 0) continue;
            int count = f[t].EdgeCount;
            for (int k = 0; k < count; k++)
            {
                int target = f.Edge(t, k).Target;
                if (node[target] < 0) continue;
                edges.Add((node[b.Id], node[target]));
                kinds.Add(count == 2 ? (k == 0 ? "true" : "false") : "plain");
            }
        }
        var layout = new CfgLayout(widths, heights, edges);

        string legend = blocks.Count + (blocks.Count == 1 ? " block" : " blocks") +
            " · green: first successor (true, next item) · red: second (false, done) · right: back edges";
        double left = Margin, graphTop = top + TitleHeight;
        sb.Append("<g class=\"function\" id=\"f").Append(index).Append("\">\n");
        sb.Append("<text x=\"").Append(N(left)).Append("\" y=\"").Append(N(top + 16)).Append("\" font-family=\"sans-serif\" font-size=\"16\" font-weight=\"bold\">fn ")
          .Append(Escape(f.Name)).Append("</text>\n");
        sb.Append("<text x=\"").Append(N(left)).Append("\" y=\"").Append(N(top + 31)).Append("\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#666666\">")
          .Append(Escape(legend)).Append("</text>\n");

        for (int i = 0; i < blocks.Count; i++)
        {
            double x = left + layout.X[i], y = graphTop + layout.Y[i];
            bool entry = blocks[i].Id == 0;
            sb.Append("<g class=\"block\" id=\"f").Append(index).Append("-b").Append(blocks[i].Id).Append("\">");
            sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" width=\"").Append(N(widths[i])).Append("\" height=\"").Append(N(heights[i]))
              .Append("\" rx=\"3\" fill=\"white\" stroke=\"#333333\" stroke-width=\"").Append(entry ? "2" : "1").Append("\"/>");
            // The header band: the block's name and parameters stand apart from its instructions.
            sb.Append("<rect x=\"").Append(N(x + 1)).Append("\" y=\"").Append(N(y + 1)).Append("\" width=\"").Append(N(widths[i] - 2)).Append("\" height=\"").Append(N(Pad + LineHeight - 1))
              .Append("\" fill=\"#e6eef8\"/>");
            sb.Append("<text font-family=\"").Append(Mono).Append("\" xml:space=\"preserve\">");
            for (int l = 0; l < lines[i].Count; l++)
            {
                sb.Append("<tspan x=\"").Append(N(x + Pad)).Append("\" y=\"").Append(N(y + Pad + (l + 1) * LineHeight - 4)).Append('"');
                if (l == 0) sb.Append(" font-weight=\"bold\"");
                sb.Append('>').Append(Escape(lines[i][l])).Append("</tspan>");
            }
            sb.Append("</text></g>\n");
        }

        for (int e = 0; e < edges.Count; e++)
        {
            var route = layout.Routes[e];
            string colour = kinds[e] switch { "true" => True, "false" => False, _ => Plain };
            string marker = kinds[e] == "plain" ? "cfg-arrow" : "cfg-arrow-" + kinds[e];
            sb.Append("<path class=\"edge ").Append(kinds[e]).Append(route.Back ? " back" : "").Append("\" d=\"").Append(PathData(route, left, graphTop))
              .Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.3\" marker-end=\"url(#").Append(marker).Append(")\">")
              .Append("<title>b").Append(blocks[edges[e].From].Id).Append(" → b").Append(blocks[edges[e].To].Id).Append(route.Back ? " (back edge)" : "")
              .Append("</title></path>\n");
        }
        sb.Append("</g>\n");
        // Sans-serif widths are estimates: about 0.6 em a character is generous for both lines.
        double titleWidth = Math.Max((f.Name.Length + 3) * 10.0, legend.Length * 6.0);
        return (Math.Max(layout.Width, titleWidth), TitleHeight + layout.Height);
    }

    /// <summary>The block's text: its header, then one line per instruction, each cut at <see cref="MaxChars"/>.</summary>
    private static List<string> Lines(IrFunction f, IrBlock b)
    {
        var header = new StringBuilder().Append('b').Append(b.Id);
        if (b.Params.Count > 0) header.Append('(').Append(string.Join(", ", b.Params.Select(p => "v" + p + ":" + f[p].Type))).Append(')');
        if (b.Label != null) header.Append("  ; ").Append(b.Label);
        var lines = new List<string> { Cut(header.ToString()) };
        foreach (var v in b.Instrs) lines.Add(Cut(IrPrinter.Instruction(f, v)));
        return lines;
    }

    private static string Cut(string s)
    {
        if (s.Length <= MaxChars) return s;
        int n = MaxChars - 1;
        if (char.IsHighSurrogate(s[n - 1])) n--; // never split a surrogate pair
        return s[..n] + "…";
    }

    /// <summary>Forward edges: curves across the gaps, straight past dummies; back edges: straight segments.</summary>
    private static string PathData(CfgLayout.Route route, double dx, double dy)
    {
        var sb = new StringBuilder();
        var p = route.Points;
        sb.Append('M').Append(N(p[0].X + dx)).Append(',').Append(N(p[0].Y + dy));
        for (int i = 1; i < p.Count; i++)
        {
            double x0 = p[i - 1].X + dx, y0 = p[i - 1].Y + dy, x1 = p[i].X + dx, y1 = p[i].Y + dy;
            if (route.Back || i % 2 == 0)
            {
                sb.Append(" L").Append(N(x1)).Append(',').Append(N(y1));
                continue;
            }
            double mid = (y1 - y0) / 2;
            sb.Append(" C").Append(N(x0)).Append(',').Append(N(y0 + mid)).Append(' ').Append(N(x1)).Append(',').Append(N(y1 - mid))
              .Append(' ').Append(N(x1)).Append(',').Append(N(y1));
        }
        return sb.ToString();
    }

    private static string N(double v) => Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>XML text: markup characters escaped, characters XML cannot hold replaced.</summary>
    internal static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                default:
                    bool pair = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
                    if (pair) sb.Append(c).Append(s[++i]);
                    else if (char.IsSurrogate(c) || (c < ' ' && c != '\t') || c == '\uFFFE' || c == '\uFFFF') sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
