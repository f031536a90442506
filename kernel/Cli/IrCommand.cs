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
        var switches = CommandLine.SwitchOption();
        var cmd = new Command("ir", "Build the SSA IR of a program and print it: blocks with their parameters, one instruction per line\n(vN:type = op operands), edges with the values they pass.")
        {
            file, level, passes, after, each, dot, switches,
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
            var source = SourceText.From(File.ReadAllText(f.FullName), f.ToString());
            IReadOnlyList<string>? list = parse.GetValue(passes) is { } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            try
            {
                var text = parse.GetValue(dot)
                    ? RuchyEngine.IrGraph(source, options, out var diagnostics)
                    : RuchyEngine.IrListing(source, options, out diagnostics, list, parse.GetValue(after), parse.GetValue(each));
                foreach (var d in diagnostics.Where(d => d.IsError)) Console.Error.WriteLine(d.ToString());
                if (text == null) return 1;
                Console.Out.Write(text);
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
