using System.Text;

namespace Ruchy.Ir;

/// <summary>The control-flow graph as Graphviz DOT: one cluster per function, a box per block listing its instructions.</summary>
internal static class IrDot
{
    public static string Program(Semantics.BoundProgram program, Switches.RunOptions options, IReadOnlyList<string>? passes = null)
    {
        var pipeline = passes != null ? PassPipeline.Of(passes) : PassPipeline.For(options);
        var sb = new StringBuilder("digraph ir {\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
        int cluster = 0;
        var module = new IrModule(program, options, pipeline);
        foreach (var fn in IrCompiler.Functions(program)) Function(IrCompiler.Build(fn, options, pipeline, module: module), sb, ref cluster);
        sb.Append("}\n");
        return sb.ToString();
    }

    private static void Function(IrFunction f, StringBuilder sb, ref int cluster)
    {
        int id = cluster++;
        sb.Append("  subgraph cluster_").Append(id).Append(" {\n    label=\"").Append(Escape(f.Name)).Append("\";\n");
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            var label = new StringBuilder();
            label.Append('b').Append(b.Id);
            if (b.Params.Count > 0) label.Append('(').Append(string.Join(", ", b.Params.Select(p => "v" + p))).Append(')');
            if (b.Label != null) label.Append("  ; ").Append(b.Label);
            label.Append("\\l");
            foreach (var v in b.Instrs) label.Append(Escape(IrPrinter.Instruction(f, v))).Append("\\l");
            sb.Append("    f").Append(id).Append('b').Append(b.Id).Append(" [label=\"").Append(label).Append("\"];\n");
        }
        foreach (var b in f.Blocks)
        {
            if (b.Removed) continue;
            int t = f.Terminator(b.Id);
            if (t < 0) continue;
            for (int k = 0; k < f[t].EdgeCount; k++)
            {
                sb.Append("    f").Append(id).Append('b').Append(b.Id).Append(" -> f").Append(id).Append('b').Append(f.Edge(t, k).Target);
                if (f[t].EdgeCount == 2) sb.Append(k == 0 ? " [color=darkgreen]" : " [color=firebrick]");
                sb.Append(";\n");
            }
        }
        sb.Append("  }\n");
        foreach (var child in f.Children) Function(child, sb, ref cluster);
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
