using System.CommandLine;

namespace Ruchy.Kernel.Cli;

/// <summary>The command tree of the `ruchy` executable.</summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var eval = new Option<string?>("--eval", "-e") { Description = "Evaluate CODE and print its value (nil is not printed)", HelpName = "CODE" };
        var engine = EngineOption();
        var root = new RootCommand("Ruchy Lab: the Ruchy runtime and experiment harness.\nRun a program with `ruchy run FILE`; evaluate an expression with `ruchy -e CODE`.");
        root.Options.Add(eval);
        root.Options.Add(engine);
        root.SetAction(parse =>
        {
            var code = parse.GetValue(eval);
            if (code != null) return RunCommand.Eval(code, ToTier(parse.GetValue(engine)));
            Console.Error.WriteLine("ruchy: nothing to do. Try `ruchy run FILE`, `ruchy -e CODE` or `ruchy --help`.");
            return 2;
        });
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DumpCommands.CreateTokens());
        root.Subcommands.Add(DumpCommands.CreateAst());
        root.Subcommands.Add(DisasmCommand.Create());
        root.Subcommands.Add(MettaCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(GenCommand.Create());
        root.Subcommands.Add(MeasureCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(KernelCommand.Create());
        root.Subcommands.Add(InteractiveCommand.Create());
        return root;
    }

    private static readonly string[] TierNames = Enum.GetNames<Tier>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary><c>--engine NAME</c>: the execution tier, by its lower-case name.</summary>
    public static Option<string> EngineOption()
    {
        var option = new Option<string>("--engine")
        {
            Description = "Execution tier (ast: the tree-walking interpreter, the reference semantics)",
            HelpName = string.Join("|", TierNames),
            DefaultValueFactory = _ => "ast",
        };
        option.AcceptOnlyFromAmong(TierNames);
        return option;
    }

    public static Tier ToTier(string? name) => Enum.Parse<Tier>(name ?? "ast", ignoreCase: true);

    /// <summary><c>--switch name=value</c> (repeatable): the run-time switches of <see cref="RunOptions"/>.</summary>
    public static Option<string[]> SwitchOption() => new("--switch")
    {
        Description = "Set a run-time switch, e.g. --switch superinstructions=off (repeatable). Switches: "
            + string.Join("; ", RunOptions.Switches.Select(s => $"{s.Name}={s.Values} ({s.Description})")),
        HelpName = "name=value",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The run options for an engine name and switch strings; false (after printing why) when a switch is invalid.</summary>
    public static bool TryBuildOptions(string? engine, string[]? switches, out RunOptions options)
    {
        options = RunOptions.Default with { Tier = ToTier(engine) };
        foreach (var s in switches ?? [])
        {
            try { options = options.WithSwitch(s); }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("ruchy: " + ex.Message);
                return false;
            }
        }
        return true;
    }

    public static Argument<FileInfo> FileArgument(string description) => new("file") { Description = description };
}
