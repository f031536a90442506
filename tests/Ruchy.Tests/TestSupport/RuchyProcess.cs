using System.Diagnostics;

namespace Ruchy.Tests.TestSupport;

/// <summary>The built <c>ruchy</c> command (ruchy.dll beside the tests) as a child process, as users run it.</summary>
public static class RuchyProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Starts ruchy with redirected output in <paramref name="workingDirectory"/>; the caller reads, waits and disposes.</summary>
    public static Process Start(string workingDirectory, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ruchy.dll");
        Assert.True(File.Exists(dll), "ruchy.dll not found beside the test assembly: " + dll);
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(psi)!;
    }

    /// <summary>Runs ruchy to completion (two minutes at most) and returns its exit code and output.</summary>
    public static Result Run(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ruchy did not finish: " + string.Join(" ", args));
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
