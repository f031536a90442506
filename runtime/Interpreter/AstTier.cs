using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy.Interpreter;

/// <summary>The tree-walking interpreter over the resolved tree: the reference semantics.</summary>
internal sealed class AstTier : ITier
{
    public string Name => "ast";

    public string Description => "tree-walking interpreter (the reference semantics)";

    public bool HasListing => false;

    public bool CollectsStatistics => false;

    public IExecutable Prepare(BoundProgram program, RunOptions options) => new Executable(program);

    private sealed class Executable(BoundProgram program) : IExecutable
    {
        public Value Run(RunContext context, Value[] globals) =>
            new TreeWalker(context.Source, context.Stdout, context.Stderr, interrupt: context.Interrupt).Run(program, globals);

        public string? List(SourceText source) => null;

        public string? ListFunction(string name, SourceText source) => null;

        public string ScriptName => program.Script.Name;
    }
}
