using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;
using Ruchy.Experiments.Reports.Exporters;

namespace Ruchy.Tests.Experiments;

/// <summary>The A3 report from a store filled with synthetic samples (no processes are run).</summary>
public sealed class ReportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("ruchy-report-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string Definition = """
        id: synth
        title: Synthetic register vs AST
        background: samples written by the test, not measured
        hypothesis:
          text: the register VM reduces wall time by at least 1.5x
          metric: wall_time
          expected_speedup: 1.5
        factors:
          engine:
            levels: [ast, register]
            baseline: ast
        workloads:
          - path: datasets/micro/fibonacci.ruchy
            size: quick
          - path: datasets/awfy/sieve.ruchy
            size: quick
        metrics: [wall_time]
        design:
          process_runs: 3
          iterations: 5
          warmup_iterations: 1
          seed: 11
        """;

    private static readonly string[] Workloads = ["micro/fibonacci", "awfy/sieve"];

    /// <summary>A store with one execution: the register arm takes half the AST arm's time on every workload.</summary>
    private static string Fill(ResultStore store, DateTime started)
    {
        string key = $"synth@{started:yyyyMMdd'T'HHmmss.fff'Z'}";
        store.AddExperiment(new ExperimentRecord(key, "synth", "Synthetic register vs AST", "/x/synth.yaml", Definition, 11, true, "abc123", started));
        var random = new Random(5);
        var environment = MeasureProtocol.Write(new MeasureEnvironment { Dotnet = ".NET 10.0.0", TieredCompilation = "default", TieredPgo = "default", Os = "Linux", Cpu = "test cpu" });
        int seq = 0;
        for (int run = 0; run < 3; run++)
            for (int w = 0; w < Workloads.Length; w++)
                foreach (var (configuration, scale) in new[] { ("engine=ast", 1.0), ("engine=register", 0.5) })
                {
                    double baseNs = (w + 1) * 10e6;
                    var samples = Enumerable.Range(0, 6).Select(i => new StoredSample(i, i == 0,
                        (long)(baseNs * scale * (i == 0 ? 1.5 : 1 + 0.02 * random.NextDouble())), 1000, 4096, 0, 0, 0, 0)).ToList();
                    store.AddRun(new RunRecord(key, seq++, Workloads[w], 20, configuration, run, environment, "abc123", [0.5], [0.6], 0, null, samples));
                }
        return key;
    }

    [Fact]
    public void ReportHasHypothesisRowsVerdictAndPlots()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc));
        var files = A3Report.Write(store, key, Path.Combine(dir, "out"));

        string md = File.ReadAllText(files.Markdown);
        Assert.Contains("the register VM reduces wall time by at least 1.5x", md);
        foreach (var w in Workloads) Assert.Contains($"| {w} | engine=register |", md);
        Assert.Contains("**supported**", md);
        Assert.Contains("**Supported** on every workload", md);
        Assert.Contains(".NET 10.0.0", md);
        Assert.Contains("tiered PGO", md);
        Assert.Contains("abc123", md);
        Assert.Contains($"ruchy experiment report {key}", md);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Contains("## Warmup", md);
        Assert.Contains("| micro/fibonacci | engine=ast | too short ×3 | not classified | – |", md);
        Assert.Contains("12 of 12 process runs were too short to classify", md);
        Assert.Contains($"]({A3Report.IterationsPlotName})", md);
        foreach (var plot in new[] { files.WallTimesPlot, files.SpeedupPlot, files.IterationsPlot })
        {
            Assert.True(File.Exists(plot), plot);
            Assert.Equal(png, File.ReadAllBytes(plot).Take(8).ToArray());
        }
    }

    [Fact]
    public void HtmlReportIsSelfContainedWithTablesAndInlinedPlots()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc));
        var files = A3Report.Write(store, key, Path.Combine(dir, "out"));

        string html = File.ReadAllText(files.Html);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<td>micro/fibonacci</td>", html);
        Assert.Contains("size: A3 landscape", html);
        // Every plot inlined, none left as a relative link that breaks when the file travels alone.
        Assert.Equal(3, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.DoesNotContain(".png\"", html);
        var first = html.IndexOf("base64,", StringComparison.Ordinal) + 7;
        Assert.Equal(Convert.ToBase64String(File.ReadAllBytes(files.WallTimesPlot)), html[first..html.IndexOf('"', first)]);
    }

    [Fact]
    public void WarmupSectionClassifiesEveryProcessRunIncludingWarmupIterations()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = "synth@20261125T023000.000Z";
        store.AddExperiment(new ExperimentRecord(key, "synth", "Synthetic register vs AST", "/x/synth.yaml", Definition, 11, false, "abc123",
            new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc)));
        var random = new Random(9);
        int seq = 0;
        for (int run = 0; run < 3; run++)
            foreach (var w in Workloads)
                foreach (var configuration in new[] { "engine=ast", "engine=register" })
                {
                    // ast: 5 slow iterations (the first flagged as protocol warmup) then fast — warmup in every run.
                    // register: flat, except run 2 on sieve which slows down after iteration 10.
                    var samples = Enumerable.Range(0, 30).Select(i =>
                    {
                        double level = configuration == "engine=ast" ? (i < 5 ? 30e6 : 10e6)
                            : w == "awfy/sieve" && run == 2 && i >= 10 ? 8e6 : 5e6;
                        return new StoredSample(i, i == 0, (long)(level * (1 + 0.01 * random.NextDouble())), 1000, 4096, 0, 0, 0, 0);
                    }).ToList();
                    store.AddRun(new RunRecord(key, seq++, w, 20, configuration, run, "", "abc123", [0.5], [0.6], 0, null, samples));
                }
        var files = A3Report.Write(store, key, Path.Combine(dir, "out"));
        string md = File.ReadAllText(files.Markdown);
        Assert.Contains("| micro/fibonacci | engine=ast | warmup ×3 | consistent warmup | 5, 5, 5 |", md);
        Assert.Contains("| micro/fibonacci | engine=register | flat ×3 | consistent flat | 0, 0, 0 |", md);
        Assert.Contains("| awfy/sieve | engine=register | flat ×2, slowdown ×1 | inconsistent | 0, 0, 10 |", md);
        Assert.Contains("0 of 12 process runs were too short to classify", md);
        Assert.True(new FileInfo(files.IterationsPlot).Length > 1000);
    }

    [Fact]
    public void MarkdownExporterAloneWritesOnlyReportMdFromTheSummary()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc));
        var summary = A3Analysis.Summarize(store, key);
        Assert.Equal(store.Path, summary.StorePath);

        string alone = Path.Combine(dir, "alone");
        var written = new MarkdownExporter().Export(summary, alone);
        Assert.Equal([Path.Combine(alone, A3Report.MarkdownName)], written);
        Assert.Equal([A3Report.MarkdownName], Directory.GetFiles(alone).Select(Path.GetFileName));
        // The same text as the full report: the exporter needs nothing but the summary.
        Assert.Equal(File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "full")).Markdown), File.ReadAllText(written[0]));
    }

    [Fact]
    public void ExperimentIdMeansItsLatestRunAndTheReportIsReproducible()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        Fill(store, new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc));
        string latest = Fill(store, new DateTime(2026, 11, 26, 2, 30, 0, DateTimeKind.Utc));
        Assert.Equal(latest, store.FindExperiment("synth")!.Key);
        Assert.Null(store.FindExperiment("other"));

        var first = File.ReadAllText(A3Report.Write(store, "synth", Path.Combine(dir, "a")).Markdown);
        var second = File.ReadAllText(A3Report.Write(store, latest, Path.Combine(dir, "b")).Markdown);
        Assert.Contains(latest, first);
        Assert.Equal(first, second);
        Assert.Equal(Path.Combine(dir, "reports", "synth"), A3Report.DefaultDirectory(store, "synth"));
    }

    [Fact]
    public void A3SectionsComeInOrderWithEffectSizeFollowUpAndReproduceLast()
    {
        using var store = new ResultStore(Path.Combine(dir, "lab.duckdb"));
        string key = Fill(store, new DateTime(2026, 11, 25, 2, 30, 0, DateTimeKind.Utc));
        string md = File.ReadAllText(A3Report.Write(store, key, Path.Combine(dir, "out")).Markdown);

        int previous = -1;
        foreach (var section in new[] { "Background", "Current condition", "Goal", "Analysis", "Countermeasure", "Results", "Follow-up", "Reproduce" })
        {
            int at = md.IndexOf($"\n## {section}\n", StringComparison.Ordinal);
            Assert.True(at > previous, $"section {section} missing or out of order");
            previous = at;
        }
        Assert.Equal(8, md.Split("\n## ").Length - 1);
        Assert.Equal(["Background", "Current condition", "Goal", "Analysis", "Countermeasure", "Results", "Follow-up", "Reproduce"], A3Report.Sections);

        string Section(string name)
        {
            int start = md.IndexOf($"\n## {name}\n", StringComparison.Ordinal);
            int end = md.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
            return end < 0 ? md[start..] : md[start..end];
        }
        // Current condition: the baseline's own numbers (10 ms on fibonacci, 20 ms on sieve).
        Assert.Matches(@"\| micro/fibonacci \| 20 \| 10\.\d\d \| 3 \|", Section("Current condition"));
        Assert.Matches(@"\| awfy/sieve \| 20 \| 20\.\d\d \| 3 \|", Section("Current condition"));
        // Analysis: every register value is below every AST value, so Cliff's delta is −1, a large effect.
        Assert.Contains("| -1.00 | large |", Section("Analysis"));
        Assert.Contains("Cliff's δ", Section("Analysis"));
        Assert.Contains("### Warmup", Section("Analysis"));
        Assert.Contains("switch `engine`: levels `ast` (baseline), `register`", Section("Countermeasure"));
        Assert.Contains("**Supported** on every workload", Section("Results"));
        // Follow-up is generated from the results: a quick-profile success asks for the full profile; too-short runs for more iterations.
        Assert.Contains("confirm with the full profile", Section("Follow-up"));
        Assert.Contains("increase iterations to at least 10", Section("Follow-up"));
        Assert.Contains($"ruchy experiment report {key}", Section("Reproduce"));
        Assert.Matches("Data checksum[^`]*`[0-9a-f]{64}`", Section("Reproduce"));
        Assert.DoesNotContain("Blind", md);
    }
}
