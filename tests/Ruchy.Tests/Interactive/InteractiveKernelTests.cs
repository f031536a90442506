using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace Ruchy.Tests.Interactive;

/// <summary>The Ruchy and MeTTa kernels in a composite kernel, driven the way a notebook drives them.</summary>
public class InteractiveKernelTests : IDisposable
{
    private readonly CompositeKernel _root = PolyglotKernel.Create();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Value_of_the_last_expression_is_the_return_value()
    {
        var result = await _root.Submit("#!ruchy\n1 + 1");
        result.AssertSucceeded();
        Assert.Equal("2", result.Single<ReturnValueProduced>().Value());
    }

    [Fact]
    public async Task Stdout_and_stderr_stream_as_events()
    {
        var result = await _root.Submit("#!ruchy\nprintln(\"hello\")\neprintln(\"oops\")");
        result.AssertSucceeded();
        Assert.Equal("hello\n", result.Stdout());
        Assert.Equal("oops\n", result.Single<StandardErrorValueProduced>().Value());
    }

    [Fact]
    public async Task State_persists_across_submissions()
    {
        (await _root.Submit("#!ruchy\nlet total = 40\nfn add(a, b) { a + b }")).AssertSucceeded();
        var result = await _root.Submit("#!ruchy\nadd(total, 2)");
        result.AssertSucceeded();
        Assert.Equal("42", result.Single<ReturnValueProduced>().Value());
    }

    [Fact]
    public async Task Runtime_error_fails_the_command_with_its_location()
    {
        var result = await _root.Submit("#!ruchy\nlet a = [1, 2]\na[5]");
        var failed = result.Single<CommandFailed>();
        Assert.Contains("index", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<cell", failed.Message);
        Assert.False(failed.Message.StartsWith("Error: ", StringComparison.Ordinal), failed.Message);
        Assert.Matches(@":2:\d+", failed.Message);
    }

    [Fact]
    public async Task Syntax_error_fails_with_its_location_and_publishes_diagnostics()
    {
        var result = await _root.Submit("#!ruchy\nlet x = 1\nlet = 2");
        var failed = result.Single<CommandFailed>();
        Assert.Matches(@":2:\d+", failed.Message);
        // The host maps diagnostics back onto the whole cell: `let = 2` is its third line (0-based 2), after `#!ruchy`.
        var d = Assert.Single(result.Single<DiagnosticsProduced>().Diagnostics);
        Assert.Equal(new LinePosition(2, 4), d.LinePositionSpan.Start);
    }

    [Fact]
    public async Task Completions_offer_a_session_function_with_its_signature()
    {
        (await _root.Submit("#!ruchy\nfn fibonacci(n) { if n < 2 { n } else { fibonacci(n - 1) + fibonacci(n - 2) } }")).AssertSucceeded();
        var result = await _root.SendAsync(new RequestCompletions("let y = fibo", new LinePosition(0, 12), "ruchy"));
        var completions = result.Single<CompletionsProduced>();
        var item = Assert.Single(completions.Completions, c => c.DisplayText == "fibonacci");
        Assert.Equal("Method", item.Kind);
        Assert.Contains("fn fibonacci(n)", item.Documentation);
        Assert.Equal(new LinePosition(0, 8), completions.LinePositionSpan.Start);
        Assert.Equal(new LinePosition(0, 12), completions.LinePositionSpan.End);
    }

    [Fact]
    public async Task Hover_shows_the_signature_and_doc_comment()
    {
        (await _root.Submit("#!ruchy\n/// Doubles a number.\nfn double(x) { x * 2 }")).AssertSucceeded();
        var result = await _root.SendAsync(new RequestHoverText("let a = 1\ndouble(a)", new LinePosition(1, 2), "ruchy"));
        var hover = result.Single<HoverTextProduced>();
        string markdown = hover.Content.First(c => c.MimeType == "text/markdown").Value;
        Assert.Contains("fn double(x)", markdown);
        Assert.Contains("Doubles a number.", markdown);
        Assert.Equal(new LinePosition(1, 0), hover.LinePositionSpan.Start);
        Assert.Equal(new LinePosition(1, 6), hover.LinePositionSpan.End);
    }

    [Fact]
    public async Task Diagnostics_carry_zero_based_line_and_column()
    {
        var result = await _root.SendAsync(new RequestDiagnostics("let ok = 1\nlet x = (1 +) * 2", "ruchy"));
        var d = Assert.Single(result.Single<DiagnosticsProduced>().Diagnostics);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, d.Severity);
        Assert.Equal(new LinePosition(1, 12), d.LinePositionSpan.Start);
        Assert.Contains("expected", d.Message);
    }

