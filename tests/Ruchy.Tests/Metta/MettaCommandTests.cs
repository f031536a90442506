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
        var o = Ruchy.Metta.MettaOptions.Parse(["index=off", "memo=on", "bloom=false"]);
        Assert.False(o.Index);
        Assert.True(o.Memo);
        Assert.False(o.Bloom);
        Assert.All(Ruchy.Metta.MettaOptions.Names, n => Assert.False(Ruchy.Metta.MettaOptions.Parse(["all=off"]).Get(n)));
        Assert.Throws<ArgumentException>(() => Ruchy.Metta.MettaOptions.Parse(["index"]));
    }
}
