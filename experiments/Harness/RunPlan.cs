namespace Ruchy.Experiments.Harness;

/// <summary>One combination of factor levels, e.g. <c>engine=register</c>; the baseline has every factor at its baseline level.</summary>
public sealed record Configuration(string Label, IReadOnlyList<string> Switches, bool IsBaseline);

/// <summary>One process run: which workload, which configuration, which repetition; <see cref="Sequence"/> is its position in the run order.</summary>
public sealed record RunSpec(int Sequence, int Workload, int Configuration, int ProcessRun);

/// <summary>The configurations of an experiment and the order its process runs execute in.</summary>
public static class RunPlan
{
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
