using Ruchy.Experiments.Harness;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Experiments;

/// <summary>
/// Issue 22: a value of the wrong type in an experiment file names the key, the expected type and the line,
/// instead of YamlDotNet's "Invalid cast from 'System.String' to 'System.Collections.Generic.List`1[...]'".
/// </summary>
public sealed class ExperimentFileTypeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ruchy-yaml-types-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Valid = """
        id: typed
        title: Types
        hypothesis:
          text: faster
          metric: wall_time
          expected_speedup: 2.0
        factors:
          engine:
            levels: [ast, register]
            baseline: ast
        workloads:
          - path: w.ruchy
        design:
          process_runs: 6
          iterations: 20
        blind: false
        """;

    private string Error(string from, string to)
    {
        Assert.Contains(from, Valid);
        string path = Path.Combine(_dir, "typed.yaml");
        File.WriteAllText(path, Valid.Replace(from, to));
        var e = Assert.Throws<ExperimentFileException>(() => ExperimentFile.Load(path));
        return Assert.Single(e.Errors).Replace(path, "F");
    }

    [Theory]
    [InlineData("process_runs: 6", "process_runs: lots", "F:14:17: design.process_runs: expected an integer, found 'lots'")]
    [InlineData("blind: false", "blind: maybe", "F:16:8: blind: expected true or false, found 'maybe'")]
    [InlineData("expected_speedup: 2.0", "expected_speedup: fast", "F:6:21: hypothesis.expected_speedup: expected a number, found 'fast'")]
    [InlineData("levels: [ast, register]", "levels: ast", "F:9:13: factors.engine.levels: expected a list of strings, found 'ast'")]
    [InlineData("- path: w.ruchy", "- path: [a, b]", "F:12:11: workloads[0].path: expected a string, found a list")]
    [InlineData("hypothesis:\n  text: faster\n  metric: wall_time\n  expected_speedup: 2.0\n", "hypothesis: 3\n", "F:3:13: hypothesis: expected a mapping (key: value lines), found '3'")]
    public void WrongType_NamesKeyTypeAndLine(string from, string to, string expected)
    {
        Assert.Equal(expected, Error(from, to));
    }

    [Fact]
    public void UnknownKey_IsStillReportedAsSuch()
    {
        Assert.EndsWith("unknown key 'colour' in the top level", Error("blind: false", "colour: red"));
    }
}
