using Ruchy.Experiments.Workloads;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Experiments;

/// <summary>`ruchy measure` compiles once and runs many times: a compiled program must print the same on every run.</summary>
public sealed class CompiledRunTests
{
    [Theory]
    [InlineData("micro/fibonacci.ruchy", "ast")]
    [InlineData("micro/fibonacci.ruchy", "register")]
    [InlineData("awfy/queens.ruchy", "register")]
    public void RepeatedRunsOfOneCompiledProgramPrintTheSame(string program, string tier)
    {
        var code = WorkloadManifest.WithSize(File.ReadAllText(Path.Combine(RepoPaths.Root, "datasets", program)), 2);
        var compiled = RuchyEngine.Compile(SourceText.From(code, program));
        var outputs = Enumerable.Range(0, 3).Select(_ =>
        {
            var stdout = new StringWriter { NewLine = "\n" };
            Assert.Equal(0, RuchyEngine.Run(compiled, stdout, TextWriter.Null, TestTiers.Options(tier)).ExitCode);
            return stdout.ToString();
        }).ToList();
        Assert.NotEmpty(outputs[0]);
        Assert.All(outputs, o => Assert.Equal(outputs[0], o));
    }
}
