using Ruchy.Kernel.Cli;

namespace Ruchy.Tests.Metta;

public class MettaCommandTests
{
    private static int Invoke(params string[] args) => MettaCommand.Create().Parse(args).Invoke();

    [Fact]
    public void ExitCodeReflectsAsserts()
    {
        var dir = Directory.CreateTempSubdirectory("metta-cli");
        try
        {
            var good = Path.Combine(dir.FullName, "good.metta");
            var bad = Path.Combine(dir.FullName, "bad.metta");
            File.WriteAllText(good, "(= (sq $x) (* $x $x))\n!(assertEqual (sq 3) 9)\n");
            File.WriteAllText(bad, "!(assertEqual (+ 1 1) 3)\n");
            Assert.Equal(0, Invoke(good));
            Assert.Equal(1, Invoke(bad));
            Assert.Equal(0, Invoke("test", good, "--switch", "index=off", "--switch", "memo=off"));
            Assert.Equal(1, Invoke("test", good, bad));
            Assert.Equal(0, Invoke("-e", "!(+ 1 2)"));
            Assert.Equal(2, Invoke(good, "--switch", "warp=on"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void SwitchStringsParse()
    {
        var o = RunOptions.Default.WithAll(["index=off", "memo=on", "bloom=false"], SwitchDomain.Metta);
        Assert.False(o.IsOn(SwitchRegistry.MettaIndex));
        Assert.True(o.IsOn(SwitchRegistry.MettaMemo));
        Assert.False(o.IsOn(SwitchRegistry.MettaBloom));
        var allOff = RunOptions.Default.With("all=off", SwitchDomain.Metta);
        Assert.All(SwitchRegistry.In(SwitchDomain.Metta), s => Assert.False(allOff.IsOn(s)));
        // all=off of the MeTTa domain leaves Ruchy switches alone.
        Assert.True(allOff.IsOn(SwitchRegistry.Superinstructions));
        Assert.Throws<ArgumentException>(() => RunOptions.Default.WithAll(["index"], SwitchDomain.Metta));
        Assert.Contains("is a Ruchy switch", Assert.Throws<ArgumentException>(() => RunOptions.Default.WithAll(["superinstructions=off"], SwitchDomain.Metta)).Message);
    }
}
