using DuckDB.NET.Data;
using Ruchy.Experiments.Harness;

namespace Ruchy.Tests.Experiments;

/// <summary>Host (.NET JIT/GC) switches as factors, and switches held fixed in every configuration.</summary>
public sealed class HostSwitchTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-host-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(dir, "exp.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string HostFile(string levels = "[on, off]", string fixedSwitches = "[engine=register]") =>
        ExperimentFileTests.Valid()
            .Replace("""
                  engine:
                    levels: [ast, register]
                    baseline: ast
                """, $"""
                  host.tiered_compilation:
                    levels: {levels}
                    baseline: on
                switches: {fixedSwitches}
                """);

    [Fact]
    public void HostSwitchesMapToTheirEnvironmentVariables()
    {
        Assert.Equal(("DOTNET_TieredCompilation", "0"), SwitchRegistry.HostEnvironment("host.tiered_compilation=off"));
        Assert.Equal(("DOTNET_TieredPGO", "1"), SwitchRegistry.HostEnvironment("host.tiered_pgo=on"));
        Assert.Contains("takes on|off", Assert.Throws<ArgumentException>(() => SwitchRegistry.HostEnvironment("host.osr=maybe")).Message);
        Assert.Contains("known switches: host.tiered_compilation", Assert.Throws<ArgumentException>(() => SwitchRegistry.HostEnvironment("host.turbo=on")).Message);
    }

    [Fact]
    public void FileWithAHostFactorAndFixedSwitchesLoads()
    {
        var e = ExperimentFile.Load(Write(HostFile()));
        Assert.Equal(["engine=register"], e.Switches);
        Assert.Equal(["host.tiered_compilation=on", "host.tiered_compilation=off"], RunPlan.Configurations(e.Factors!).Select(c => c.Label));
        ExperimentFile.Load(Path.Combine(TestSupport.RepoPaths.Root, "experiments", "host-jit-001-tiering.yaml"));
    }

    [Fact]
    public void BadHostLevelsAndFixedSwitchesNameTheirKeys()
    {
        var levels = Assert.Throws<ExperimentFileException>(() => ExperimentFile.Load(Write(HostFile(levels: "[on, fast]"))));
        Assert.Contains(levels.Errors, x => x.Contains("factors.host.tiered_compilation.levels: switch 'host.tiered_compilation' takes on|off, not 'fast'"));
        var fixedBad = Assert.Throws<ExperimentFileException>(() => ExperimentFile.Load(Write(HostFile(fixedSwitches: "[engine=turbo, host.tiered_compilation=off]"))));
        Assert.Contains(fixedBad.Errors, x => x.Contains("switches[0]: switch 'engine' takes"));
        Assert.Contains(fixedBad.Errors, x => x.Contains("switches[1]: 'host.tiered_compilation' is also a factor"));
    }

    [Fact]
    public void EachProcessRunsWithItsHostSettingAndTheFixedSwitches()
    {
        var file = ExperimentFile.Load(Write(HostFile()));
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        var result = new ExperimentRunner(file, new RunnerOptions { Quick = true, Store = store }).Run();
        Assert.Null(result.Failure);
        store.Dispose();

        using var connection = new DuckDBConnection($"Data Source={Path.Combine(dir, "lab.duckdb")}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT r.configuration, e.tiered_compilation, r.environment FROM runs r JOIN environment e USING (experiment_key, seq) ORDER BY r.seq";
        using var reader = cmd.ExecuteReader();
        int rows = 0;
        while (reader.Read())
        {
            rows++;
            string expected = reader.GetString(0).EndsWith("=off", StringComparison.Ordinal) ? "0" : "1";
            Assert.Equal(expected, reader.GetString(1));
            Assert.Contains("\"engine\":\"register\"", reader.GetString(2));
        }
        Assert.Equal(result.Runs.Count, rows);
        Assert.True(rows >= 4);
    }
}
