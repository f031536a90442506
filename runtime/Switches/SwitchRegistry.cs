using Ruchy.Tiers;

namespace Ruchy.Switches;

/// <summary>
/// Every run-time switch, declared once. Adding a switch is one declaration here plus the code that
/// reads it (<c>options.IsOn(SwitchRegistry.X)</c>); help texts, <c>%opt</c>, completions, experiment
/// validation and the parity matrix all enumerate <see cref="All"/>. Order matters only for listings.
/// </summary>
public static class SwitchRegistry
{
    // Declared before the switches: field initializers run in text order.
    private static readonly List<Switch> Declared = [];

    private static readonly string[] OnOff = [Switch.On, Switch.Off];
    private static readonly string[] Bytecode = ["register", "stack"];
    /// <summary>The tiers that run code lowered from the IR: the register VM under ir=on, and the JIT (always).</summary>
    private static readonly string[] IrTiers = ["register", "jit"];

    // --- Ruchy ---

    public static readonly Switch Engine = Declare("engine", SwitchDomain.Ruchy, TierRegistry.Names, TierRegistry.Reference.Name,
        "execution tier");
    public static readonly Switch Superinstructions = Declare("superinstructions", SwitchDomain.Ruchy, OnOff, Switch.On,
        "fused compare+branch and add-constant instructions (bytecode tiers)", Bytecode);
    public static readonly Switch RangeLoops = Declare("range_loops", SwitchDomain.Ruchy, OnOff, Switch.On,
        "for loops over a range literal count in registers, without a range object or iterator (bytecode tiers)", Bytecode);
    public static readonly Switch Ir = Declare("ir", SwitchDomain.Ruchy, OnOff, Switch.Off,
        "the register VM runs bytecode lowered from the SSA IR (runtime/Ir) instead of the direct compiler's (the jit tier always does)", ["register"]);
    public static readonly Switch Opt = Declare("opt", SwitchDomain.Ruchy, ["O0", "O1", "O2", "O3"], "O2",
        "IR pass preset: O0 none, O1 cleanup (copies, constants, dead code, CFG), O2 adds type inference, value numbering and loop-invariant code motion, O3 repeats O2 to a fixed point",
        IrTiers, requires: Ir, requiredValue: Switch.On);

    public static readonly Switch JitMode = Declare("jit", SwitchDomain.Ruchy, ["off", "profile", "baseline", "full"], "full",
        "what the jit tier compiles: off (nothing: the register VM on the IR's bytecode), profile (nothing, but the interpreter counts calls, loops and argument kinds as for the JIT: the profiling overhead alone), baseline (hot functions and loops to IL, no speculation), full (also unboxed int parameters and results, direct calls of itself, deoptimization)",
        ["jit"], variedAlone: true);
    public static readonly Switch JitCallThreshold = Declare("jit.call_threshold", SwitchDomain.Ruchy, ["0", "10", "100", "1000"], "100",
        "calls of a function interpreted before the JIT compiles it (0: at its first call)", ["jit"]);
    public static readonly Switch JitOptThreshold = Declare("jit.opt_threshold", SwitchDomain.Ruchy, ["0", "10", "100", "1000"], "0",
        "with jit=full: calls a compiled function runs as baseline code (counting calls and argument kinds) before the optimizing tier recompiles it with that profile (0: the first compilation already speculates, on the interpreter's profile)", ["jit"],
        variedAlone: true);
    public static readonly Switch JitLoopThreshold = Declare("jit.loop_threshold", SwitchDomain.Ruchy, ["0", "100", "1000", "10000"], "1000",
        "loop back edges a function's interpreted activations take before the running one continues in compiled code from the loop header (on-stack replacement; main and the top level too)", ["jit"],
        variedAlone: true);
    public static readonly Switch JitAdaptive = Declare("jit.adaptive", SwitchDomain.Ruchy, OnOff, Switch.Off,
        "the JIT sets its thresholds from the run (starting from the jit.* values): it raises them while compiling takes more than a quarter of the run, lowers the call threshold while compiling takes under 5% and candidates keep running interpreted, and makes speculation wait for a baseline profile (opt threshold 100) once guards fail often", ["jit"],
        variedAlone: true);
    public static readonly Switch JitReuseProfile = Declare("jit.reuse_profile", SwitchDomain.Ruchy, OnOff, Switch.Off,
        "each run of a program starts from the JIT profile the previous run of the same source in this process saved (through the --profile-out format, as --profile-in would): an experiment's iterations after the first measure a start from a stored profile", ["jit"],
        variedAlone: true);
    public static readonly Switch JitStressDeopt = Declare("jit.stress_deopt", SwitchDomain.Ruchy, OnOff, Switch.Off,
        "testing: the JIT's guards fail every few checks on purpose, so deoptimization back to the register VM runs on every program", ["jit"]);

