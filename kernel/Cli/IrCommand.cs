using System.CommandLine;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy ir FILE</c>: the SSA IR of every function, for teaching and debugging the optimizer.</summary>
public static class IrCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to compile");
        var switches = CommandLine.SwitchOption();
        var cmd = new Command("ir", "Build the SSA IR of a program and print it: blocks with their parameters, one instruction per line\\n(vN:type = op operands), edges with the values they pass.")
        {
            file,
            switches,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists)
            {
                Console.Error.WriteLine($"ruchy: cannot read '{f}': no such file");
                return 1;
            }
            if (!CommandLine.TryBuildOptions("register", parse.GetValue(switches), out var options)) return 2;
            var source = SourceText.From(File.ReadAllText(f.FullName), f.ToString());
            var text = RuchyEngine.IrListing(source, options, out var diagnostics);
            foreach (var d in diagnostics.Where(d => d.IsError)) Console.Error.WriteLine(d.ToString());
            if (text == null) return 1;
            Console.Out.Write(text);
            return 0;
        });
        return cmd;
    }
}
