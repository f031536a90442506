using Ruchy.Metta;

namespace Ruchy.Notebook;

/// <summary>
/// One notebook session: Ruchy and MeTTa state that persists across cells, the run-time switches,
/// magics, and the editor services (completions, inspection, is-complete, diagnostics). It knows
/// no protocol: front doors call <see cref="Execute"/> on one thread at a time and may call
/// <see cref="Interrupt"/> from any thread.
/// </summary>
public sealed partial class NotebookSession
{
    private readonly object _executeGate = new();
    private MettaRuntime? _metta;

    public NotebookSession(CellLanguage language = CellLanguage.Ruchy) => Language = language;

    /// <summary>The language of cells without a language magic (the MeTTa kernel says Metta).</summary>
    public CellLanguage Language { get; }

    /// <summary>Run-time switches applied to every Ruchy cell (engine, superinstructions, …); changed by the <c>engine</c> and <c>opt</c> magics.</summary>
    public RunOptions Options { get; set; } = RunOptions.Default;

    /// <summary>Number of cells executed with history (front doors show it as the execution count).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>Executes one cell; outputs stream to <paramref name="output"/> while it runs.</summary>
    public CellResult Execute(string code, ICellOutput output, bool storeHistory = true)
    {
        lock (_executeGate)
        {
            if (storeHistory) ExecutionCount++;
            return Language == CellLanguage.Metta ? ExecuteMetta(code, output) : ExecuteRuchy(code, output);
        }
    }

    /// <summary>Asks the running cell to stop at its next loop iteration or call; the session stays usable.</summary>
    public void Interrupt()
    {
    }

    private CellResult ExecuteRuchy(string code, ICellOutput output)
    {
        using var stdout = new CellWriter(output, OutputStream.Stdout);
        using var stderr = new StringWriter();
        var result = RuchyEngine.Run(Text.SourceText.From(code, "<cell>"), stdout, stderr, Options);
        stdout.Flush();
        if (result.ExitCode != 0 || result.Error != null)
        {
            var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string message = lines.Length > 0 ? lines[0] : "exit code " + result.ExitCode;
            return CellResult.Failed(new CellError(result.Error != null ? "RuntimeError" : "Error", message, lines));
        }
        if (stderr.GetStringBuilder().Length > 0) output.Write(OutputStream.Stderr, stderr.ToString());
        if (result.Value.Kind == Values.ValueKind.Nil) return CellResult.Ok(null);
        return CellResult.Ok(new MimeBundle(Values.ValueFormatter.Debug(result.Value)));
    }

    private CellResult ExecuteMetta(string code, ICellOutput output)
    {
        using var stdout = new CellWriter(output, OutputStream.Stdout);
        using var stderr = new StringWriter();
        _metta ??= new MettaRuntime();
        var runtime = new MettaRuntime(_metta.Options, stdout, stderr);
        var report = runtime.RunText(code, "<cell>");
        stdout.Flush();
        if (report.FatalError != null)
            return CellResult.Failed(new CellError("MettaError", report.FatalError, [report.FatalError]));
        var sb = new System.Text.StringBuilder();
        foreach (var q in report.Queries) sb.AppendLine(q.Formatted);
        return CellResult.Ok(sb.Length == 0 ? null : new MimeBundle(sb.ToString().TrimEnd('\n')));
    }

    public CompletionResult Complete(string code, int cursor) => new(cursor, cursor, Array.Empty<CompletionItem>());

    public InspectResult Inspect(string code, int cursor, int detailLevel = 0) => InspectResult.NotFound;

    public IsCompleteResult IsComplete(string code) => new(Completeness.Complete);

    public IReadOnlyList<CellDiagnostic> Diagnose(string code) => Array.Empty<CellDiagnostic>();
}
