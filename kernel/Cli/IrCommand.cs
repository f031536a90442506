using System.CommandLine;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy ir FILE</c>: the SSA IR of every function, after the passes, for teaching and debugging the optimizer.</summary>
public static class IrCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to compile");
        var level = new Option<string?>("-O")
        {
            Description = "Pass preset: 0 (none), 1 (cleanup), 2 (default: adds types, value numbering, loop-invariant motion), 3 (2 repeated to a fixed point)",
            HelpName = "0|1|2|3",
        };
        level.AcceptOnlyFromAmong("0", "1", "2", "3", "O0", "O1", "O2", "O3");
        var passes = new Option<string?>("--passes")
        {
            Description = "Run exactly these passes, in this order (comma-separated): " + string.Join(", ", RuchyEngine.IrPasses.Select(p => p.Name)),
            HelpName = "a,b,c",
        };
        var after = new Option<string?>("--after") { Description = "Print the IR only after this pass", HelpName = "PASS" };
        var each = new Option<bool>("--each") { Description = "Print the IR after construction and after every pass, new lines marked with *" };
        var dot = new Option<bool>("--dot") { Description = "Print the control-flow graphs as Graphviz DOT (render with: dot -Tsvg)" };
        var svg = new Option<bool>("--svg") { Description = "Draw the control-flow graphs as SVG (no Graphviz needed): all functions stacked, or the one --function names" };
        var function = new Option<string?>("--function") { Description = "With --svg: draw only this function and its closures (methods as Type::method)", HelpName = "NAME" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output", HelpName = "FILE" };
        var switches = CommandLine.SwitchOption();
        var cmd = new Command("ir", "Build the SSA IR of a program and print it: blocks with their parameters, one instruction per line\n(vN:type = op operands), edges with the values they pass. --dot and --svg draw the control-flow graphs instead.\n\n" +
            "Examples:\n  ruchy ir prog.ruchy -O 2 --each\n  ruchy ir prog.ruchy --svg --function main -o main.svg")
        {
            file, level, passes, after, each, dot, svg, function, output, switches,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists)
            {
                Console.Error.WriteLine($"ruchy: cannot read '{f}': no such file");
                return 1;
            }
            var assignments = (parse.GetValue(switches) ?? []).ToList();
            assignments.Add("ir=on");
            if (parse.GetValue(level) is { } o) assignments.Add("opt=" + (o.StartsWith('O') ? o : "O" + o));
            if (!CommandLine.TryBuildOptions("register", assignments.ToArray(), out var options)) return 2;
            var source = SourceText.From(SourceFile.ReadText(f.FullName, f.ToString()), f.ToString());
            IReadOnlyList<string>? list = parse.GetValue(passes) is { } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            bool drawSvg = parse.GetValue(svg), drawDot = parse.GetValue(dot);
            if (drawSvg && drawDot)
            {
                Console.Error.WriteLine("ruchy: --svg and --dot exclude each other");
                return 2;
            }
            if ((drawSvg || drawDot) && (parse.GetValue(after) != null || parse.GetValue(each)))
            {
                Console.Error.WriteLine("ruchy: --after and --each select listings; the graphs show the IR after the whole pipeline (choose it with -O or --passes)");
                return 2;
            }
            if (parse.GetValue(function) != null && !drawSvg)
            {
                Console.Error.WriteLine("ruchy: --function needs --svg");
                return 2;
            }
            try
            {
                var text = drawSvg ? RuchyEngine.IrSvg(source, options, out var diagnostics, list, parse.GetValue(function))
                    : drawDot ? RuchyEngine.IrGraph(source, options, out diagnostics, list)
                    : RuchyEngine.IrListing(source, options, out diagnostics, list, parse.GetValue(after), parse.GetValue(each));
                foreach (var d in diagnostics.Where(d => d.IsError)) Console.Error.WriteLine(d.ToString());
                if (text == null) return 1;
                if (parse.GetValue(output) is { } target) File.WriteAllText(target.FullName, text);
                else Console.Out.Write(text);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("ruchy: " + e.Message);
                return 2;
            }
        });
        return cmd;
    }
}
