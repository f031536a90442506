using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ruchy.Experiments.Harness;
using Ruchy.Experiments.Reports;
using Ruchy.Text;
using System.Runtime.CompilerServices;
using ScottPlot;
using Ruchy.Switches;

namespace Ruchy.Notebook;

/// <summary>
/// Magics that drive the experiment harness from a notebook: run an experiment file (progress shown
/// while it runs, the A3 report inline at the end), show a stored report, and a quick two-arm
/// in-process comparison of the cell's code under two switch settings.
/// </summary>
internal static class HarnessMagics
{
    public static void Register(MagicRegistry registry)
    {
        registry.Add(new Magic("experiment", MagicKind.Line, "%experiment run FILE [--quick]",
            "Run an experiment file with the harness (out-of-process runs, randomized order, statistics, result store); progress is shown as runs finish and the A3 report is displayed at the end.",
            Experiment));
        registry.Add(new Magic("report", MagicKind.Line, "%report ID [--store PATH]",
            "Show the A3 report of a stored experiment execution (its key, or an experiment id for its latest execution).",
            Report));
        registry.Add(new Magic("compare", MagicKind.Cell, "%%compare [--blind] [--rounds N] CONFIG_A CONFIG_B then code",
            "Quick in-process comparison of the cell's code under two settings (e.g. engine=ast engine=register; several switches joined by commas). Each arm is prepared once; rounds in randomized ABBA order timed by the harness's timing loop, Hodges–Lehmann ratio with a bootstrap interval and Mann–Whitney test from the harness, and a box plot. A is the baseline. --blind shows the arms as X and Y under the harness's blind seal and prints its SHA-256 commitment; %unblind reveals them.",
            Compare));
        registry.Add(new Magic("unblind", MagicKind.Line, "%unblind",
            "Reveal which settings were X and Y in the last blind %%compare, with the salt that checks its commitment.",
            Unblind));
    }

    private static string StorePath(NotebookSession session, string? explicitPath, string? near = null) =>
        explicitPath ?? ResultStore.DefaultPathFor(near ?? session.WorkingDirectory);

