using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Events;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Interactive;

/// <summary>
/// <c>ruchy interactive stdio</c> behind the package's own StdIoKernelConnector, as
/// <c>#!connect stdio --kernel-name ruchy --command ["ruchy","interactive","stdio"]</c> sets it up.
/// </summary>
public class InteractiveStdioTests
{
    [Fact]
    public async Task Connected_stdio_kernel_runs_cells_and_keeps_state()
    {
        string config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string ruchy = Path.Combine(RepoPaths.Root, "kernel", "bin", config, "net10.0", "ruchy.dll");
        Assert.True(File.Exists(ruchy), $"build the kernel first: {ruchy} is missing");

        using var root = new CompositeKernel();
        using var connector = new StdIoKernelConnector(
            ["dotnet", ruchy, "interactive", "stdio"], "ruchy", KernelHost.CreateHostUriForCurrentProcessId(), new DirectoryInfo(RepoPaths.Root));
        var proxy = await connector.CreateRootProxyKernelAsync().WaitAsync(TimeSpan.FromSeconds(60));
        root.Add(proxy);

        var first = await root.Submit("#!ruchy\nlet x = 40\nprintln(\"from stdio\")\nx + 2").WaitAsync(TimeSpan.FromSeconds(60));
        first.AssertSucceeded();
        Assert.Equal("from stdio\n", first.Stdout());
        Assert.Equal("42", first.Single<ReturnValueProduced>().Value());

        var second = await root.Submit("#!ruchy\nx * 2").WaitAsync(TimeSpan.FromSeconds(30));
        second.AssertSucceeded();
        Assert.Equal("80", second.Single<ReturnValueProduced>().Value());

        var failed = await root.Submit("#!ruchy\nundefined_thing + 1").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("undefined_thing", failed.Single<CommandFailed>().Message);
    }
}
