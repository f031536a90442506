using System.Globalization;
using Ruchy.Experiments.Harness;
using ScottPlot;

namespace Ruchy.Experiments.Reports;

/// <summary>The report's three plots, drawn with ScottPlot 5 from the summary's stored samples only.</summary>
internal static class ReportPlots
{
    private const int Width = 1000, Height = 520, MaxWidth = 2400;

    /// <summary>Category10 up to ten configurations, else Category20, so arms past the tenth get colours of their own.</summary>
    private static IPalette Palette(int configurations) =>
        configurations <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();

    /// <summary>Wider pictures for many boxes or points (a dozen arms on eight workloads), so they stay apart.</summary>
    private static int WidthFor(int slots) => Math.Clamp(slots * 14, Width, MaxWidth);

    /// <summary>Beside the plot when there are many entries (they would cover the data), else in its corner.</summary>
    private static void Legend(Plot plot, int entries)
    {
        if (entries > 6) plot.ShowLegend(Edge.Right);
        else plot.ShowLegend(Alignment.UpperRight);
    }
    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;

    /// <summary>
    /// Per-iteration wall time (warmup excluded) as a box per workload and configuration with every
    /// iteration drawn over it. The axis is logarithmic because workloads differ by orders of magnitude.
    /// </summary>
    public static void WallTimes(A3Summary d, string path)
    {
        var plot = new Plot();
        int levels = d.Configurations.Count;
        var palette = Palette(levels);
        var random = new Random(d.Experiment.Seed); // deterministic jitter: the same data draws the same picture
        var all = new List<double>();
        for (int j = 0; j < levels; j++)
        {
            var configuration = d.Configurations[j];
            var color = palette.GetColor(j);
            var boxes = new List<Box>();
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < d.Workloads.Count; i++)
            {
                var values = d.Runs.Where(r => r.ExitCode == 0 && r.Workload == d.Workloads[i] && r.Configuration == configuration.Label)
                    .SelectMany(r => r.Samples.Where(s => !s.Warmup)).Select(s => Math.Log10(s.WallNs / 1e6)).Order().ToArray();
                if (values.Length == 0) continue;
                double x = i * (levels + 1) + j;
                boxes.Add(new Box
                {
                    Position = x,
                    BoxMin = Quantile(values, 0.25),
                    BoxMiddle = Quantile(values, 0.5),
                    BoxMax = Quantile(values, 0.75),
                    WhiskerMin = values[0],
                    WhiskerMax = values[^1],
                    Width = 0.7,
                    FillColor = color.WithAlpha(0.35),
                    LineColor = color,
                });
                foreach (var v in values)
                {
                    xs.Add(x + (random.NextDouble() - 0.5) * 0.4);
                    ys.Add(v);
                }
                all.AddRange(values);
            }
            var boxPlot = plot.Add.Boxes(boxes);
            boxPlot.LegendText = configuration.Label + (configuration.IsBaseline ? $" ({d.ReferenceWord})" : "");
            var points = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 3, color.WithAlpha(0.6));
            points.LegendText = "";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, d.Workloads.Count).Select(i => i * (levels + 1) + (levels - 1) / 2.0).ToArray(), d.Workloads.ToArray());
        if (all.Count > 0) plot.Axes.Left.TickGenerator = LogTicks(all.Min(), all.Max());
        plot.Axes.SetLimitsX(-1, d.Workloads.Count * (levels + 1) - 1);
        plot.Title($"{d.Experiment.ExperimentId}: wall time per iteration (warmup excluded)");
        plot.YLabel("wall time per iteration (ms, log scale)");
        Legend(plot, levels);
        plot.SavePng(path, WidthFor(d.Workloads.Count * (levels + 1)), Height);
    }

    /// <summary>Speedup (baseline / treatment, the inverse Hodges–Lehmann ratio) per comparison with its 95% interval, against 1 and the predicted speedup.</summary>
    public static void Speedups(A3Summary d, string path)
    {
        var plot = new Plot();
        var cs = d.Comparisons;
        var treatments = cs.Select(c => c.Treatment).Distinct().ToList();
        bool manyTreatments = treatments.Count > 1;
        // Several treatments: grouped by workload, one colour per treatment as in the wall-time plot; one: a point per workload.
        var workloadsShown = cs.Select(c => c.Workload).Distinct().ToList();
        var xs = cs.Select((c, i) => manyTreatments ? workloadsShown.IndexOf(c.Workload) * (treatments.Count + 1) + treatments.IndexOf(c.Treatment) : (double)i).ToArray();
        var ys = cs.Select(c => c.Speedup).ToArray();
        double xMax = xs.DefaultIfEmpty(0).Max();
        if (cs.Count > 0)
        {
            var bars = plot.Add.ErrorBar(xs, ys, ys.Select(_ => 0.0).ToArray());
            bars.YErrorPositive = cs.Select(c => 1 / c.CiLow - c.Speedup).ToArray();
            bars.YErrorNegative = cs.Select(c => c.Speedup - 1 / c.CiHigh).ToArray();
            bars.CapSize = manyTreatments ? 4 : 10;
            bars.LineWidth = manyTreatments ? 1 : 2;
            bars.Color = Colors.Black;
            if (manyTreatments)
            {
                var palette = Palette(d.Configurations.Count);
                var labels = d.Configurations.Select(c => c.Label).ToList();
                foreach (var t in treatments)
                {
                    var mine = cs.Select((c, i) => (c, i)).Where(p => p.c.Treatment == t).ToList();
                    var points = plot.Add.Markers(mine.Select(p => xs[p.i]).ToArray(), mine.Select(p => ys[p.i]).ToArray(), MarkerShape.FilledCircle, 7,
                        palette.GetColor(Math.Max(0, labels.IndexOf(t))));
                    points.LegendText = t;
                }
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    workloadsShown.Select((_, i) => i * (treatments.Count + 1) + (treatments.Count - 1) / 2.0).ToArray(), workloadsShown.ToArray());
            }
            else
            {
                var points = plot.Add.Markers(xs, ys, MarkerShape.FilledCircle, 9, Colors.Blue);
                points.LegendText = "speedup, 95% CI";
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, cs.Select(c => c.Workload).ToArray());
            }
        }
        else
        {
            plot.Add.Text(d.Failure ?? "no comparisons", 0, 1);
        }
        var same = plot.Add.HorizontalLine(1, 1, Colors.Gray, LinePattern.Solid);
        same.LegendText = "no difference (1x)";
        // While blind the reference need not be the baseline, so the prediction would be drawn against the wrong arm.
        if (d.Definition.Hypothesis!.ExpectedSpeedup is double s && !d.Blinded)
        {
            var predicted = plot.Add.HorizontalLine(s, 2, Colors.Red, LinePattern.Dashed);
            predicted.LegendText = $"predicted ≥ {s.ToString("0.###", Ic)}x";
        }
        var top = cs.Select(c => 1 / c.CiLow).Append(d.Definition.Hypothesis.ExpectedSpeedup ?? 1).Append(1).Max();
        var bottom = cs.Select(c => 1 / c.CiHigh).Append(1).Min();
        plot.Axes.SetLimitsY(Math.Max(0, bottom - 0.15 * (top - bottom) - 0.1), top + 0.15 * (top - bottom) + 0.1);
        plot.Axes.SetLimitsX(-0.6, Math.Max(xMax, 0) + 0.6);
        string baseline = d.Reference.Label;
        plot.Title($"{d.Experiment.ExperimentId}: speedup over {baseline}{(d.Blinded ? " (reference, blind)" : "")} on {d.MetricName}");
        plot.YLabel($"{baseline} / treatment (x)");
        Legend(plot, treatments.Count + 2);
        plot.SavePng(path, WidthFor((int)xMax + 2), Height);
    }

    /// <summary>
    /// Wall time of every iteration (warmup included) of every process run as one line per run, coloured by
    /// configuration, with the workloads side by side along x (each its own block of iterations, the axis
    /// logarithmic). Protocol warmup iterations are open circles; a diamond marks where
    /// <see cref="SteadyState"/> puts the steady state's start.
    /// </summary>
    public static void Iterations(A3Summary d, string path)
    {
        var plot = new Plot();
        var palette = Palette(d.Configurations.Count);
        var warmups = d.Warmups;
        int width = warmups.Select(w => w.WallNs.Count).DefaultIfEmpty(1).Max();
        int gap = Math.Max(2, width / 5);
        double Offset(string workload) => d.Workloads.ToList().IndexOf(workload) * (width + gap);
        var all = new List<double>();
        var labelled = new HashSet<string>();
        bool steadyLabelled = false, warmLabelled = false;
        foreach (var w in warmups)
        {
            if (w.WallNs.Count == 0) continue;
            int j = Math.Max(0, d.Configurations.Select(c => c.Label).ToList().IndexOf(w.Run.Configuration));
            var color = palette.GetColor(j);
            double offset = Offset(w.Run.Workload);
            var iterations = w.Run.Samples.OrderBy(s => s.Iteration).ToList();
            var xs = iterations.Select((_, i) => offset + i).ToArray();
            var ys = w.WallNs.Select(ns => Math.Log10(Math.Max(ns, 1) / 1e6)).ToArray();
            all.AddRange(ys);
            var line = plot.Add.Scatter(xs, ys, color.WithAlpha(0.7));
            line.MarkerSize = 3;
            line.LineWidth = 1;
            line.LegendText = labelled.Add(w.Run.Configuration)
                ? w.Run.Configuration + (d.Configurations.Any(c => c.Label == w.Run.Configuration && c.IsBaseline) ? $" ({d.ReferenceWord})" : "")
                : "";
            var warm = iterations.Select((s, i) => (s, i)).Where(p => p.s.Warmup).ToList();
            if (warm.Count > 0)
            {
                var marks = plot.Add.Markers(warm.Select(p => xs[p.i]).ToArray(), warm.Select(p => ys[p.i]).ToArray(), MarkerShape.OpenCircle, 8, color);
                marks.LegendText = warmLabelled ? "" : "protocol warmup iteration";
                warmLabelled = true;
            }
            if (w.Result.SteadyStart is int start && w.Result.Class != SteadyStateClass.Flat)
            {
                var mark = plot.Add.Markers(new[] { xs[start] }, new[] { ys[start] }, MarkerShape.FilledDiamond, 11, color);
                mark.LegendText = steadyLabelled ? "" : "steady state starts";
                steadyLabelled = true;
            }
        }
        for (int i = 1; i < d.Workloads.Count; i++)
            plot.Add.VerticalLine(i * (width + gap) - gap / 2.0, 1, Colors.Gray, LinePattern.Dotted);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, d.Workloads.Count).Select(i => i * (width + gap) + (width - 1) / 2.0).ToArray(),
            d.Workloads.Select(w => $"{w}\n(iterations 0–{(width - 1).ToString(Ic)})").ToArray());
        if (all.Count > 0) plot.Axes.Left.TickGenerator = LogTicks(all.Min(), all.Max());
        plot.Axes.SetLimitsX(-1, Math.Max(1, d.Workloads.Count) * (width + gap) - gap);
        plot.Title($"{d.Experiment.ExperimentId}: wall time per iteration, every process run (warmup included)");
        plot.YLabel("wall time per iteration (ms, log scale)");
        Legend(plot, d.Configurations.Count + 2);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Ticks at 1-2-5 multiples of powers of ten (every integer mantissa when the range is narrow) on a log10 axis.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int[] mantissas in new[] { new[] { 1, 2, 5 }, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 } })
        {
            var chosen = new List<double>();
            for (int e = (int)Math.Floor(min) - 1; e <= (int)Math.Ceiling(max) + 1; e++)
                foreach (int m in mantissas)
                {
                    double v = m * Math.Pow(10, e);
                    if (Math.Log10(v) >= min - 0.05 && Math.Log10(v) <= max + 0.05) chosen.Add(v);
                }
            if (chosen.Count < 3 && mantissas.Length < 9) continue;
            foreach (var v in chosen) ticks.AddMajor(Math.Log10(v), v.ToString("G3", Ic));
            break;
        }
        return ticks;
    }

    /// <summary>Type-7 quantile of sorted values.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
