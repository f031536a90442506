namespace Ruchy.Notebook;

/// <summary>
/// <c>%jit</c> and <c>%%jit</c>: watch the JIT tier work (which functions compile, what they speculate, guard failures
/// and deoptimizations, the IL); <c>%disasm FUNC --engine jit</c> shows a function's IL without running it.
/// </summary>
internal static class JitMagics
{
    public static void Register(MagicRegistry registry) =>
        registry.Add(new Magic("jit", MagicKind.Both, "%jit [on|off|il]   |   %%jit [--il] then code",
            "Show or set whether Ruchy cells on the jit engine print to stderr what the JIT does: functions compiled (and what they speculate), " +
            "on-stack replacements, guard failures, deoptimizations; il also prints the IL of each compilation. " +
            "%%jit runs its cell on the jit engine with the trace on, whatever the session's engine and trace. See also %disasm FUNC --engine jit.",
            Run));

    private static CellResult? Run(MagicCall call)
    {
        var s = call.Session;
        var words = call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (call.Body != null)
        {
            bool il = false;
            foreach (var w in words)
                if (w == "--il") il = true;
                else throw new MagicException($"%%jit: unknown option '{w}' (usage: %%jit [--il])");
            var saved = s.JitTrace;
            s.JitTrace = il ? JitTraceMode.Il : JitTraceMode.On;
            try
            {
                return s.ExecuteRuchy(call.Body, call.Output, SessionMagics.Apply(s.Options, "engine=jit"));
            }
            finally
            {
                s.JitTrace = saved;
            }
        }
        if (words.Length > 1) throw new MagicException("usage: %jit [on|off|il]");
        if (words.Length == 1)
            s.JitTrace = words[0] switch
            {
                "on" => JitTraceMode.On,
                "off" => JitTraceMode.Off,
                "il" => JitTraceMode.Il,
                _ => throw new MagicException($"%jit: '{words[0]}' is not on, off or il"),
            };
        string state = "jit trace " + s.JitTrace.ToString().ToLowerInvariant();
        if (s.JitTrace != JitTraceMode.Off && s.Options.Tier.Name != "jit") state += $" (the engine is {s.Options.Tier.Name}: %engine jit to use it)";
        return CellResult.Ok(new MimeBundle(state));
    }
}
