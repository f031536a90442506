using Ruchy.Execution;
using Ruchy.Switches;

namespace Ruchy.Experiments.Measurement;

/// <summary>
/// One harness iteration (<c>ruchy measure</c>, <c>ruchy bench</c>): a program compiled once by the front end, run
/// on a large-stack worker that lives across iterations (a thread start would be timed). The tier prepares it
/// (bytecode compilation) on every run, as measure always has: stored experiment data are whole runs of the
/// resolved program, and iterations of the same process stay comparable with them.
/// </summary>
public sealed class CompiledProgramRun(CompileResult compiled, RunOptions options, LargeStackWorker worker, TextWriter stdout, RunHooks? hooks = null) : ITimedRun
{
    private readonly StringWriter _stderr = new() { NewLine = "\n" };

    /// <summary>How the last run ended.</summary>
    public RunResult? LastResult { get; private set; }

    /// <summary>What the last run wrote to stderr (its error report when it failed).</summary>
    public string Stderr => _stderr.ToString();

    public bool Run()
    {
        // Only the last run's stderr is kept; clearing an empty builder is skipped (the usual case).
        var written = _stderr.GetStringBuilder();
        if (written.Length > 0) written.Clear();
        var result = RuchyEngine.Run(compiled, stdout, _stderr, options, worker, hooks);
        LastResult = result;
        return result.ExitCode == 0;
    }
}
