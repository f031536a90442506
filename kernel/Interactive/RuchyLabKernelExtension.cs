using Microsoft.DotNet.Interactive;

namespace RuchyLab.Interactive;

/// <summary>
/// The notebook extension: <c>#r "nuget: RuchyLab.Interactive, VERSION"</c> makes the host run the
/// package's <c>interactive-extensions/dotnet/extension.dib</c>, which calls <see cref="OnLoadAsync"/>
/// with the root kernel; the <c>ruchy</c> and <c>metta</c> kernels join it.
/// </summary>
public sealed class RuchyLabKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Kernel kernel)
    {
        var root = kernel.RootKernel as CompositeKernel ?? kernel as CompositeKernel
            ?? throw new InvalidOperationException($"RuchyLab.Interactive: the kernels join a composite (notebook) kernel, not '{kernel.Name}'");
        Add(root);
        return Task.CompletedTask;
    }

    /// <summary>Adds the kernels that are not there yet (loading the package twice is harmless).</summary>
    public static void Add(CompositeKernel root)
    {
        if (root.FindKernelByName("ruchy") == null) root.Add(new RuchyKernel());
        if (root.FindKernelByName("metta") == null) root.Add(new MettaKernel());
    }

    /// <summary>What extension.dib calls: loads into the root kernel of the running notebook.</summary>
    public static Task LoadIntoRootAsync() => new RuchyLabKernelExtension().OnLoadAsync(Kernel.Root);
}
