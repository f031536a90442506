using Ruchy.Execution;
using Ruchy.Experiments.Measurement;
using Ruchy.Metta;
using Ruchy.Text;
using Ruchy.Values;
using Ruchy.Switches;

namespace Ruchy.Notebook;

/// <summary>
/// One notebook session: Ruchy and MeTTa state that persists across cells, the run-time switches,
/// magics, and the editor services (completions, inspection, is-complete, diagnostics). It knows
/// no protocol: front doors call <see cref="Execute"/> on one thread at a time and may call
/// <see cref="Interrupt"/> from any thread.
/// </summary>
public sealed partial class NotebookSession : IDisposable
{
    private readonly object _executeGate = new();
    private readonly ReplSession _ruchy = new();
    private readonly InterruptFlag _interrupt = new();
    private MettaRuntime? _metta;
    private int _cellNumber;
    private readonly Signatures Signatures = new();

    public NotebookSession(CellLanguage language = CellLanguage.Ruchy)
    {
        Language = language;
        Magics = MagicRegistry.CreateDefault();
    }

    /// <summary>The language of cells without a language magic (the MeTTa kernel says Metta).</summary>
    public CellLanguage Language { get; }

    /// <summary>
    /// The switches (Ruchy and MeTTa) applied to every cell; changed by the <c>engine</c> and <c>opt</c> magics.
    /// A change of MeTTa switches moves the space to a runtime built with them (interning and indexing shape a space).
    /// </summary>
    public RunOptions Options
    {
        get => _options;
        set
        {
            var old = _options;
            _options = value;
            if (_metta == null || old.Describe(SwitchDomain.Metta) == value.Describe(SwitchDomain.Metta)) return;
            var previous = _metta;
            _metta = new MettaRuntime(value, baseDirectory: WorkingDirectory);
            foreach (var atom in previous.Self.Atoms()) _metta.Self.Add(atom);
        }
    }

    private RunOptions _options = RunOptions.Default;

    public MagicRegistry Magics { get; }

    /// <summary>Number of cells executed with history (front doors show it as the execution count).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>The Ruchy side of the session (variables, environment) for front doors that move values.</summary>
    public ReplSession Ruchy => _ruchy;

    private readonly JitTraceWriter _jitTrace = new();

    /// <summary><c>%jit</c>: whether Ruchy cells on the jit engine print what the JIT compiles, speculates and deoptimizes (and the IL).</summary>
    public JitTraceMode JitTrace { get; set; }

    /// <summary>Directory that relative paths in magics (experiment files, datasets) start from.</summary>
    public string WorkingDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>Executes one cell; outputs stream to <paramref name="output"/> while it runs.</summary>
    public CellResult Execute(string code, ICellOutput output, bool storeHistory = true)
    {
        lock (_executeGate)
        {
            if (storeHistory) ExecutionCount++;
            _interrupt.Reset();
            try
            {
                return Magics.TryRun(this, code, output) ?? ExecuteCode(code, Language, output);
            }
            catch (ExecutionInterrupted)
            {
                return Interrupted();
            }
            catch (MagicException e)
            {
                return CellResult.Failed(new CellError("MagicError", e.Message, [e.Message]));
            }
            catch (Ruchy.Experiments.Harness.ResultStoreException e)
            {
                // A damaged results database is the user's to fix: its message says how; no stack trace.
                return CellResult.Failed(new CellError("MagicError", e.Message, [e.Message]));
            }
        }
    }

    /// <summary>Releases the session's execution thread; front doors call it at shutdown.</summary>
    public void Dispose() => _ruchy.Dispose();

    /// <summary>Asks the running cell to stop at its next loop iteration, call or evaluation step; the session stays usable.</summary>
    public void Interrupt() => _interrupt.Raise();

    /// <summary>True once <see cref="Interrupt"/> was called during the current cell (magics that loop check it).</summary>
    internal bool InterruptRequested => _interrupt.Raised;

    internal InterruptFlag InterruptFlag => _interrupt;

    internal static CellResult Interrupted() =>
        new(CellStatus.Interrupted, null, new CellError("Interrupted", "interrupted", ["Error: interrupted"]));

    /// <summary>Runs source in one language against the session state (magics call this for their bodies).</summary>
    internal CellResult ExecuteCode(string code, CellLanguage language, ICellOutput output) =>
        language == CellLanguage.Metta ? ExecuteMetta(code, output) : ExecuteRuchy(code, output, Options);

    internal CellResult ExecuteRuchy(string code, ICellOutput output, RunOptions options)
    {
        _cellNumber++;
        var source = SourceText.From(code, $"<cell {_cellNumber}>");
        using var stdout = new CellWriter(output, OutputStream.Stdout);
        using var stderr = new CellWriter(output, OutputStream.Stderr);
        var errors = new StringWriter();
        var hooks = new RunHooks { Interrupt = _interrupt };
        // The session's trace writer goes to every jit run (earlier cells' code writes its events to it too).
        if (options.Tier.Name == "jit") hooks = hooks with { JitTrace = _jitTrace, JitListing = JitTrace == JitTraceMode.Il };
        _jitTrace.Target = JitTrace != JitTraceMode.Off ? stderr : null;
        RunResult result;
        try
        {
            result = _ruchy.Run(source, stdout, stderr, options, hooks, errors);
        }
        finally
        {
            _jitTrace.Target = null;
        }
        stdout.Flush();
        stderr.Flush();
        Signatures.Learn(code);
        var failure = Failure(result, errors);
        if (failure != null) return failure;
        return CellResult.Ok(result.Value.Kind == ValueKind.Nil ? null : ValueDisplay.Render(result.Value));
    }

