using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Tiers;

namespace Ruchy.Vm;

/// <summary>The stack VM: the research counterpart of the register VM (same semantics, operand stack).</summary>
internal sealed class StackTier : ITier
{
    public string Name => "stack";

    public string Description => "stack VM (bytecode over an operand stack)";

    public bool HasListing => true;

    public bool CollectsStatistics => true;

    public IExecutable Prepare(BoundProgram program, RunOptions options) =>
        new BytecodeExecutable<StackProto>(StackCompiler.Compile(program, options),
            static (c, compiled, globals) => new StackVm(c.Source, c.Stdout, c.Stderr, statistics: c.Statistics, interrupt: c.Interrupt).Run(compiled, globals));
}
