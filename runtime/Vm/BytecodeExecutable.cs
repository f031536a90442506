using Ruchy.Bytecode;
using Ruchy.Execution;
using Ruchy.Text;
using Ruchy.Tiers;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>A program compiled to bytecode, with the VM that runs it (a fresh VM per run: a run leaves state behind).</summary>
/// <param name="run">Runs the program with the given globals on a new VM for the context.</param>
internal sealed class BytecodeExecutable<TProto>(CompiledProgram<TProto> program, Func<RunContext, CompiledProgram<TProto>, Value[], Value> run) : IExecutable
    where TProto : FunctionProto
{
    public CompiledProgram<TProto> Program { get; } = program;

    public Value Run(RunContext context, Value[] globals) => run(context, Program, globals);

    public string? List(SourceText source) => Disassembler.Disassemble(Program, source);

    public string? ListFunction(string name, SourceText source) => Disassembler.DisassembleFunction(Program, name, source);

    public string ScriptName => Program.Script.Name;
}
