using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy;

/// <summary>
/// A session cell prepared for its tier once (<see cref="ReplSession.Prepare"/>), with the writers and hooks of
/// its runs: timeit and <c>%%compare</c> run it many times without compiling it again.
/// </summary>
public sealed class PreparedProgram
{
    private readonly IExecutable _executable;
    private Value[] _globals;

    internal PreparedProgram(ITier tier, IExecutable executable, RunContext context, Value[] globals)
    {
        Tier = tier;
        _executable = executable;
        Context = context;
        _globals = globals;
    }

    public ITier Tier { get; }

    public SourceText Source => Context.Source;

    internal RunContext Context { get; }

    /// <summary>The session's global slots; rebound before each hand-over because a later cell may have grown them.</summary>
    internal Value[] Globals { set => _globals = value; }

    /// <summary>
    /// One run on the current thread, which must be the session's (inside <see cref="ReplSession.RunPrepared"/>):
    /// the large stack is there. Errors, exit(n) and interrupts are thrown; RunPrepared turns them into its result.
    /// </summary>
    public Value Run() => _executable.Run(Context, _globals);
}
