using System.Diagnostics;
using Ruchy.Bytecode;
using Ruchy.Ir;
using Ruchy.Values;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// A function the JIT may compile: its optimized IR, how often it has been called interpreted, and the kinds of
/// the arguments those calls passed (the profile the speculation is built from).
/// </summary>
internal sealed class JitCandidate(IrFunction ir)
{
    public readonly IrFunction Ir = ir;
    public int Calls;
    /// <summary>Compiled when called often enough (false for main and the script: only their loops are compiled).</summary>
    public bool CompileOnCall = true;
    /// <summary>Loop back edges taken in interpreted activations.</summary>
    public int BackEdges;
    /// <summary>The code that enters the function at its loop headers, once compiled (all headers in one).</summary>
    public JitCode? OsrCode;
    public bool OsrCompiled;
    /// <summary>False once no loop header of the function turned out enterable: its back edges stop calling into the JIT.</summary>
    public bool OsrPossible = true;
    /// <summary>Per back edge target pc: the entry of <see cref="OsrCode"/> that enters there (-1: none).</summary>
    public readonly Dictionary<int, int> OsrEntry = [];
    /// <summary>Per parameter: a bit per <see cref="ValueKind"/> seen.</summary>
    public readonly uint[] ParamKinds = new uint[ir.Entry.Params.Count];
    /// <summary>Seeded from a stored profile (<see cref="JitProfile"/>): compile straight to the optimizing tier.</summary>
    public bool FromProfile;
    /// <summary>Calls and back edges added to the counts by a stored profile (so that it compiles at once); not counted in a profile written after.</summary>
    public int SeededCalls, SeededBackEdges;
    /// <summary>The stored profile says its speculation failed: compile without it.</summary>
    public bool NoSpeculation;
    /// <summary>Its speculating code was replaced by code without speculation after guard failures.</summary>
    public bool WentGeneric;
    /// <summary>Entry guard failures and deoptimizations, over all its code.</summary>
    public long Deopts;
    /// <summary>Time spent compiling it, every tier and on-stack replacement.</summary>
    public TimeSpan CompileTime;

    /// <summary>Adds the kinds of a call's <paramref name="argc"/> arguments (at <paramref name="fp"/>) to the profile.</summary>
    public void RecordKinds(Value[] stack, int fp, int argc)
    {
        var kinds = ParamKinds;
        for (int i = 0; i < argc && i < kinds.Length; i++) kinds[i] |= 1u << (int)stack[fp + i].Kind;
    }
}

/// <summary>
/// When to compile: a function whose IR the baseline compiler supports is compiled on its
/// <see cref="CallThreshold"/>-th call (0: at its first), speculating that parameters seen only as ints stay ints.
/// One policy per run; with <c>jit.adaptive=on</c> it moves its thresholds as the run goes (<see cref="Adapt"/>).
/// </summary>
/// <summary>The thresholds the adaptive controller moves (<see cref="JitPolicy.Decide"/>).</summary>
internal readonly record struct JitThresholds(int Call, int Loop, int Opt);

internal sealed class JitPolicy(JitSettings settings, TextWriter? trace = null, bool listing = false, string? dumpDirectory = null)
{
    /// <summary>Guard failures (of one guard) after which a function is recompiled without speculation.</summary>
    public const int ExitLimit = 8;

    /// <summary>In stress mode, every this many guard checks fails on purpose.</summary>
    public const int StressPeriod = 5;

    public int CallThreshold { get; private set; } = settings.CallThreshold;

    /// <summary>
    /// <c>jit.opt_threshold</c>: with <c>jit=full</c>, further calls a function runs as counting baseline code before the
    /// optimizing tier recompiles it with the profile gathered (0: the first compilation already speculates).
    /// </summary>
    public int OptThreshold { get; private set; } = settings.OptThreshold;

    /// <summary>Functions go through baseline code to optimized code.</summary>
    public bool TiersUp => Speculate && OptThreshold > 0;

    /// <summary><c>jit=full</c>: unboxed int parameters and results, direct calls of itself, deoptimization (<c>jit=baseline</c>: none of them).</summary>
    public bool Speculate { get; } = settings.Speculate;

    /// <summary>Back edges a function's interpreted loops take before an activation moves to compiled code.</summary>
    public int LoopThreshold { get; private set; } = settings.LoopThreshold;

    /// <summary><c>jit.stress_deopt</c>: guards fail periodically (and functions keep their speculation), so deoptimization runs everywhere.</summary>
    public bool StressDeopt { get; } = settings.StressDeopt;

