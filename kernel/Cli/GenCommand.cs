using System.CommandLine;
using Ruchy.Experiments.Workloads;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy gen --lines N --seed S [-o FILE]</c>: a deterministic large program for front-end and memory metrics.</summary>
public static class GenCommand
{
    public static Command Create()
    {
        var lines = new Option<int>("--lines") { Description = "Approximate number of lines (at least 20)", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same lines and seed always give the same program", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE instead of stdout", HelpName = "FILE" };
        var cmd = new Command("gen", "Generate a realistic Ruchy program (structs, methods, enums, loops, closures, arrays) that runs and\nprints a checksum; for the parse/resolve/memory metrics of large programs.")
        {
            lines,
            seed,
            output,
        };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(lines);
            if (n < 20)
            {
                Console.Error.WriteLine("ruchy gen: --lines must be at least 20");
                return 2;
            }
            string program = ProgramGenerator.Generate(n, parse.GetValue(seed));
            var file = parse.GetValue(output);
            if (file != null) File.WriteAllText(file.FullName, program);
            else Console.Out.Write(program);
            return 0;
        });
        return cmd;
    }
}
