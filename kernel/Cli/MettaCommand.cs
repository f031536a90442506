using System.CommandLine;
using Ruchy.Metta;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Kernel.Cli;

/// <summary>
/// <c>ruchy metta FILE</c>, <c>ruchy metta -e CODE</c> and <c>ruchy metta test FILE...</c>: the MeTTa
/// runtime. Each <c>!</c> query prints one line as Hyperon does (<c>[3]</c>, <c>[]</c>); a failed assert
/// makes the exit code 1 and its message goes to stderr. <c>--switch name=off</c> turns an optimization off.
/// </summary>
public static class MettaCommand
{
    public static Command Create()
    {
        var switches = CommandLine.SwitchOption(SwitchDomain.Metta);
        var eval = new Option<string?>("--eval", "-e") { Description = "Evaluate MeTTa CODE (its ! queries print results)", HelpName = "CODE" };
        var file = new Argument<FileInfo?>("file") { Description = "The .metta program to run", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("metta", "Run a MeTTa program with Hyperon semantics.\nOne line per ! query ([3], [(foo a)], []); exit code 1 when an assert fails.\nOptimization switches: " + string.Join(", ", SwitchRegistry.In(SwitchDomain.Metta).Select(s => s.Name)) + " (all on by default).")
        {
            file, eval, switches,
        };
        cmd.SetAction(parse =>
        {
            var options = ParseSwitches(parse.GetValue(switches));
            if (options == null) return 2;
            var code = parse.GetValue(eval);
            if (code != null) return Run(code, "<eval>", Directory.GetCurrentDirectory(), options);
            var f = parse.GetValue(file);
            if (f == null)
            {
                Console.Error.WriteLine("ruchy metta: give a FILE, -e CODE, or `test FILE...`");
                return 2;
            }
            if (!f.Exists)
            {
                Console.Error.WriteLine($"ruchy metta: cannot read '{f}': no such file");
                return 1;
            }
            return Run(SourceFile.ReadText(f.FullName, f.ToString()), f.ToString(), f.DirectoryName!, options);
        });

        var testSwitches = CommandLine.SwitchOption(SwitchDomain.Metta);
        var files = new Argument<FileInfo[]>("files") { Description = "MeTTa scripts to run as tests", Arity = ArgumentArity.OneOrMore };
        var test = new Command("test", "Run scripts as tests: per file and in total `N passed, N failed`, counting assert calls\n(an assert that never ran because the script stopped counts as failed).")
        {
            files, testSwitches,
        };
        test.SetAction(parse =>
        {
            var options = ParseSwitches(parse.GetValue(testSwitches));
            if (options == null) return 2;
            return Test(parse.GetValue(files)!, options);
        });
        cmd.Subcommands.Add(test);
        return cmd;
    }

    private static RunOptions? ParseSwitches(string[]? values) =>
        CommandLine.TryBuildOptions(null, values, out var options, SwitchDomain.Metta, "ruchy metta") ? options : null;

    private static int Run(string code, string displayPath, string baseDir, RunOptions options)
    {
        using var stdout = RunCommand.OpenStdout();
        var rt = new MettaRuntime(options, stdout, Console.Error, baseDir);
        bool failed = false;
        var report = rt.RunText(code, displayPath, q =>
        {
            stdout.WriteLine(q.Formatted);
            if (q.IsAssert && !q.AssertPassed)
            {
                failed = true;
                stdout.Flush();
                Console.Error.WriteLine($"{q.File}:{q.Line}:{q.Column}: assertion failed: {q.Query}");
                foreach (var r in q.Results) Console.Error.WriteLine(Describe(r));
            }
        });
        stdout.Flush();
        if (report.FatalError != null)
        {
            Console.Error.WriteLine(report.FatalError);
            return 1;
        }
        return failed ? 1 : 0;
    }

    /// <summary>An assert's error result, with its message string unescaped for reading.</summary>
    private static string Describe(Ruchy.Metta.Atoms.Atom r) =>
        r is Ruchy.Metta.Atoms.Expr { Items.Length: 3 } e && e.Items[2] is Ruchy.Metta.Atoms.Str msg
            ? $"{e.Items[1]}: {msg.Value.TrimStart('\n')}"
            : r.ToString();

    private static int Test(FileInfo[] files, RunOptions options)
    {
        int passed = 0, failed = 0;
        foreach (var f in files)
        {
            if (!f.Exists)
            {
                Console.WriteLine($"{f}: cannot read file");
                failed++;
                continue;
            }
            string text;
            try { text = SourceFile.ReadText(f.FullName, f.ToString()); }
            catch (SourceEncodingException ex)
            {
                Console.WriteLine($"{f}: 0 passed, 0 failed ({ex.Message})");
                failed++;
                continue;
            }
            var rt = new MettaRuntime(options, TextWriter.Null, Console.Error, f.DirectoryName!);
            RunReport report;
            try { report = rt.RunText(text, f.ToString()); }
            catch (Exception ex)
            {
                Console.WriteLine($"{f}: 0 passed, {MettaRuntime.CountAssertsInSource(text)} failed ({ex.GetType().Name}: {ex.Message})");
                failed += MettaRuntime.CountAssertsInSource(text);
                continue;
            }
            foreach (var q in report.Queries)
                if (q.IsAssert && !q.AssertPassed)
                    Console.Error.WriteLine($"{q.File}:{q.Line}:{q.Column}: assertion failed: {q.Query}\n  got {q.Formatted}");
            if (report.FatalError != null) Console.Error.WriteLine(report.FatalError);
            Console.WriteLine($"{f}: {report.AssertsPassed} passed, {report.AssertsFailed} failed");
            passed += report.AssertsPassed;
            failed += report.AssertsFailed;
        }
        Console.WriteLine($"total: {passed} passed, {failed} failed");
        return failed > 0 ? 1 : 0;
    }
}