    [Fact]
    public async Task Undefined_names_are_warnings()
    {
        var result = await _root.SendAsync(new RequestDiagnostics("let x = undefined_name + 1", "ruchy"));
        var d = Assert.Single(result.Single<DiagnosticsProduced>().Diagnostics);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal(new LinePosition(0, 8), d.LinePositionSpan.Start);
        Assert.Contains("undefined_name", d.Message);
    }

    [Fact]
    public async Task Value_infos_list_the_session_variables()
    {
        (await _root.Submit("#!ruchy\nlet count = 3\nlet names = [\"a\", \"b\"]\nfn f() { 1 }")).AssertSucceeded();
        var result = await _root.SendAsync(new RequestValueInfos("ruchy"));
        var infos = result.Single<ValueInfosProduced>().ValueInfos;
        Assert.Equal(["count", "names"], infos.Select(i => i.Name).ToArray());
        Assert.Equal("3", infos.First().FormattedValue.Value);
        Assert.False(string.IsNullOrEmpty(infos.First().TypeName));
    }

    [Fact]
    public async Task Engine_directive_switches_the_tier_and_code_below_runs()
    {
        var result = await _root.Submit("#!ruchy\n#!engine ast\n20 + 22");
        result.AssertSucceeded();
        Assert.Equal("42", result.Single<ReturnValueProduced>().Value());
        var ruchy = (RuchyLab.Interactive.RuchyKernel)_root.FindKernelByName("ruchy")!;
        Assert.Equal("ast", ruchy.Session.Options.Tier.Name);
    }

    [Fact]
    public async Task Timeit_directive_times_the_code_below_it()
    {
        var result = await _root.Submit("#!ruchy\n#!timeit -n 5 -r 2\nlet s = 0\nfor i in 0..100 { s = s + i }");
        result.AssertSucceeded();
        string all = string.Join("\n", result.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value));
        Assert.Contains("per loop", all);
        Assert.Contains("2 runs, 5 loops each", all);
    }

    [Fact]
    public async Task Timeit_directive_alone_times_its_line()
    {
        var result = await _root.Submit("#!ruchy\n#!timeit -n 3 -r 2 40 + 2");
        result.AssertSucceeded();
        string all = string.Join("\n", result.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value));
        Assert.Contains("3 loops each", all);
    }

    [Fact]
    public async Task Lsmagic_and_who_are_directives()
    {
        (await _root.Submit("#!ruchy\nlet answer = 42")).AssertSucceeded();
        var magics = await _root.Submit("#!ruchy\n#!lsmagic");
        magics.AssertSucceeded();
        Assert.Contains("%timeit", magics.Single<DisplayedValueProduced>().Value());
        var who = await _root.Submit("#!ruchy\n#!who");
        who.AssertSucceeded();
        Assert.Contains("answer", string.Concat(who.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues).Select(v => v.Value)));
    }

    [Fact]
    public async Task Bad_magic_arguments_fail_the_command()
    {
        var result = await _root.Submit("#!ruchy\n#!engine warp");
        Assert.Contains("warp", result.Single<CommandFailed>().Message);
    }

    [Fact]
    public void Kernel_info_names_the_language_and_commands()
    {
        var ruchy = _root.FindKernelByName("ruchy")!;
        Assert.Equal("Ruchy", ruchy.KernelInfo.LanguageName);
        Assert.Equal("MeTTa", _root.FindKernelByName("metta")!.KernelInfo.LanguageName);
        var commands = ruchy.KernelInfo.SupportedKernelCommands.Select(c => c.Name).ToHashSet();
        foreach (var name in new[] { "SubmitCode", "RequestCompletions", "RequestHoverText", "RequestDiagnostics", "RequestValueInfos", "RequestValue", "SendValue" })
            Assert.Contains(name, commands);
        Assert.Contains(ruchy.KernelInfo.SupportedDirectives, d => d.Name == "#!timeit");
    }

    [Fact]
    public async Task Metta_cells_run_in_the_metta_kernel()
    {
        var result = await _root.Submit("#!metta\n(= (double $x) (* 2 $x))\n!(double 21)");
        result.AssertSucceeded();
        Assert.Contains("42", result.Single<ReturnValueProduced>().Value());
    }

    [Fact]
    public async Task Cancel_stops_an_endless_loop_within_a_second()
    {
        var running = _root.Submit("#!ruchy\nloop { }");
        await Task.Delay(300);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await _root.SendAsync(new Cancel());
        var result = await running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(result.Events, e => e is CommandFailed);
        // The session is free again: the next cell runs at once.
        var next = await _root.Submit("#!ruchy\n1 + 1").WaitAsync(TimeSpan.FromSeconds(5));
        stopwatch.Stop();
        next.AssertSucceeded();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
