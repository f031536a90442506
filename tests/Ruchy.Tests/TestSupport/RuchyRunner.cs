using System.Text;
using Ruchy.Text;

namespace Ruchy.Tests.TestSupport;

/// <summary>Runs Ruchy source through the engine with captured stdout/stderr.</summary>
public static class RuchyRunner
{
    public sealed record Outcome(string Stdout, string Stderr, int ExitCode);

    public static Outcome Run(string code, string path = "test.ruchy", string tier = "ast") =>
        Run(code, path, TestTiers.Options(tier));

    public static Outcome Run(string code, string path, RunOptions options)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var result = RuchyEngine.Run(SourceText.From(code, path), stdout, stderr, options);
        return new Outcome(stdout.ToString(), stderr.ToString(), result.ExitCode);
    }

    /// <summary>Runs on the AST tier and asserts success; returns stdout.</summary>
    public static string Output(string code) => Output("ast", code);

    /// <summary>Runs on <paramref name="tier"/> and asserts success; returns stdout.</summary>
    public static string Output(string tier, string code)
    {
        var o = Run(code, tier: tier);
        Assert.True(o.ExitCode == 0, $"program failed on {tier} (exit {o.ExitCode}):\n{o.Stderr}\nstdout:\n{o.Stdout}");
        return o.Stdout;
    }
}

/// <summary>Where the repository and ../shared are, found from the test binary's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Ruchy.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Ruchy.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>../shared beside the checkout (RUCHY_SHARED overrides).</summary>
    public static string Shared => Environment.GetEnvironmentVariable("RUCHY_SHARED") is { Length: > 0 } s
        ? s
        : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } v && v != "false";

    /// <summary>
    /// The folder <paramref name="relative"/> under ../shared, for tests that read a corpus in place. When
    /// it is missing the calling test reports as skipped, with the path in the reason (the test must be a
    /// <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>); in CI, which always has ../shared, it fails instead.
    /// </summary>
    public static string RequireShared(params string[] relative)
    {
        string dir = Path.Combine([Shared, .. relative]);
        if (Directory.Exists(dir)) return dir;
        Assert.False(InCi, $"{dir} is missing: CI runs with ../shared beside the checkout");
        throw new SkipException($"{dir} not found: the corpora live in ../shared beside the checkout (or where RUCHY_SHARED points)");
    }
}
