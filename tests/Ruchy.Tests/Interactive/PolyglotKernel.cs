using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using RuchyLab.Interactive;

namespace Ruchy.Tests.Interactive;

/// <summary>A notebook's root kernel as Polyglot Notebooks builds it: C# (the default) beside the Ruchy and MeTTa kernels.</summary>
internal static class PolyglotKernel
{
    public static CompositeKernel Create()
    {
        var root = new CompositeKernel { new CSharpKernel().UseValueSharing() };
        root.DefaultKernelName = "csharp";
        new RuchyLabKernelExtension().OnLoadAsync(root).GetAwaiter().GetResult();
        return root;
    }

    public static async Task<KernelCommandResult> Submit(this Microsoft.DotNet.Interactive.Kernel kernel, string code) => await kernel.SendAsync(new SubmitCode(code));

    public static T Single<T>(this KernelCommandResult result) where T : KernelEvent => Assert.Single(result.Events.OfType<T>());

    public static string Stdout(this KernelCommandResult result) =>
        string.Concat(result.Events.OfType<StandardOutputValueProduced>().Select(e => e.FormattedValues.First().Value));

    public static void AssertSucceeded(this KernelCommandResult result)
    {
        var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failed == null, failed?.Message);
        Assert.IsType<CommandSucceeded>(result.Events.Last());
    }

    public static string Value(this DisplayEvent e, string mimeType = "text/plain") =>
        e.FormattedValues.Single(v => v.MimeType == mimeType).Value;
}
