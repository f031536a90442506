using System.Globalization;
using System.Runtime;
using System.Text;
using Ruchy.Experiments.Measurement;
using Ruchy.Text;
using Ruchy.Values;
using Ruchy.Switches;

namespace Ruchy.Notebook;

/// <summary>
/// <c>%timeit</c> / <c>%%timeit</c> with IPython's semantics: without <c>-n</c> the loop count is the
/// first power of ten whose loops take at least 0.2 s (those calibration runs also warm up the host
/// JIT); then <c>-r</c> runs (7) of that many loops; the result is the mean ± standard deviation of
/// the per-loop time over the runs. <c>-o</c> makes the per-loop times (seconds) the cell's value and
/// the Ruchy variable <c>_timeit</c>; <c>-q</c> prints nothing. Output of the timed code is discarded.
/// Ruchy code is compiled and prepared once; every run is a sample of <see cref="TimingLoop"/> (N loops timed together).
/// </summary>
internal static class TimeitMagic
{
    private const double MinimumCalibrationSeconds = 0.2;

    public static void Register(MagicRegistry registry) =>
        registry.Add(new Magic("timeit", MagicKind.Both, "%timeit [-n N] [-r R] [-o] [-q] CODE   |   %%timeit [-n N] [-r R] [-o] [-q] [SETUP] then code",
            "Time code on the current engine and switches, as IPython does: auto loop count (first power of 10 taking >= 0.2 s), 7 runs, mean ± std per loop. -o returns the per-loop times and stores them in _timeit.",
            Run));

    private sealed record Settings(int? Loops, int Runs, bool ReturnSamples, bool Quiet, string Rest);

    private static Settings Parse(string arguments)
    {
        int? loops = null;
        int runs = 7;
        bool returnSamples = false, quiet = false;
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        for (; i < words.Length; i++)
        {
            string w = words[i];
            if (w == "-o") returnSamples = true;
            else if (w == "-q") quiet = true;
            else if (w.StartsWith("-n", StringComparison.Ordinal) || w.StartsWith("-r", StringComparison.Ordinal))
            {
                string number = w.Length > 2 ? w[2..] : (++i < words.Length ? words[i] : "");
                if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                    throw new MagicException($"{w[..2]} takes a positive whole number, not '{number}'");
                if (w[1] == 'n') loops = n;
                else runs = n;
            }
            else break;
        }
        return new Settings(loops, runs, returnSamples, quiet, string.Join(' ', words, i, words.Length - i));
    }

    private static CellResult? Run(MagicCall call)
    {
        var settings = Parse(call.Arguments);
        var session = call.Session;
        string code = call.Body ?? settings.Rest;
        if (code.Trim().Length == 0) throw new MagicException("nothing to time: %timeit CODE, or %%timeit with code below");
        if (call.Body != null && settings.Rest.Length > 0)
        {
            var setup = session.ExecuteCode(settings.Rest, session.Language, call.Output);
            if (setup.Status != CellStatus.Ok) return setup;
        }

        var time = Timer(session, code, out var failure);
        if (time == null) return failure;
        int loops = settings.Loops ?? 0;
        if (settings.Loops == null)
        {
            for (loops = 1; ; loops *= 10)
            {
                var (calibration, error) = time(1, loops);
                if (error != null) return error;
                if (calibration[0].WallSeconds >= MinimumCalibrationSeconds || loops >= 1_000_000_000) break;
            }
        }
        var (runs, runError) = time(settings.Runs, loops);
        if (runError != null) return runError;
        var perLoop = new double[runs.Length];
        for (int r = 0; r < runs.Length; r++) perLoop[r] = runs[r].WallSeconds / loops;

        double mean = 0;
        foreach (var x in perLoop) mean += x;
        mean /= perLoop.Length;
        double variance = 0;
        foreach (var x in perLoop) variance += (x - mean) * (x - mean);
        // IPython reports the population standard deviation of the runs.
        double std = Math.Sqrt(variance / perLoop.Length);
        string runsText = settings.Runs == 1 ? "1 run" : $"{settings.Runs} runs";
        string loopsText = loops == 1 ? "1 loop each" : $"{loops.ToString("N0", CultureInfo.InvariantCulture)} loops each";
        string summary = settings.Runs == 1
            ? $"{FormatTime(mean)} per loop (mean of {runsText}, {loopsText})"
            : $"{FormatTime(mean)} ± {FormatTime(std)} per loop (mean ± std. dev. of {runsText}, {loopsText})";
        string context = $"[{RuntimeSettings(session)}]";
        if (!settings.Quiet) call.Output.Write(OutputStream.Stdout, summary + "\n" + context + "\n");
        if (!settings.ReturnSamples) return null;

        var samples = new RArray(perLoop.Length);
        foreach (var x in perLoop) samples.Add(Value.FromFloat(x));
        session.Ruchy.SetVariable("_timeit", Value.FromArray(samples));
        var text = new StringBuilder("[");
        for (int i = 0; i < perLoop.Length; i++) text.Append(i > 0 ? ", " : "").Append(perLoop[i].ToString("R", CultureInfo.InvariantCulture));
        text.Append(']');
        return CellResult.Ok(new MimeBundle(text.ToString()).With("application/json",
            $"{{\"loops\":{loops},\"runs\":{settings.Runs},\"per_loop_seconds\":{text},\"mean\":{mean.ToString("R", CultureInfo.InvariantCulture)},\"std\":{std.ToString("R", CultureInfo.InvariantCulture)}}}"));
    }

