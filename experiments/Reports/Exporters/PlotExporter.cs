namespace Ruchy.Experiments.Reports.Exporters;

/// <summary>The report's ScottPlot PNGs: wall times per workload, speedups with intervals, and every process run's iterations.</summary>
public sealed class PlotExporter : IReportExporter
{
    public const string WallTimesFileName = "wall-times.png";
    public const string SpeedupFileName = "speedup.png";
    public const string IterationsFileName = "iterations.png";

    /// <summary>Every PNG this exporter writes, in the order it writes them.</summary>
    public static readonly IReadOnlyList<string> FileNames = [WallTimesFileName, SpeedupFileName, IterationsFileName];

    public string Name => "plots";

    public IReadOnlyList<string> Export(A3Summary summary, string directory)
    {
        Directory.CreateDirectory(directory);
        string wallTimes = Path.Combine(directory, WallTimesFileName);
        string speedup = Path.Combine(directory, SpeedupFileName);
        string iterations = Path.Combine(directory, IterationsFileName);
        ReportPlots.WallTimes(summary, wallTimes);
        ReportPlots.Speedups(summary, speedup);
        ReportPlots.Iterations(summary, iterations);
        return [wallTimes, speedup, iterations];
    }
}
