using System.Runtime;

namespace Ruchy.Benchmarks;

/// <summary>The .NET runtime settings that change how the interpreter itself is compiled.</summary>
public static class HostSettings
{
    public static string Describe()
    {
        static string Setting(string appContextName, string envName)
        {
            string? env = Environment.GetEnvironmentVariable(envName);
            object? data = AppContext.GetData(appContextName);
            return env != null ? $"{env} (env {envName})" : data?.ToString() ?? "default";
        }
        return $"host: .NET {Environment.Version}, {Environment.ProcessorCount} cores, server GC {GCSettings.IsServerGC}, " +
               $"TieredCompilation {Setting("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation")}, " +
               $"TieredPGO {Setting("System.Runtime.TieredPGO", "DOTNET_TieredPGO")}, " +
               $"QuickJitForLoops {Setting("System.Runtime.TieredCompilation.QuickJitForLoops", "DOTNET_TC_QuickJitForLoops")}, " +
               $"ReadyToRun {Setting("System.Runtime.ReadyToRun", "DOTNET_ReadyToRun")}";
    }
}
