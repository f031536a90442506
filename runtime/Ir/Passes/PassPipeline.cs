using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>
/// The IR passes in their canonical order, the presets O0..O3 and the pipeline a run's switches select:
/// the <c>opt</c> preset's list without the passes switched off (<c>pass.NAME=off</c>), or an explicit list.
/// </summary>
internal sealed class PassPipeline
{
    /// <summary>Every pass, in the order the presets run them.</summary>
    public static readonly IrPass[] All =
    [
        new Inlining(),
        new TypeInference(),
        new CopyPropagation(),
        new SparseConditionalConstantPropagation(),
        new GlobalValueNumbering(),
        new LoopInvariantCodeMotion(),
        new DeadCodeElimination(),
        new SimplifyCfg(),
    ];

    /// <summary>
    /// O0: nothing (the IR as built). O1: cheap cleanup, one round. O2: inlining of small leaf functions and type
    /// inference first, then O1's passes plus value numbering and loop-invariant code motion, one round. O3: the O2 list repeated until a round changes
    /// nothing (at most four rounds): the most compile time.
    /// </summary>
    public static IReadOnlyList<string> Preset(string level) => level switch
    {
        "O0" => [],
        "O1" => ["copy_prop", "sccp", "dce", "simplify_cfg"],
        _ => ["inline", "types", "copy_prop", "sccp", "gvn", "licm", "dce", "simplify_cfg"],
    };

    public readonly IReadOnlyList<IrPass> Passes;
    public readonly int Rounds;

    private PassPipeline(IReadOnlyList<IrPass> passes, int rounds)
    {
        Passes = passes;
        Rounds = rounds;
    }

    public static IrPass Find(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown IR pass '{name}'; passes: {string.Join(", ", All.Select(p => p.Name))}");

    /// <summary>The pipeline a run's switches select.</summary>
    public static PassPipeline For(RunOptions options)
    {
        string level = options[SwitchRegistry.Opt];
        var names = Preset(level);
        var passes = new List<IrPass>();
        foreach (var p in All)
            if (names.Contains(p.Name) && options.IsOn(p.Switch)) passes.Add(p);
        return new PassPipeline(passes, level == "O3" ? 4 : 1);
    }

    /// <summary>An explicit list, run once in the order given (<c>ruchy ir --passes a,b,c</c>).</summary>
    public static PassPipeline Of(IEnumerable<string> names) => new(names.Select(Find).ToList(), 1);

    /// <summary>One round of the passes but <paramref name="except"/> over a function (not its closures): the inliner's copies of callees.</summary>
    public void RunWithout(IrFunction f, IrPass except)
    {
        foreach (var pass in Passes)
        {
            if (pass == except) continue;
            pass.Run(f);
            if (IrCompiler.VerifyAlways) IrVerifier.Check(f, "pass " + pass.Name + " (inline copy)");
        }
    }

    /// <summary>Runs the passes over a function and its closures; <paramref name="after"/> sees the IR after each pass.</summary>
    public void Run(IrFunction f, Action<IrPass, IrFunction>? after = null)
    {
        foreach (var child in f.Children) Run(child, after);
        for (int round = 0; round < Rounds; round++)
        {
            bool changed = false;
            foreach (var pass in Passes)
            {
                changed |= pass.Run(f);
                if (IrCompiler.VerifyAlways) IrVerifier.Check(f, "pass " + pass.Name);
                after?.Invoke(pass, f);
            }
            if (!changed) break;
        }
    }
}
