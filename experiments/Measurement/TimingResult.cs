namespace Ruchy.Experiments.Measurement;

/// <summary>
/// The samples a <see cref="TimingLoop"/> took. <see cref="Failed"/>: a run returned false during the sample after
/// the last one here (so that sample's index is <c>Samples.Length</c>); the run object knows why.
/// </summary>
public sealed record TimingResult(IterationSample[] Samples, bool Failed);
