namespace Ruchy.Experiments.Measurement;

/// <summary>
/// A run of a session cell prepared once (<see cref="ReplSession.Prepare"/>): what timeit and <c>%%compare</c> time,
/// inside <see cref="ReplSession.RunPrepared"/>. A struct, so the loop calls it without a virtual call of its own.
/// Failures are thrown and become RunPrepared's result.
/// </summary>
public readonly struct PreparedProgramRun(PreparedProgram program) : ITimedRun
{
    private readonly PreparedProgram _program = program;

    public bool Run()
    {
        _program.Run();
        return true;
    }
}