    private int _stressTick;

    // ------------------------------------------------------------------ adaptive thresholds (jit.adaptive)

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _compileTime;
    private int _compilations, _deopts, _interpretedCalls;

    /// <summary>Compiling may take this share of the run before the thresholds go up.</summary>
    public const double CompileShareHigh = 0.25;

    /// <summary>Below this share, candidates that keep running interpreted lower the call threshold.</summary>
    public const double CompileShareLow = 0.05;

    /// <summary>Interpreted calls of candidates between two looks at the call threshold.</summary>
    public const int AdaptPeriod = 4096;

    /// <summary>
    /// The adaptive controller (<c>jit.adaptive=on</c>), run after each compilation and every <see cref="AdaptPeriod"/>
    /// interpreted candidate calls. Compile time over <see cref="CompileShareHigh"/> of the run so far (after 8
    /// compilations): compiling is not paying for itself, the call and loop thresholds double. Under
    /// <see cref="CompileShareLow"/> (after 20 ms) while candidates keep running interpreted: the call threshold halves. Guards
    /// failing more than twice per compilation: speculation waits for a baseline profile (opt threshold 100).
    /// </summary>
    private void Adapt(bool interpretedCalls)
    {
        if (!settings.Adaptive) return;
        var now = new JitThresholds(CallThreshold, LoopThreshold, OptThreshold);
        var next = Decide(now, Speculate, _clock.Elapsed, _compileTime, _compilations, _deopts, interpretedCalls, out var why);
        if (next == now) return;
        trace?.WriteLine($"jit: adaptive: {why}");
        (CallThreshold, LoopThreshold, OptThreshold) = (next.Call, next.Loop, next.Opt);
    }

    /// <summary>The controller's step (a pure function of what the run has seen, so that tests can drive it): the new thresholds and why.</summary>
    internal static JitThresholds Decide(JitThresholds t, bool speculate, TimeSpan elapsed, TimeSpan compileTime, int compilations, int deopts,
        bool interpretedCalls, out string why)
    {
        why = "";
        var next = t;
        double share = elapsed > TimeSpan.Zero ? compileTime / elapsed : 0;
        // Raising waits for a few compilations (one slow first compilation says little); lowering for 20 ms of run.
        if (!interpretedCalls && compilations >= 8 && share > CompileShareHigh && (t.Call < 10000 || t.Loop < 100000))
        {
            next = next with { Call = Math.Min(Math.Max(t.Call * 2, 10), 10000), Loop = Math.Min(Math.Max(t.Loop * 2, 100), 100000) };
            why = $"compiling took {share:P0} of the run; call threshold {t.Call} -> {next.Call}, loop threshold {t.Loop} -> {next.Loop}";
        }
        else if (interpretedCalls && elapsed.TotalMilliseconds >= 20 && share < CompileShareLow && t.Call > 1)
        {
            next = next with { Call = t.Call / 2 };
            why = $"compiling took {share:P0} of the run and candidates still run interpreted; call threshold {t.Call} -> {next.Call}";
        }
        if (speculate && t.Opt == 0 && deopts > 2 * Math.Max(compilations, 4))
        {
            next = next with { Opt = 100 };
            why = (why.Length > 0 ? why + "; " : "") + $"{deopts} guard failures in {compilations} compilations: speculation now waits for 100 calls of baseline code";
        }
        return next;
    }

    private void Compiled(TimeSpan time)
    {
        _compileTime += time;
        _compilations++;
        Adapt(interpretedCalls: false);
    }

    /// <summary>Whether this guard check should fail on purpose (stress mode).</summary>
    public bool StressTick() => ++_stressTick % StressPeriod == 0;

    /// <summary>Counts a call of an interpreted function and compiles it when it is hot; returns its code or null.</summary>
    public JitCode? OnCall(RegisterProto proto, RegisterVm vm, int fp, int argc)
    {
        var candidate = proto.JitCandidate;
        if (candidate == null || !candidate.CompileOnCall) return null;
        candidate.RecordKinds(vm.Stack, fp, argc);
        if (settings.Adaptive && ++_interpretedCalls % AdaptPeriod == 0) Adapt(interpretedCalls: true);
        if (++candidate.Calls <= CallThreshold) return null;
        return Compile(proto, candidate, vm);
    }

