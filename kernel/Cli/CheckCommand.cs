using System.CommandLine;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy check FILE</c>: parse and resolve, report every problem, run nothing.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var file = CommandLine.FileArgument("The .ruchy program to check");
        var cmd = new Command("check", "Parse and resolve a program without running it. Prints `file:line:col: message` for each\nproblem (warnings for names that are undefined, which fail only if that code runs); exit 1 on errors.")
        {
            file,
        };
        cmd.SetAction(parse =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists)
            {
                Console.Error.WriteLine($"ruchy: cannot read '{f}': no such file");
                return 1;
            }
            var source = SourceText.From(SourceFile.ReadText(f.FullName, f.ToString()), f.ToString());
            var result = RuchyEngine.Compile(source);
            foreach (var d in result.Diagnostics) Console.Error.WriteLine(d.ToString());
            if (result.HasErrors)
            {
                int n = result.Diagnostics.Count(d => d.IsError);
                Console.Error.WriteLine($"{n} error{(n == 1 ? "" : "s")}");
                return 1;
            }
            Console.WriteLine($"{f}: ok");
            return 0;
        });
        return cmd;
    }
}
