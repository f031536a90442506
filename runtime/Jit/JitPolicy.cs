using System.Diagnostics;
using Ruchy.Bytecode;
using Ruchy.Ir;

namespace Ruchy.Jit;

/// <summary>A function the JIT may compile: its optimized IR and how often it has been called interpreted.</summary>
internal sealed class JitCandidate(IrFunction ir)
{
    public readonly IrFunction Ir = ir;
    public int Calls;
}

/// <summary>
/// When to compile: a function whose IR the baseline compiler supports is compiled on its
/// <see cref="CallThreshold"/>-th call (0: at its first). One policy per run.
/// </summary>
internal sealed class JitPolicy(int callThreshold, TextWriter? trace)
{
    public int CallThreshold { get; } = callThreshold;

    /// <summary>Counts a call of an interpreted function and compiles it when it is hot; returns its code or null.</summary>
    public JitCode? OnCall(RegisterProto proto)
    {
        var candidate = proto.JitCandidate;
        if (candidate == null) return null;
        if (++candidate.Calls <= CallThreshold) return null;
        return Compile(proto, candidate);
    }

    private JitCode Compile(RegisterProto proto, JitCandidate candidate)
    {
        var clock = Stopwatch.StartNew();
        var code = IlCompiler.Compile(candidate.Ir, proto, listing: trace != null);
        code.CompileTime = clock.Elapsed;
        proto.Jit = code;
        proto.JitCandidate = null;
        trace?.WriteLine($"jit: compiled {proto.Name} after {candidate.Calls} calls ({code.CompileTime.TotalMilliseconds:0.000} ms)");
        if (trace != null && code.Listing != null) trace.Write(code.Listing);
        return code;
    }
}
