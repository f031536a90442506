using BenchmarkDotNet.Running;

// BenchmarkDotNet entry point: `dotnet run -c Release --project benchmarks/Ruchy.Benchmarks -- --filter '*'`.
// The interpreter is itself JIT-compiled, so the host JIT settings are part of every result: print them.
// (Benchmark processes are built from this project, so they share its TieredPGO/TieredCompilation settings.)
Console.WriteLine(Ruchy.Benchmarks.HostSettings.Describe());
// `-- ir-phases`: a Stopwatch split of the ir=on compile by phase and pass (not a BenchmarkDotNet run).
if (args.Length > 0 && args[0] == "ir-phases")
{
    Ruchy.Benchmarks.IrCompileProfile.Run(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Ruchy.Benchmarks.FibBenchmarks).Assembly).Run(args);
