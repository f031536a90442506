using Ruchy.Switches;

namespace Ruchy.Experiments.Harness;

/// <summary>
/// One configuration: a combination of factor levels (label <c>engine=register</c>; the baseline has every factor
/// at its baseline level), or a named arm (label = its name, e.g. <c>O2-no-gvn</c>). The label is what the store,
/// the plan and the report use; <see cref="Switches"/> are what the measured process gets.
/// </summary>
public sealed record Configuration(string Label, IReadOnlyList<string> Switches, bool IsBaseline);

/// <summary>One process run: which workload, which configuration, which repetition; <see cref="Sequence"/> is its position in the run order.</summary>
public sealed record RunSpec(int Sequence, int Workload, int Configuration, int ProcessRun);

/// <summary>The configurations of an experiment and the order its process runs execute in.</summary>
public static class RunPlan
{
    /// <summary>An experiment's configurations: its arms when it has them, else the factorial design of its factors.</summary>
    public static IReadOnlyList<Configuration> Configurations(ExperimentFile file) =>
        file.Arms is { Count: > 0 } arms ? Configurations(arms, file.Baseline)
        : Configurations(file.Factors ?? throw new InvalidOperationException("the experiment has neither factors nor arms"));

    /// <summary>
    /// The arms as configurations, the baseline first and the others in the file's order. Switches are spelled
    /// canonically where the registry still knows them (a stored definition may predate a renamed switch).
    /// </summary>
    public static IReadOnlyList<Configuration> Configurations(IReadOnlyList<ArmSpec> arms, string? baseline)
    {
        static string Canonical(string assignment)
        {
            try
            {
                var (s, value) = SwitchRegistry.Parse(assignment, ExperimentFile.MeasuredDomains);
                return $"{s.Name}={value}";
            }
            catch (ArgumentException) { return assignment.Trim(); }
        }
        bool IsBaseline(ArmSpec a) => string.Equals(a.Name, baseline, StringComparison.OrdinalIgnoreCase);
        return arms.OrderBy(a => IsBaseline(a) ? 0 : 1)
            .Select(a => new Configuration(a.Name!, (a.Switches ?? []).Select(Canonical).ToList(), IsBaseline(a))).ToList();
    }

    /// <summary>The full factorial design over the factors, baseline first (each factor's baseline level comes first).</summary>
    public static IReadOnlyList<Configuration> Configurations(IReadOnlyDictionary<string, FactorSpec> factors)
    {
        IEnumerable<List<(string Name, string Level, bool Baseline)>> combos = [[]];
        foreach (var (name, factor) in factors)
        {
            var levels = factor.Levels!.OrderBy(l => string.Equals(l, factor.Baseline, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ToList();
            combos = combos.SelectMany(c => levels.Select(l => new List<(string, string, bool)>(c) { (name, l, string.Equals(l, factor.Baseline, StringComparison.OrdinalIgnoreCase)) })).ToList();
        }
        return combos.Select(c => new Configuration(
            string.Join(",", c.Select(x => $"{x.Name}={x.Level}")),
            c.Select(x => $"{x.Name}={x.Level}").ToList(),
            c.All(x => x.Baseline))).ToList();
    }

    /// <summary>
    /// Every (workload × configuration) once per block, one block per process run: configurations
    /// interleave over time so that drift (thermal, background load) hits all of them alike. With
    /// <paramref name="randomize"/>, each block is shuffled by a generator seeded once with <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<RunSpec> Order(int workloads, int configurations, int processRuns, int seed, bool randomize)
    {
        var random = new Random(seed);
        var order = new List<RunSpec>(workloads * configurations * processRuns);
        for (int run = 0; run < processRuns; run++)
        {
            var block = new (int W, int C)[workloads * configurations];
            for (int w = 0; w < workloads; w++)
                for (int c = 0; c < configurations; c++) block[w * configurations + c] = (w, c);
            if (randomize) random.Shuffle(block);
            foreach (var (w, c) in block) order.Add(new RunSpec(order.Count, w, c, run));
        }
        return order;
    }

    /// <summary>
    /// One added round of an adaptive stopping rule: process run <paramref name="processRun"/> of every
    /// configuration on each of <paramref name="workloads"/>, numbered from <paramref name="firstSequence"/>,
    /// shuffled by a generator seeded from the experiment's seed and the round, so a replay draws the same order.
    /// </summary>
    public static IReadOnlyList<RunSpec> Round(IReadOnlyList<int> workloads, int configurations, int processRun, int firstSequence, int seed, bool randomize)
    {
        var block = new (int W, int C)[workloads.Count * configurations];
        for (int i = 0; i < workloads.Count; i++)
            for (int c = 0; c < configurations; c++) block[i * configurations + c] = (workloads[i], c);
        if (randomize) new Random(unchecked(seed * 1_000_003 + processRun)).Shuffle(block);
        var round = new List<RunSpec>(block.Length);
        foreach (var (w, c) in block) round.Add(new RunSpec(firstSequence + round.Count, w, c, processRun));
        return round;
    }
}
