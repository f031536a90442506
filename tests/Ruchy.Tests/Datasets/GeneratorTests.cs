using Ruchy.Experiments.Workloads;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Datasets;

public sealed class GeneratorTests
{
    [Theory]
    [InlineData(200, 1)]
    [InlineData(2_000, 42)]
    [InlineData(10_000, 7)]
    public void Generator_LineCount_IsWithinFivePercent(int lines, int seed)
    {
        string program = ProgramGenerator.Generate(lines, seed);
        int actual = program.Count(c => c == '\n');
        Assert.InRange(actual, lines * 95 / 100, lines * 105 / 100);
    }

    [Fact]
    public void Generator_SameSeed_SameProgram_OtherSeed_OtherProgram()
    {
        Assert.Equal(ProgramGenerator.Generate(1_000, 3), ProgramGenerator.Generate(1_000, 3));
        Assert.NotEqual(ProgramGenerator.Generate(1_000, 3), ProgramGenerator.Generate(1_000, 4));
    }

    [Theory]
    [InlineData(1_000, 11)]
    [InlineData(3_000, 12)]
    public void Generator_Program_CompilesCleanAndRunsTheSameOnEveryEngine(int lines, int seed)
    {
        string program = ProgramGenerator.Generate(lines, seed);
        var compiled = RuchyEngine.Compile(SourceText.From(program, "gen.ruchy"));
        Assert.Empty(compiled.Diagnostics);
        string? reference = null;
        foreach (var tier in TierRegistry.Names)
        {
            var o = RuchyRunner.Run(program, "gen.ruchy", tier);
            Assert.True(o.ExitCode == 0, o.Stderr);
            Assert.StartsWith("generated program ok: ", o.Stdout);
            reference ??= o.Stdout;
            Assert.Equal(reference, o.Stdout);
        }
    }
}
