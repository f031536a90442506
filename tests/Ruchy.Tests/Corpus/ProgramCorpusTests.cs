using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Corpus;

/// <summary>
/// The project's own Ruchy programs (tests/Ruchy.Tests/Programs/AREA/NAME.ruchy): stdout must equal
/// NAME.out; where NAME.err exists the run must fail with exit code 1 and stderr containing its text.
/// </summary>
public sealed class ProgramCorpusTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Ruchy.Tests", "Programs");

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.ruchy", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Folder, f).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Program_MatchesGoldenOutput(string relativePath)
    {
        string file = Path.Combine(Folder, relativePath);
        string basePath = Path.ChangeExtension(file, null);
        string expected = File.ReadAllText(basePath + ".out");
        var outcome = RuchyRunner.Run(File.ReadAllText(file), relativePath);
        Assert.Equal(expected, outcome.Stdout);
        if (File.Exists(basePath + ".err"))
        {
            string needle = File.ReadAllText(basePath + ".err").Trim();
            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains(needle, outcome.Stderr);
        }
        else
        {
            Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        }
    }

    [Fact]
    public void Corpus_IsNotEmpty() => Assert.True(Directory.GetFiles(Folder, "*.ruchy", SearchOption.AllDirectories).Length >= 80, "the program corpus went missing");
}