    private static CellResult? Experiment(MagicCall call)
    {
        var words = call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || words[0] != "run") throw new MagicException("usage: %experiment run FILE [--quick]");
        string path = Path.GetFullPath(Path.Combine(call.Session.WorkingDirectory, words[1]));
        bool quick = Array.IndexOf(words, "--quick") >= 0;
        ExperimentFile file;
        try
        {
            file = ExperimentFile.Load(path);
        }
        catch (ExperimentFileException e)
        {
            throw new MagicException(e.Message);
        }
        using var store = new ResultStore(StorePath(call.Session, null, path));
        var options = new RunnerOptions
        {
            Quick = quick,
            Store = store,
            OnRunFinished = p => call.Output.Write(OutputStream.Stdout, p.Line + "\n"),
        };
        var result = new ExperimentRunner(file, options).Run();
        call.Output.Write(OutputStream.Stdout, $"stored as {result.Experiment.Key} in {store.Path}\n");
        return ShowReport(store, result.Experiment.Key);
    }

    private static CellResult? Report(MagicCall call)
    {
        var words = call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new MagicException("usage: %report ID [--store PATH]");
        int storeAt = Array.IndexOf(words, "--store");
        string? explicitStore = storeAt >= 0 && storeAt + 1 < words.Length ? Path.GetFullPath(Path.Combine(call.Session.WorkingDirectory, words[storeAt + 1])) : null;
        string path = StorePath(call.Session, explicitStore);
        if (!File.Exists(path)) throw new MagicException($"no results database at {path}; run an experiment first or give --store PATH");
        using var store = new ResultStore(path);
        if (store.FindExperiment(words[0]) == null) throw new MagicException($"no experiment '{words[0]}' in {path}; %experiment run FILE stores one");
        return ShowReport(store, words[0]);
    }

    /// <summary>Writes the A3 report and returns it as the cell's value: the self-contained HTML page, and the Markdown as text.</summary>
    private static CellResult ShowReport(ResultStore store, string key)
    {
        var files = A3Report.Write(store, key);
        string markdown = File.ReadAllText(files.Markdown);
        var bundle = new MimeBundle(markdown).With("text/html", A3Report.HtmlFragment(files));
        return CellResult.Ok(bundle);
    }

    // ------------------------------------------------------------------ compare

    /// <summary>The seal of each session's last blind %%compare (the harness's seal: X/Y labels, salted SHA-256 commitment).</summary>
    private static readonly ConditionalWeakTable<NotebookSession, BlindSeal> Seals = new();

    private static CellResult? Compare(MagicCall call)
    {
        var session = call.Session;
        var words = call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool blind = false;
        int rounds = 10;
        var arms = new List<string>();
        for (int i = 0; i < words.Length; i++)
        {
            if (words[i] == "--blind") blind = true;
            else if (words[i] == "--rounds")
            {
                if (++i >= words.Length || !int.TryParse(words[i], NumberStyles.None, CultureInfo.InvariantCulture, out rounds) || rounds < 2)
                    throw new MagicException("--rounds takes a whole number of at least 2");
            }
            else arms.Add(words[i]);
        }
        if (arms.Count != 2) throw new MagicException("usage: %%compare [--blind] [--rounds N] CONFIG_A CONFIG_B, e.g. %%compare engine=ast engine=register");
        if (session.Language == CellLanguage.Metta) throw new MagicException("%%compare measures Ruchy code; the MeTTa switches are compared with experiment files");
        var optionsA = Configure(session.Options, arms[0]);
        var optionsB = Configure(session.Options, arms[1]);
        string code = call.Body!;
        if (code.Trim().Length == 0) throw new MagicException("nothing to compare: put the code below %%compare");

        // Each arm is compiled and prepared once; every sample then times runs only.
        var source = SourceText.From(code, "<compare>");
        var programA = session.PrepareRuchy(source, optionsA, out var failure);
        if (programA == null) return failure;
        var programB = session.PrepareRuchy(source, optionsB, out failure);
        if (programB == null) return failure;

        // Loops per sample: the first power of ten taking >= 20 ms on the slower-looking arm A (also warms both up).
        int loops = 1;
        for (; loops < 1_000_000_000; loops *= 10)
        {
            var (a, errorA) = session.TimeRuchy(programA, 1, loops);
            if (errorA != null) return errorA;
            var (_, errorB) = session.TimeRuchy(programB, 1, loops);
            if (errorB != null) return errorB;
            if (a[0].WallSeconds >= 0.02) break;
        }
        const int SamplesPerRound = 5;
        int seed = RandomNumberGenerator.GetInt32(int.MaxValue);
        var random = new Random(seed);
        var runsA = new List<double[]>();
        var runsB = new List<double[]>();
        for (int round = 0; round < rounds; round++)
        {
            // ABBA blocks with a random start: drifts in machine speed hit both arms alike.
            bool aFirst = (round % 2 == 0) == (random.Next(2) == 0);
            foreach (bool isA in aFirst ? new[] { true, false } : new[] { false, true })
            {
                var (taken, error) = session.TimeRuchy(isA ? programA : programB, SamplesPerRound, loops);
                if (error != null) return error;
                var samples = new double[taken.Length];
                for (int s = 0; s < taken.Length; s++) samples[s] = taken[s].WallNsPerLoop;
                (isA ? runsA : runsB).Add(samples);
            }
        }

        string labelA = arms[0], labelB = arms[1];
        if (blind)
        {
            var seal = BlindSeal.Create("%%compare", arms);
            Seals.AddOrUpdate(session, seal);
            // Two equal configurations share one mapping entry's label; the other arm takes the other letter.
            labelA = seal.LabelOf(arms[0]);
            labelB = labelA == "X" ? "Y" : "X";
            // X is the reference and shown first, so that the baseline's position gives nothing away.
            if (labelA != "X")
            {
                (runsA, runsB) = (runsB, runsA);
                (labelA, labelB) = (labelB, labelA);
            }
            call.Output.Write(OutputStream.Stdout, $"blind: arms shown as X and Y; commitment sha256={seal.Commitment} (%unblind reveals them)\n");
        }
        var c = Statistics.Compare("cell", labelA, labelB, "wall_time", runsA, runsB, null, seed);
        string verdict = c.Verdict switch
        {
            Verdict.Faster => $"{labelB} is faster than {labelA}",
            Verdict.Slower => $"{labelB} is slower than {labelA}",
            _ => "no detectable difference",
        };
        var text = new StringBuilder();
        text.Append($"{labelA}: median {TimeitMagic.FormatTime(c.BaselineMedian / 1e9)} per run of the code ({c.BaselineCount} samples)\n");
        text.Append($"{labelB}: median {TimeitMagic.FormatTime(c.TreatmentMedian / 1e9)} per run of the code ({c.TreatmentCount} samples)\n");
        text.Append($"{labelB}/{labelA} time ratio (Hodges–Lehmann) {c.Ratio:0.###} [{c.CiLow:0.###}, {c.CiHigh:0.###}] at {c.Confidence:P0}; speedup {c.Speedup:0.##}x; Mann–Whitney p={c.AdjustedPText}\n");
        text.Append($"verdict: {verdict}\n");
        text.Append($"design: {rounds} rounds in randomized ABBA order x {SamplesPerRound} samples of {loops} loop(s), in process, seed {seed}\n");
        text.Append($"[{TimeitMagic.RuntimeSettings(session, withSwitches: !blind)}]");
        var bundle = new MimeBundle(text.ToString());
        var plot = BoxPlot(labelA, runsA, labelB, runsB);
        bundle.With("image/png", Convert.ToBase64String(plot.GetImageBytes(640, 400, ImageFormat.Png)));
        bundle.With("image/svg+xml", plot.GetSvgXml(640, 400));
        return CellResult.Ok(bundle);
    }

    private static RunOptions Configure(RunOptions start, string configuration)
    {
        var options = start;
        foreach (var assignment in configuration.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (SwitchRegistry.IsHostSwitch(assignment))
                throw new MagicException($"{assignment}: host switches need a fresh process per run; compare them with an experiment file (%experiment run)");
            try
            {
                options = SessionMagics.Apply(options, assignment);
            }
            catch (MagicException e)
            {
                throw new MagicException($"{configuration}: {e.Message}");
            }
        }
        return options;
    }

    private static CellResult? Unblind(MagicCall call)
    {
        if (!Seals.TryGetValue(call.Session, out var seal)) throw new MagicException("no blind %%compare in this session to unblind");
        var text = new StringBuilder();
        foreach (var m in seal.Mapping) text.Append($"{m.Label} = {m.Configuration}\n");
        text.Append($"salt = {Convert.ToHexStringLower(seal.Salt)}\n");
        text.Append($"commitment sha256={seal.Commitment} ({(seal.Verifies() ? "verified" : "DOES NOT MATCH")})");
        return CellResult.Ok(new MimeBundle(text.ToString()));
    }

    private static Plot BoxPlot(string labelA, List<double[]> runsA, string labelB, List<double[]> runsB)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var names = new[] { labelA, labelB };
        var arms = new[] { runsA, runsB };
        for (int i = 0; i < 2; i++)
        {
            var values = new List<double>();
            foreach (var run in arms[i]) values.AddRange(run);
            values.Sort();
            double Q(double p) => values[(int)Math.Round(p * (values.Count - 1))] / 1e6;
            var color = palette.GetColor(i);
            var box = plot.Add.Box(new Box
            {
                Position = i,
                BoxMin = Q(0.25),
                BoxMiddle = Q(0.5),
                BoxMax = Q(0.75),
                WhiskerMin = Q(0),
                WhiskerMax = Q(1),
                Width = 0.6,
                FillColor = color.WithAlpha(0.35),
                LineColor = color,
            });
            box.LegendText = names[i];
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1], names);
        plot.YLabel("time per run of the code (ms)");
        plot.Title("%%compare");
        return plot;
    }
}