    private JitCode Compile(RegisterProto proto, JitCandidate candidate, RegisterVm vm)
    {
        // Tiering up: baseline code first, which counts its calls and argument kinds (CountCall).
        bool optimize = Speculate && (!TiersUp || candidate.FromProfile);
        var code = Compile(proto, candidate.Ir, optimize ? IntParamsFromProfile(candidate) : new bool[candidate.ParamKinds.Length], vm, optimize,
            optimize ? "" : TiersUp ? ".baseline" : "");
        proto.Jit = code;
        if (trace != null)
            trace.WriteLine($"jit: compiled {proto.Name} after {candidate.Calls - candidate.SeededCalls} calls in {code.CompileTime.TotalMilliseconds:0.000} ms" +
                (!optimize && TiersUp ? " (baseline, counting calls)" : Describe(code)) + (candidate.FromProfile ? " (from the stored profile)" : ""));
        return code;
    }

    /// <summary>Per parameter: speculate that it is an int (the profile saw nothing else).</summary>
    private bool[] IntParamsFromProfile(JitCandidate candidate)
    {
        var intParams = new bool[candidate.ParamKinds.Length];
        for (int i = 0; i < intParams.Length; i++) intParams[i] = Speculate && !candidate.NoSpeculation && candidate.ParamKinds[i] == 1u << (int)ValueKind.Int;
        return intParams;
    }

    /// <summary>
    /// A call of baseline code that tiers up (<see cref="JitCode.CountsCalls"/>): records its argument kinds; true when
    /// the function has had <see cref="CallThreshold"/> + <see cref="OptThreshold"/> calls and this code is still its current code.
    /// </summary>
    public bool CountCall(JitCode code, RegisterVm vm, int fp)
    {
        var candidate = code.Proto.JitCandidate!;
        candidate.RecordKinds(vm.Stack, fp, candidate.ParamKinds.Length);
        return ++candidate.Calls > CallThreshold + OptThreshold && ReferenceEquals(code.Proto.Jit, code);
    }

    /// <summary>The optimizing tier: recompiles hot baseline code with the profile it gathered; later calls run the new code.</summary>
    public JitCode Optimize(JitCode baseline, RegisterVm vm)
    {
        var proto = baseline.Proto;
        var candidate = proto.JitCandidate!;
        var code = Compile(proto, candidate.Ir, IntParamsFromProfile(candidate), vm, optimize: true, "");
        proto.Jit = code;
        if (trace != null) trace.WriteLine($"jit: optimized {proto.Name} after {candidate.Calls} calls in {code.CompileTime.TotalMilliseconds:0.000} ms{Describe(code)}");
        return code;
    }

    private JitCode Compile(RegisterProto proto, IrFunction ir, bool[] intParams, RegisterVm vm, bool optimize, string variant)
    {
        var clock = Stopwatch.StartNew();
        var code = IlCompiler.Compile(ir, proto, this, intParams, vm.Globals, listing: trace != null && listing, Sink(proto.Name + variant), optimize);
        if (code.Listing != null) trace!.Write(code.Listing);
        code.CompileTime = clock.Elapsed;
        if (proto.JitCandidate is { } candidate) candidate.CompileTime += code.CompileTime;
        Compiled(code.CompileTime);
        proto.JitSites ??= code;
        return code;
    }

    /// <summary>
    /// The code that continues an activation of <paramref name="proto"/> at the loop header at <paramref name="pc"/>,
    /// compiled at the first request (without speculation), or null when that header cannot be entered.
    /// </summary>
    public JitCode? OsrAt(RegisterProto proto, JitCandidate candidate, int pc, RegisterVm vm, out int entry)
    {
        if (!candidate.OsrCompiled)
        {
            candidate.OsrCompiled = true;
            var clock = Stopwatch.StartNew();
            var compiled = proto.FrameMap == null ? null : IlCompiler.CompileOsr(candidate.Ir, proto, this, vm.Globals, listing: trace != null && listing, Sink(proto.Name + ".osr"));
            candidate.OsrCode = compiled;
            candidate.OsrPossible = compiled != null;
            if (compiled != null)
            {
                compiled.CompileTime = clock.Elapsed;
                candidate.CompileTime += compiled.CompileTime;
                Compiled(compiled.CompileTime);
                proto.JitSites ??= compiled;
                if (trace != null)
                {
                    trace.WriteLine($"jit: compiled {proto.Name} for on-stack replacement at its loops {string.Join(", ", compiled.OsrBlocks!.Select(b => "b" + b))} after {candidate.BackEdges - candidate.SeededBackEdges} back edges in {compiled.CompileTime.TotalMilliseconds:0.000} ms");
                    if (compiled.Listing != null) trace.Write(compiled.Listing);
                }
            }
        }
        var code = candidate.OsrCode;
        if (!candidate.OsrEntry.TryGetValue(pc, out entry))
        {
            int block = code == null ? -1 : proto.FrameMap!.BlockAt(pc);
            entry = block < 0 ? -1 : Array.IndexOf(code!.OsrBlocks!, block);
            candidate.OsrEntry[pc] = entry;
            if (entry >= 0) trace?.WriteLine($"jit: on-stack replacement of {proto.Name} at its loop b{block}");
            else trace?.WriteLine($"jit: {proto.Name}: no on-stack replacement at pc {pc}");
        }
        return entry >= 0 ? code : null;
    }

