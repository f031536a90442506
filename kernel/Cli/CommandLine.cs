using System.CommandLine;
using Ruchy.Switches;
using Ruchy.Text;
using Ruchy.Tiers;

namespace Ruchy.Kernel.Cli;

/// <summary>The command tree of the `ruchy` executable.</summary>
public static class CommandLine
{
    /// <summary>
    /// Runs the command line. A problem with the user's input (a source file that is not UTF-8) is one line on
    /// stderr and exit 1; anything else is an internal error and keeps its stack trace.
    /// </summary>
    public static int Run(string[] args)
    {
        try
        {
            return Build().Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserFacingMessage(e) is { } message)
        {
            Console.Error.WriteLine(message);
            return 1;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("Unhandled exception: " + e);
            return 1;
        }
    }

    /// <summary>The message of an exception that reports bad input rather than a bug, or null.</summary>
    private static string? UserFacingMessage(Exception e) => e switch
    {
        SourceEncodingException s => s.Message,
        Ruchy.Experiments.Harness.ResultStoreException r => "ruchy: " + r.Message,
        _ => null,
    };

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
            if (code != null) return RunCommand.Eval(code, RunOptions.Default.WithTier(parse.GetValue(engine)!));
            Console.Error.WriteLine("ruchy: nothing to do. Try `ruchy run FILE`, `ruchy -e CODE` or `ruchy --help`.");
            return 2;
        });
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DumpCommands.CreateTokens());
        root.Subcommands.Add(DumpCommands.CreateAst());
        root.Subcommands.Add(DisasmCommand.Create());
        root.Subcommands.Add(IrCommand.Create());
        root.Subcommands.Add(MettaCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(GenCommand.Create());
        root.Subcommands.Add(MeasureCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(KernelCommand.Create());
        root.Subcommands.Add(InteractiveCommand.Create());
        return root;
    }

    /// <summary><c>--engine NAME</c>: the execution tier, by its name in the tier table.</summary>
    public static Option<string> EngineOption()
    {
        var option = new Option<string>("--engine")
        {
            Description = "Execution tier: " + string.Join("; ", TierRegistry.All.Select(t => $"{t.Name}: {t.Description}")),
            HelpName = SwitchRegistry.Engine.ValuesText,
            DefaultValueFactory = _ => SwitchRegistry.Engine.Default,
        };
        option.AcceptOnlyFromAmong(TierRegistry.Names);
        return option;
    }

    /// <summary><c>--switch name=value</c> (repeatable): the switches of <paramref name="domain"/>, listed from the registry.</summary>
    public static Option<string[]> SwitchOption(SwitchDomain domain = SwitchDomain.Ruchy)
    {
        var listed = SwitchRegistry.In(domain).Where(s => s != SwitchRegistry.Engine).Select(s => $"{s.Name}={s.ValuesText} ({s.Description}; default {s.Default})");
        return new("--switch")
        {
            Description = "Set a switch, e.g. --switch " + SwitchRegistry.In(domain).First(s => s.IsOnOff).Name + "=off (repeatable; all=off turns every on/off switch off). Switches: "
                + string.Join("; ", listed),
            HelpName = "name=value",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
    }

    /// <summary>
    /// The run options for an engine name and switch strings of <paramref name="domain"/>; false (after printing
    /// why, prefixed with <paramref name="command"/>) when a switch is invalid.
    /// </summary>
    public static bool TryBuildOptions(string? engine, string[]? switches, out RunOptions options, SwitchDomain domain = SwitchDomain.Ruchy, string command = "ruchy")
    {
        options = RunOptions.Default;
        try
        {
            if (engine != null) options = options.WithTier(engine);
            options = options.WithAll(switches ?? [], domain);
            return true;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"{command}: {ex.Message}");
            return false;
        }
    }

    public static Argument<FileInfo> FileArgument(string description) => new("file") { Description = description };
}