    // --- IR passes (runtime/Ir/Passes, one file each); each runs when the opt preset lists it and its switch is on ---

    public static readonly Switch PassInline = DeclarePass("inline", "inlining: a call of a small global function that calls nothing itself becomes a copy of its body, behind a guard that the global still holds it");
    public static readonly Switch PassTypeInference = DeclarePass("types", "type inference over the kind lattice (forward, to a fixed point over block parameters)");
    public static readonly Switch PassCopyPropagation = DeclarePass("copy_prop", "copy propagation: uses of a copy, or of a share mark on a value that is no copy-on-write object, read the original; trivial block parameters go");
    public static readonly Switch PassSccp = DeclarePass("sccp", "sparse conditional constant propagation: folds constants, drops branches never taken");
    public static readonly Switch PassGvn = DeclarePass("gvn", "global value numbering: a pure instruction equal to a dominating one is replaced by it");
    public static readonly Switch PassLicm = DeclarePass("licm", "loop-invariant code motion: pure instructions whose operands are defined outside a loop move to its preheader");
    public static readonly Switch PassDce = DeclarePass("dce", "dead code elimination: unused instructions without effects and unused block parameters");
    public static readonly Switch PassSimplifyCfg = DeclarePass("simplify_cfg", "CFG simplification: merges straight-line blocks, threads jumps through empty blocks");

    // --- MeTTa: turning any of these off must never change a result, only the speed ---

    public static readonly Switch MettaInterning = Declare("interning", SwitchDomain.Metta, OnOff, Switch.On,
        "symbols compare by interned id (off: by name)");
    public static readonly Switch MettaIndex = Declare("index", SwitchDomain.Metta, OnOff, Switch.On,
        "functor / arity / first-argument index over each space (off: linear scan)");
    public static readonly Switch MettaBloom = Declare("bloom", SwitchDomain.Metta, OnOff, Switch.On,
        "counting Bloom filter answers \"no atom with this key\" without a scan");
    public static readonly Switch MettaMemo = Declare("memo", SwitchDomain.Metta, OnOff, Switch.On,
        "cache of results of pure calls on ground arguments, cleared by any space change");
    public static readonly Switch MettaFlat = Declare("flat", SwitchDomain.Metta, OnOff, Switch.On,
        "flat pre-order encoding of stored atoms rejects candidates before unification");
    public static readonly Switch MettaParallel = Declare("parallel", SwitchDomain.Metta, OnOff, Switch.On,
        "branches of superpose over pure ground elements run on the thread pool");

    // --- Host: the .NET runtime running an interpreter is itself a factor; set per measured process ---

    public static readonly Switch HostTieredCompilation = DeclareHost("tiered_compilation", "DOTNET_TieredCompilation", Switch.On,
        "tiered JIT (off: every method compiled once, fully optimized, no PGO)");
    public static readonly Switch HostTieredPgo = DeclareHost("tiered_pgo", "DOTNET_TieredPGO", Switch.On,
        "profile-guided optimization of hot methods at tier 1");
    public static readonly Switch HostQuickJitForLoops = DeclareHost("quick_jit_for_loops", "DOTNET_TC_QuickJitForLoops", Switch.On,
        "methods with loops start at tier 0 (off: optimized at once)");
    public static readonly Switch HostOsr = DeclareHost("osr", "DOTNET_TC_OnStackReplacement", Switch.On,
        "on-stack replacement of long-running tier-0 loops");
    public static readonly Switch HostReadyToRun = DeclareHost("ready_to_run", "DOTNET_ReadyToRun", Switch.On,
        "use precompiled (ReadyToRun) framework code");
    public static readonly Switch HostServerGc = DeclareHost("server_gc", "DOTNET_gcServer", Switch.Off,
        "server garbage collector");

    /// <summary>Prefix of IR pass switch names (<c>pass.sccp</c>).</summary>
    public const string PassPrefix = "pass.";

    /// <summary>Prefix of host switch names (<c>host.tiered_pgo</c>).</summary>
    public const string HostPrefix = "host.";