    private readonly HashSet<string> _dumped = [];

    /// <summary>
    /// Where a compilation goes: DynamicMethods, or with <c>--jit-dump DIR</c> a .dll per compilation in DIR that is
    /// loaded and run (named after the function; a second compilation of a name in this run gets a numbered name,
    /// and a file of an earlier run is overwritten).
    /// </summary>
    private IlMethodSink? Sink(string name)
    {
        if (dumpDirectory == null) return null;
        Directory.CreateDirectory(dumpDirectory);
        var safe = SavedAssemblySink.SafeName(name);
        var file = safe;
        for (int n = 2; !_dumped.Add(file); n++) file = safe + "-" + n;
        var path = Path.Combine(dumpDirectory, file + ".dll");
        trace?.WriteLine($"jit: writing {path}");
        return new SavedAssemblySink(path, "Ruchy.Compiled." + safe.Replace('.', '_'));
    }

    /// <summary>What the code speculates, for the trace.</summary>
    private static string Describe(JitCode code)
    {
        var parts = new List<string>();
        var names = code.Proto.ParamNames;
        for (int i = 0; i < code.IntParams.Length; i++)
            if (code.IntParams[i]) parts.Add($"{(i < names.Length ? names[i] : "#" + i)}: int");
        if (code.GuardedCalls > 0) parts.Add($"{code.GuardedCalls} call result(s): int");
        if (code.DirectCalls > 0) parts.Add($"{code.DirectCalls} direct call(s)");
        return parts.Count == 0 ? "" : "; " + string.Join(", ", parts);
    }

    /// <summary>
    /// An entry guard failed: the call runs the function's unspeculated version (compiled now if needed), which
    /// replaces the speculating one once it has failed <see cref="ExitLimit"/> times.
    /// </summary>
    public JitCode OnEntryExit(JitCode code, RegisterVm vm, int fp)
    {
        code.EntryExits++;
        _deopts++;
        if (code.Proto.JitCandidate is { } candidate)
        {
            candidate.Deopts++;
            // The kinds that broke the speculation belong in the profile too.
            candidate.RecordKinds(vm.Stack, fp, candidate.ParamKinds.Length);
        }
        if (code.Generic == null)
        {
            code.Generic = Compile(code.Proto, code.Ir, new bool[code.IntParams.Length], vm, Speculate, ".generic");
            trace?.WriteLine($"jit: {code.Proto.Name}: entry guard failed, compiled without speculation");
        }
        if (code.EntryExits >= ExitLimit && !StressDeopt && ReferenceEquals(code.Proto.Jit, code)) GoGeneric(code);
        return code.Generic;
    }

    /// <summary>
    /// The guard after call <paramref name="site"/> failed and the function deoptimizes: counted per guard; past
    /// <see cref="ExitLimit"/>, later calls run the function compiled without speculation.
    /// </summary>
    public void OnDeopt(JitCode code, int site, RegisterVm vm)
    {
        _deopts++;
        int exits = ++code.DeoptExits[site];
        if (code.Proto.JitCandidate is { } candidate) candidate.Deopts++;
        trace?.WriteLine($"jit: {code.Proto.Name}: deoptimized after v{site} ({exits})");
        if (exits < ExitLimit || StressDeopt || !ReferenceEquals(code.Proto.Jit, code)) return;
        code.Generic ??= Compile(code.Proto, code.Ir, new bool[code.IntParams.Length], vm, Speculate, ".generic");
        GoGeneric(code);
        trace?.WriteLine($"jit: {code.Proto.Name}: recompiled without speculation");
    }

    private static void GoGeneric(JitCode code)
    {
        code.Proto.Jit = code.Generic;
        if (code.Proto.JitCandidate is { } candidate) candidate.WentGeneric = true;
    }
}
