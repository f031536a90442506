using Ruchy.Experiments.Measurement;
using Ruchy.Metta;

namespace Ruchy.Notebook;

/// <summary>One run of MeTTa code for timeit: the text is parsed and evaluated on every run, as a cell would be.</summary>
internal sealed class MettaTimedRun(MettaRuntime metta, string code) : ITimedRun
{
    /// <summary>Why the failed run stopped.</summary>
    public string? FatalError { get; private set; }

    public bool Run()
    {
        var report = metta.RunText(code, "<timeit>");
        if (report.FatalError == null) return true;
        FatalError = report.FatalError;
        return false;
    }
}
