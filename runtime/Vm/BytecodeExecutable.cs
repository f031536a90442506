using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>A program compiled to bytecode, with the VM that runs it (a fresh VM per run: a run leaves state behind).</summary>
internal sealed class BytecodeExecutable(CompiledProgram program, Func<RunContext, VmCore> createVm) : IExecutable
{
    public CompiledProgram Program { get; } = program;

    public Value Run(RunContext context, Value[] globals) => createVm(context).Run(Program, globals);

    public string? List(SourceText source) => Disassembler.Disassemble(Program, source);

    public string? ListFunction(string name, SourceText source) => Disassembler.DisassembleFunction(Program, name, source);

    public string ScriptName => Program.Script.Name;
}
