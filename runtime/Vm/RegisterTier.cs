using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Tiers;

namespace Ruchy.Vm;

/// <summary>The register VM: the production bytecode tier.</summary>
internal sealed class RegisterTier : ITier
{
    public string Name => "register";

    public string Description => "register VM (bytecode with register operands)";

    public bool HasListing => true;

    public bool CollectsStatistics => true;

    public IExecutable Prepare(BoundProgram program, RunOptions options) =>
        new BytecodeExecutable<RegisterProto>(
            options.IsOn(SwitchRegistry.Ir) ? Ir.IrCompiler.Compile(program, options) : RegisterCompiler.Compile(program, options),
            static (c, compiled, globals) => new RegisterVm(c.Source, c.Stdout, c.Stderr, statistics: c.Statistics, interrupt: c.Interrupt).Run(compiled, globals));
}
