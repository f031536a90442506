using System.Text.Json;
using Ruchy.Kernel.Jupyter;

namespace Ruchy.Tests.Jupyter;

public class KernelSpecInstallerTests
{
    [Fact]
    public void Installs_ruchy_and_metta_specs_that_interrupt_by_message()
    {
        string prefix = Path.Combine(Path.GetTempPath(), "ruchy-spec-" + Guid.NewGuid().ToString("N"));
        try
        {
            string kernels = KernelSpecInstaller.KernelsDirectory(prefix);
            Assert.Equal(Path.Combine(prefix, "share", "jupyter", "kernels"), kernels);
            var written = KernelSpecInstaller.Install(kernels, KernelSpecInstaller.Specs(), ["/usr/bin/dotnet", "/opt/ruchy/ruchy.dll"]);
            Assert.Equal(2, written.Count);

            using var ruchy = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernels, "ruchy", "kernel.json")));
            var root = ruchy.RootElement;
            Assert.Equal("Ruchy", root.GetProperty("display_name").GetString());
            Assert.Equal("ruchy", root.GetProperty("language").GetString());
            Assert.Equal("message", root.GetProperty("interrupt_mode").GetString());
            var argv = new List<string>();
            foreach (var a in root.GetProperty("argv").EnumerateArray()) argv.Add(a.GetString()!);
            Assert.Equal(["/usr/bin/dotnet", "/opt/ruchy/ruchy.dll", "kernel", "start", "--language", "ruchy", "{connection_file}"], argv);

            using var metta = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernels, "metta", "kernel.json")));
            Assert.Equal("MeTTa", metta.RootElement.GetProperty("display_name").GetString());
            Assert.Equal("metta", metta.RootElement.GetProperty("language").GetString());
            Assert.Contains("metta", metta.RootElement.GetProperty("argv").ToString());
        }
        finally
        {
            if (Directory.Exists(prefix)) Directory.Delete(prefix, recursive: true);
        }
    }

    [Fact]
    public void A_custom_name_names_both_specs()
    {
        var specs = KernelSpecInstaller.Specs("ruchy-dev");
        Assert.Equal("ruchy-dev", specs[0].Name);
        Assert.Equal("ruchy-dev-metta", specs[1].Name);
        Assert.True(KernelSpecInstaller.IsValidName("ruchy-dev.1_x"));
        Assert.False(KernelSpecInstaller.IsValidName("ruchy dev"));
        Assert.False(KernelSpecInstaller.IsValidName("../x"));
    }
}