    /// <summary>How a Ruchy run ended as a cell result: null when it succeeded; else interrupted, or the error with its report lines.</summary>
    private static CellResult? Failure(RunResult result, StringWriter errors)
    {
        if (result.Interrupted) return Interrupted();
        if (result.ExitCode == 0 && result.Error == null) return null;
        var lines = errors.ToString().TrimEnd('\n').Split('\n');
        if (lines.Length == 1 && lines[0].Length == 0) lines = [$"exit code {result.ExitCode}"];
        string name = result.Error != null ? "RuntimeError" : errors.GetStringBuilder().Length > 0 ? "SyntaxError" : "Exit";
        return CellResult.Failed(new CellError(name, result.Error?.Message ?? lines[0], lines));
    }

    /// <summary>
    /// Ruchy code compiled against the session and prepared for <paramref name="options"/>' tier once, its output
    /// discarded: what timeit and <c>%%compare</c> time with <see cref="TimeRuchy"/>. Null with the failure when it does not compile.
    /// </summary>
    internal PreparedProgram? PrepareRuchy(SourceText source, RunOptions options, out CellResult? failure)
    {
        var errors = new StringWriter();
        var result = _ruchy.Prepare(source, TextWriter.Null, TextWriter.Null, options, new RunHooks { Interrupt = _interrupt }, errors, out var program);
        failure = Failure(result, errors);
        return failure == null ? program : null;
    }

    /// <summary>
    /// <paramref name="samples"/> samples of <paramref name="loops"/> runs each of a prepared program, taken by
    /// <see cref="TimingLoop"/> on the session's thread; or why the runs stopped (an error, or an interrupt, which is
    /// also honoured between samples: code without loops or calls never looks at the flag).
    /// </summary>
    internal (IterationSample[] Samples, CellResult? Error) TimeRuchy(PreparedProgram program, int samples, int loops)
    {
        if (InterruptRequested) return ([], Interrupted());
        var errors = new StringWriter();
        TimingResult? timing = null;
        var result = _ruchy.RunPrepared(program, p => timing = TimingLoop.Run(new PreparedProgramRun(p), samples, loops, StopIfInterrupted), errors);
        var failure = Failure(result, errors);
        return failure != null ? ([], failure) : (timing!.Samples, null);
    }

    /// <summary>Between samples (outside the timed region): an interrupt ends the runs as one inside the program would.</summary>
    internal void StopIfInterrupted(IterationSample _)
    {
        if (_interrupt.Raised) ExecutionInterrupted.Throw();
    }

    private CellResult ExecuteMetta(string code, ICellOutput output)
    {
        using var stdout = new CellWriter(output, OutputStream.Stdout);
        using var stderr = new CellWriter(output, OutputStream.Stderr);
        _metta ??= new MettaRuntime(Options, baseDirectory: WorkingDirectory);
        _metta.Out = stdout;
        _metta.Err = stderr;
        _metta.Interrupt = _interrupt;
        _cellNumber++;
        RunReport report;
        try
        {
            report = _metta.RunText(code, $"<cell {_cellNumber}>");
        }
        finally
        {
            _metta.Out = TextWriter.Null;
            _metta.Err = TextWriter.Null;
            _metta.Interrupt = InterruptFlag.Never;
            stdout.Flush();
            stderr.Flush();
        }
        if (report.FatalError != null)
            return CellResult.Failed(new CellError("MettaError", report.FatalError, [report.FatalError]));
        var sb = new System.Text.StringBuilder();
        foreach (var q in report.Queries)
        {
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(q.Formatted);
        }
        return CellResult.Ok(sb.Length == 0 ? null : new MimeBundle(sb.ToString()));
    }

    /// <summary>The cell text that defined a function (what disasm compiles to show it).</summary>
    internal string? CellDefining(string function)
    {
        int sep = function.IndexOf("::", StringComparison.Ordinal);
        return Signatures.CellOf(sep >= 0 ? function[(sep + 2)..] : function);
    }

    /// <summary>The MeTTa runtime of this session, made on first use.</summary>
    internal MettaRuntime Metta => _metta ??= new MettaRuntime(Options, baseDirectory: WorkingDirectory);

    /// <summary>Session variables (Ruchy globals holding values) with their types and a short rendering.</summary>
    public IReadOnlyList<VariableInfo> Variables()
    {
        var list = new List<VariableInfo>();
        foreach (var (name, value) in _ruchy.Variables())
            list.Add(new VariableInfo(name, ValueDisplay.TypeName(value), ValueDisplay.Summary(value)));
        return list;
    }
}
