using System.Text;
using Ruchy.Bytecode;
using Ruchy.Ir;
using Ruchy.Values;

namespace Ruchy.Jit;

/// <summary>
/// The JIT tier's listing (<c>ruchy disasm --engine jit</c>, <c>%disasm FUNC --engine jit</c>): per function, the IL
/// the compiler emits for it without a profile (as <c>jit=baseline</c> compiles it), or why it stays interpreted. What a
/// run speculates depends on its profile: <c>ruchy run --trace-jit --jit-il</c> shows that code.
/// </summary>
internal static class JitListing
{
    public static string Function(RegisterProto proto, IrFunction? ir)
    {
        var sb = new StringBuilder();
        var candidate = proto.JitCandidate;
        if (candidate == null)
        {
            string why = ir == null ? "it is nested in another function"
                : proto.SelfKind != Core.SelfKind.None ? "it is a method (not compiled yet)"
                : proto.Captures.Length > 0 ? "it captures variables (not compiled yet)"
                : IlCompiler.Unsupported(ir) ?? "not compiled";
            sb.Append("; ").Append(proto.Name).Append(": stays interpreted: ").Append(why).Append('\n');
            return sb.ToString();
        }
        var policy = new JitPolicy(JitSettings.Eager());
        if (candidate.CompileOnCall)
        {
            var code = IlCompiler.Compile(candidate.Ir, proto, policy, new bool[candidate.ParamKinds.Length], [], listing: true, optimize: false);
            sb.Append("; ").Append(proto.Name).Append(": compiled when called often enough (IL before speculation)\n").Append(code.Listing);
            return sb.ToString();
        }
        var osr = proto.FrameMap == null ? null : IlCompiler.CompileOsr(candidate.Ir, proto, policy, [], listing: true);
        if (osr == null) sb.Append("; ").Append(proto.Name).Append(": stays interpreted: no loop it could enter by on-stack replacement\n");
        else sb.Append("; ").Append(proto.Name).Append(": its loops are entered by on-stack replacement (IL)\n").Append(osr.Listing);
        return sb.ToString();
    }
}