    /// <summary>Every switch, in declaration order.</summary>
    public static IReadOnlyList<Switch> All => Declared;

    /// <summary>The switches of one domain, in declaration order.</summary>
    public static IEnumerable<Switch> In(SwitchDomain domain)
    {
        foreach (var s in Declared)
            if (s.Domain == domain) yield return s;
    }

    public static bool TryFind(string name, out Switch found)
    {
        name = name.Trim();
        foreach (var s in Declared)
        {
            if (!string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
            found = s;
            return true;
        }
        found = null!;
        return false;
    }

    public static Switch Find(string name) =>
        TryFind(name, out var s) ? s : throw new ArgumentException(UnknownMessage(name, AllDomains));

    /// <summary>
    /// Parses <c>name=value</c> against the switches of <paramref name="domains"/> (all when empty). Every
    /// front door reports a bad switch with the same messages: the shape, an unknown name with the known
    /// ones, a switch of another domain, a value with the accepted ones.
    /// </summary>
    public static (Switch Switch, string Value) Parse(string assignment, params SwitchDomain[] domains)
    {
        if (domains.Length == 0) domains = AllDomains;
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"switch '{assignment.Trim()}' must look like name=value");
        string name = assignment[..eq].Trim();
        string value = assignment[(eq + 1)..].Trim();
        if (!TryFind(name, out var s)) throw new ArgumentException(UnknownMessage(name, domains));
        if (Array.IndexOf(domains, s.Domain) < 0)
            throw new ArgumentException($"'{s.Name}' is a {DomainName(s.Domain)} switch; here only {string.Join(" and ", domains.Select(DomainName))} switches apply"
                + (s.Domain == SwitchDomain.Host ? $" (a host switch is fixed when a process starts: vary it in an experiment file, or set {s.EnvironmentVariable}=1|0)" : ""));
        if (!s.TryNormalize(value, out var canonical)) throw new ArgumentException($"switch '{s.Name}' takes {s.ValuesText}, not '{value}'");
        return (s, canonical);
    }

    /// <summary>The <c>DOTNET_*</c> variable and its value (1 or 0) for a host switch assignment.</summary>
    public static (string Variable, string Value) HostEnvironment(string assignment)
    {
        var (s, value) = Parse(assignment, SwitchDomain.Host);
        return (s.EnvironmentVariable!, value == Switch.On ? "1" : "0");
    }

    public static bool IsHostSwitch(string nameOrAssignment)
    {
        int eq = nameOrAssignment.IndexOf('=');
        string name = eq < 0 ? nameOrAssignment : nameOrAssignment[..eq];
        return name.Trim().StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase);
    }

    public static string DomainName(SwitchDomain domain) => domain switch
    {
        SwitchDomain.Ruchy => "Ruchy",
        SwitchDomain.Metta => "MeTTa",
        _ => "host",
    };

    private static readonly SwitchDomain[] AllDomains = [SwitchDomain.Ruchy, SwitchDomain.Metta, SwitchDomain.Host];

    private static string UnknownMessage(string name, SwitchDomain[] domains)
    {
        var known = new List<string>();
        foreach (var s in Declared)
            if (Array.IndexOf(domains, s.Domain) >= 0) known.Add(s.Name);
        return $"unknown switch '{name.Trim()}'; known switches: {string.Join(", ", known)}";
    }

    private static Switch Declare(string name, SwitchDomain domain, string[] values, string defaultValue, string description,
        string[]? tiers = null, string? environmentVariable = null, Switch? requires = null, string? requiredValue = null, bool variedAlone = false)
    {
        foreach (var s in Declared)
            if (s.Name == name) throw new InvalidOperationException($"switch '{name}' is declared twice");
        var declared = new Switch(Declared.Count, name, domain, values, defaultValue, description, tiers ?? [], environmentVariable, requires, requiredValue, variedAlone);
        Declared.Add(declared);
        return declared;
    }

    /// <summary>An IR pass: <c>pass.NAME=on|off</c>, on by default (it runs when the <c>opt</c> preset lists it).</summary>
    private static Switch DeclarePass(string name, string description) =>
        Declare(PassPrefix + name, SwitchDomain.Ruchy, OnOff, Switch.On, description, IrTiers, requires: Ir, requiredValue: Switch.On);

    private static Switch DeclareHost(string name, string variable, string defaultValue, string description) =>
        Declare(HostPrefix + name, SwitchDomain.Host, OnOff, defaultValue, description, environmentVariable: variable);
}
