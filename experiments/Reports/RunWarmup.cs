using Ruchy.Experiments.Harness;

namespace Ruchy.Experiments.Reports;

/// <summary>One process run's full wall-time series (warmup iterations included) and its steady-state class.</summary>
public sealed record RunWarmup(RunRecord Run, IReadOnlyList<double> WallNs, SteadyStateResult Result);