    /// <summary>The engine, switches and host JIT settings the figure was measured under.</summary>
    internal static string RuntimeSettings(NotebookSession session) => RuntimeSettings(session, withSwitches: true);

    /// <summary>Without the switches for blind comparisons, whose arms differ in them.</summary>
    internal static string RuntimeSettings(NotebookSession session, bool withSwitches)
    {
        string tiered = AppContext.TryGetSwitch("System.Runtime.TieredCompilation", out bool tc) ? (tc ? "on" : "off") : (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "0" ? "off" : "on");
        string pgo = AppContext.TryGetSwitch("System.Runtime.TieredPGO", out bool p) ? (p ? "on" : "off") : (Environment.GetEnvironmentVariable("DOTNET_TieredPGO") == "0" ? "off" : "on");
        string language = session.Language == CellLanguage.Metta ? "metta" : session.Options.Describe(SwitchDomain.Ruchy);
        string host = $".NET {Environment.Version}, tiered compilation {tiered}, TieredPGO {pgo}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC";
        return withSwitches ? $"{language}; {host}" : host;
    }

    internal static string FormatTime(double seconds)
    {
        // Three significant digits in the largest unit that keeps the number >= 1, as IPython prints.
        string unit;
        double value;
        if (seconds >= 1) (value, unit) = (seconds, "s");
        else if (seconds >= 1e-3) (value, unit) = (seconds * 1e3, "ms");
        else if (seconds >= 1e-6) (value, unit) = (seconds * 1e6, "µs");
        else (value, unit) = (seconds * 1e9, "ns");
        string digits = value >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture)
            : value >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
            : value.ToString("F2", CultureInfo.InvariantCulture);
        return digits + " " + unit;
    }

    /// <summary>
    /// How to take samples of the code: (samples, loops per sample) → the samples of <see cref="TimingLoop"/> or why
    /// they stopped. Ruchy code is compiled and prepared once, here (null with the failure when it does not compile).
    /// </summary>
    private static Func<int, int, (IterationSample[] Samples, CellResult? Error)>? Timer(NotebookSession session, string code, out CellResult? failure)
    {
        failure = null;
        if (session.Language == CellLanguage.Metta) return (samples, loops) => TimeMetta(session, code, samples, loops);
        var program = session.PrepareRuchy(SourceText.From(code, "<timeit>"), session.Options, out failure);
        if (program == null) return null;
        return (samples, loops) => session.TimeRuchy(program, samples, loops);
    }

    private static (IterationSample[], CellResult?) TimeMetta(NotebookSession session, string code, int samples, int loops)
    {
        if (session.InterruptRequested) return ([], NotebookSession.Interrupted());
        var metta = session.Metta;
        var saved = metta.Interrupt;
        metta.Interrupt = session.InterruptFlag;
        try
        {
            var run = new MettaTimedRun(metta, code);
            var timing = TimingLoop.Run(run, samples, loops, session.StopIfInterrupted);
            return timing.Failed ? ([], CellResult.Failed(new CellError("MettaError", run.FatalError!, [run.FatalError!]))) : (timing.Samples, null);
        }
        finally
        {
            metta.Interrupt = saved;
        }
    }
}
