namespace Ruchy.Experiments.Measurement;

/// <summary>
/// What <see cref="TimingLoop"/> times: one run of the measured thing. Returning false (the run failed; the
/// implementation keeps why) stops the loop; an exception also stops it and propagates.
/// </summary>
public interface ITimedRun
{
    bool Run();
}
