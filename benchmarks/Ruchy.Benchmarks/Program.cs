using BenchmarkDotNet.Running;

// BenchmarkDotNet entry point: `dotnet run -c Release --project benchmarks/Ruchy.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Ruchy.Benchmarks.FibBenchmarks).Assembly).Run(args);
