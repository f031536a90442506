using System.CommandLine;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Syntax;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary><c>ruchy tokens FILE</c>, <c>ruchy ast FILE</c> and <c>ruchy ast --resolved FILE</c>: the front end's intermediate forms, for teaching and debugging.</summary>
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
        var resolved = new Option<bool>("--resolved")
        {
            Description = "Print the resolved tree instead: global slots, types, each function's frame (params, slots, cells, captures) " +
                "and every variable as a local slot, cell, captured upvalue or global",
        };
        var cmd = new Command("ast", "Print the parse tree of a file as an indented outline (node, fields, line:col).") { file, resolved };
        cmd.SetAction(parse =>
        {
            var source = Load(parse.GetValue(file)!);
            if (source == null) return 1;
            if (parse.GetValue(resolved)) return PrintResolved(source);
            var diagnostics = new DiagnosticBag(source);
            var program = Parser.Parse(source, diagnostics);
            // The printer recurses over the tree: the large stack, as every pass after the parser.
            Console.Out.Write(LargeStack.Call(() => AstPrinter.Print(program, source)));
            return Report(diagnostics);
        });
        return cmd;
    }

    /// <summary>The resolved tree, when the file parses and resolves; otherwise only the diagnostics (exit 1).</summary>
    private static int PrintResolved(SourceText source)
    {
        var compiled = RuchyEngine.Compile(source);
        if (!compiled.HasErrors) Console.Out.Write(LargeStack.Call(() => BoundTreePrinter.Print(compiled.Program!, source)));
        foreach (var d in compiled.Diagnostics) Console.Error.WriteLine(d.ToString());
        return compiled.HasErrors ? 1 : 0;
    }

    private static SourceText? Load(FileInfo f)
    {
        if (f.Exists) return SourceText.From(SourceFile.ReadText(f.FullName, f.ToString()), f.ToString());
        Console.Error.WriteLine($"ruchy: cannot read '{f}': no such file");
        return null;
    }

    private static int Report(DiagnosticBag diagnostics)
    {
        foreach (var d in diagnostics.Items) Console.Error.WriteLine(d.ToString());
        return diagnostics.HasErrors ? 1 : 0;
    }
}
