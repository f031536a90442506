using System.CommandLine;
using Ruchy.Syntax;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy tokens FILE</c> and <c>ruchy ast FILE</c>: the front end's intermediate forms, for teaching and debugging.</summary>
public static class DumpCommands
{
    public static Command CreateTokens()
    {
        var file = CommandLine.FileArgument("The .ruchy file to tokenize");
        var cmd = new Command("tokens", "Print the token stream of a file, one token per line with its line:col.") { file };
        cmd.SetAction(parse =>
        {
            var source = Load(parse.GetValue(file)!);
            if (source == null) return 1;
            var diagnostics = new DiagnosticBag(source);
            var tokens = Lexer.Tokenize(source, diagnostics);
            var output = Console.Out;
            foreach (var t in tokens)
            {
                var (line, col) = source.GetLineColumn(t.Start);
                output.WriteLine($"{line}:{col}\t{t}");
            }
            return Report(diagnostics);
        });
        return cmd;
    }

    public static Command CreateAst()
    {
        var file = CommandLine.FileArgument("The .ruchy file to parse");
        var cmd = new Command("ast", "Print the parse tree of a file as an indented outline (node, fields, line:col).") { file };
        cmd.SetAction(parse =>
        {
            var source = Load(parse.GetValue(file)!);
            if (source == null) return 1;
            var diagnostics = new DiagnosticBag(source);
            var program = Parser.Parse(source, diagnostics);
            Console.Out.Write(AstPrinter.Print(program, source));
            return Report(diagnostics);
        });
        return cmd;
    }

    private static SourceText? Load(FileInfo f)
    {
        if (f.Exists) return SourceText.From(File.ReadAllText(f.FullName), f.ToString());
        Console.Error.WriteLine($"ruchy: cannot read '{f}': no such file");
        return null;
    }

    private static int Report(DiagnosticBag diagnostics)
    {
        foreach (var d in diagnostics.Items) Console.Error.WriteLine(d.ToString());
        return diagnostics.HasErrors ? 1 : 0;
    }
}
