using System.CommandLine;
using Ruchy.Text;
using Ruchy.Tiers;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy disasm FILE</c>: the bytecode of every function, for teaching and debugging.</summary>
public static class DisasmCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to compile");
        var listing = TierRegistry.WithListing().ToArray();
        var engine = new Option<string>("--engine")
        {
            Description = "Which tier's code to show: " + string.Join("; ", listing.Select(t => $"{t.Name}: {t.Description}")),
            HelpName = string.Join("|", listing.Select(t => t.Name)),
            DefaultValueFactory = _ => listing[0].Name,
        };
        engine.AcceptOnlyFromAmong(listing.Select(t => t.Name).ToArray());
        var switches = CommandLine.SwitchOption();
        var cmd = new Command("disasm", "Compile a program to bytecode and print it: one block per function, one line per instruction\\nwith its index, source line:col, opcode, operands and what they refer to.")
        {
            file,
            engine,
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
            if (!CommandLine.TryBuildOptions(parse.GetValue(engine), parse.GetValue(switches), out var options)) return 2;
            var source = SourceText.From(SourceFile.ReadText(f.FullName, f.ToString()), f.ToString());
            var text = RuchyEngine.Disassemble(source, options, out var diagnostics);
            foreach (var d in diagnostics.Where(d => d.IsError)) Console.Error.WriteLine(d.ToString());
            if (text == null) return 1;
            Console.Out.Write(text);
            return 0;
        });
        return cmd;
    }
}
