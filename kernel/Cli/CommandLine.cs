using System.CommandLine;

namespace Ruchy.Kernel.Cli;

/// <summary>The command tree of the `ruchy` executable.</summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var eval = new Option<string?>("--eval", "-e") { Description = "Evaluate CODE and print its value (nil is not printed)" };
        var engine = EngineOption();
        var root = new RootCommand("Ruchy Lab: the Ruchy runtime and experiment harness.\nRun a program with `ruchy run FILE`, or `ruchy FILE`.");
        var file = new Argument<FileInfo?>("file") { Description = "A .ruchy program to run", Arity = ArgumentArity.ZeroOrOne };
        root.Options.Add(eval);
        root.Options.Add(engine);
        root.Arguments.Add(file);
        root.SetAction(parse =>
        {
            var code = parse.GetValue(eval);
            var tier = parse.GetValue(engine);
            if (code != null) return RunCommand.Eval(code, tier);
            var f = parse.GetValue(file);
            if (f != null) return RunCommand.RunFile(f.FullName, f.ToString(), tier);
            Console.Error.WriteLine("ruchy: nothing to do. Try `ruchy run FILE`, `ruchy -e CODE` or `ruchy --help`.");
            return 2;
        });
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DumpCommands.CreateTokens());
        root.Subcommands.Add(DumpCommands.CreateAst());
        return root;
    }

    public static Option<Tier> EngineOption() => new("--engine")
    {
        Description = "Execution tier: ast (the tree-walking interpreter, the reference semantics)",
        DefaultValueFactory = _ => Tier.Ast,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "ast";
            if (Enum.TryParse<Tier>(text, ignoreCase: true, out var t)) return t;
            result.AddError($"unknown engine '{text}'; available: {string.Join(", ", Enum.GetNames<Tier>().Select(n => n.ToLowerInvariant()))}");
            return Tier.Ast;
        },
    };

    public static Argument<FileInfo> FileArgument(string description) => new("file") { Description = description };
}
