using Ruchy.Bytecode;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Tiers;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// The JIT tier: the register VM runs the IR's bytecode and counts calls; a function called more than
/// <c>jit.call_threshold</c> times is compiled from its optimized IR to IL (<see cref="IlCompiler"/>) and its later
/// calls run the compiled code. Functions the baseline compiler does not support stay interpreted.
/// </summary>
internal sealed class JitTier : ITier
{
    public string Name => "jit";

    public string Description => "register VM that compiles hot functions from the SSA IR to .NET IL";

    public bool HasListing => true;

    public bool CollectsStatistics => false;

    public IExecutable Prepare(BoundProgram program, RunOptions options)
    {
        options = options.With(SwitchRegistry.Ir, true);
        var settings = JitSettings.From(options);
        string mode = options[SwitchRegistry.JitMode];
        if (mode == "off")
        {
            var plain = IrCompiler.Compile(program, options);
            return new BytecodeExecutable<RegisterProto>(plain,
                (c, p, globals) => new RegisterVm(c.Source, c.Stdout, c.Stderr, statistics: c.Statistics, interrupt: c.Interrupt).Run(p, globals));
        }
        var irs = new Dictionary<RegisterProto, IrFunction>(ReferenceEqualityComparer.Instance);
        var compiled = IrCompiler.Compile(program, options, (ir, proto) =>
        {
            irs[proto] = ir;
            MarkCandidate(ir, proto);
        });
        // The top level runs once, never through a call: only its loops can compile (on-stack replacement).
        if (compiled.Script.JitCandidate is { } script) script.CompileOnCall = false;
        var inner = new BytecodeExecutable<RegisterProto>(compiled, (c, p, globals) => Run(c, p, globals, settings, irs.Keys));
        return new JitExecutable(inner, irs);
    }

    /// <summary>One run: the register VM with a fresh policy, starting from a stored profile if there is one, saving what it learned if asked.</summary>
    private static Values.Value Run(Execution.RunContext c, Bytecode.CompiledProgram<RegisterProto> program, Values.Value[] globals, JitSettings settings,
        IEnumerable<RegisterProto> functions)
    {
        var policy = new JitPolicy(settings, c.Hooks.JitTrace, c.Hooks.JitListing, c.Hooks.JitDumpDirectory);
        string? hash = settings.ReuseProfile || c.Hooks.JitProfileOut != null ? JitProfile.Hash(c.Source.Text) : null;
        var stored = c.Hooks.JitProfileIn;
        if (stored == null && settings.ReuseProfile && PreviousRuns.TryGetValue(hash!, out var json)) stored = JitProfile.Parse(json, "<previous run>");
        if (stored != null)
        {
            int matched = stored.Apply(functions, policy);
            c.Hooks.JitTrace?.WriteLine($"jit: stored profile: {matched} of {stored.Functions.Count} functions matched");
        }
        try
        {
            return new RegisterVm(c.Source, c.Stdout, c.Stderr, statistics: c.Statistics, interrupt: c.Interrupt) { Jit = policy }.Run(program, globals);
        }
        finally
        {
            if (c.Hooks.JitProfileOut != null || settings.ReuseProfile)
            {
                var learned = JitProfile.Collect(functions, hash, policy);
                c.Hooks.JitProfileOut?.Invoke(learned);
                if (settings.ReuseProfile) PreviousRuns[hash!] = learned.ToJson();
            }
        }
    }

    /// <summary><c>jit.reuse_profile</c>: the profile each program's last run in this process saved, by source hash.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> PreviousRuns = new();

    /// <summary>Runs as the register VM with the JIT; lists the IL of each function instead of its bytecode.</summary>
    internal sealed class JitExecutable(BytecodeExecutable<RegisterProto> inner, Dictionary<RegisterProto, IrFunction> irs) : IExecutable
    {
        public Bytecode.CompiledProgram<RegisterProto> Program => inner.Program;

        public Values.Value Run(Execution.RunContext context, Values.Value[] globals) => inner.Run(context, globals);

        public string ScriptName => inner.ScriptName;

        public string? List(Text.SourceText source)
        {
            var sb = new System.Text.StringBuilder();
            var program = inner.Program;
            foreach (var (_, f) in program.Functions) sb.Append(Listing(f)).Append('\n');
            sb.Append(Listing(program.Script));
            return sb.ToString();
        }

        public string? ListFunction(string name, Text.SourceText source) =>
            Disassembler.FindFunction(inner.Program, name) is { } proto ? Listing(proto) : null;

        private string Listing(RegisterProto proto) => JitListing.Function(proto, irs.GetValueOrDefault(proto));
    }

    /// <summary>
    /// A function without self or captures whose IR the compiler supports becomes a candidate: its loops are counted
    /// (on-stack replacement), and a plain one's (no default parameters, not main) calls leave the interpreter's
    /// direct path so that the JIT counts them.
    /// </summary>
    private static void MarkCandidate(IrFunction ir, RegisterProto proto)
    {
        if (proto.SelfKind != Core.SelfKind.None || proto.Captures.Length > 0) return;
        if (IlCompiler.Unsupported(ir) != null) return;
        // main, the script and functions with default parameters: only their loops (on-stack replacement).
        bool plain = proto.DirectArgc >= 0;
        proto.JitCandidate = new JitCandidate(ir) { CompileOnCall = plain };
        if (plain) proto.DirectArgc = -1;
    }
}
