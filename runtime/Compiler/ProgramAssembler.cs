using Ruchy.Bytecode;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Compiler;

/// <summary>Builds a <see cref="CompiledProgram"/> from a resolved program with either bytecode compiler: each function compiled once.</summary>
internal static class ProgramAssembler
{
    public static CompiledProgram Assemble(BoundProgram program, Func<BoundFunction, FunctionProto> compile)
    {
        var protos = new Dictionary<BoundFunction, FunctionProto>(ReferenceEqualityComparer.Instance);
        FunctionProto Get(BoundFunction f)
        {
            if (!protos.TryGetValue(f, out var p)) protos[f] = p = compile(f);
            return p;
        }
        var functions = new (int, FunctionProto)[program.Functions.Length];
        for (int i = 0; i < functions.Length; i++) functions[i] = (program.Functions[i].Global, Get(program.Functions[i].Function));
        var types = new (RType, FunctionProto[])[program.Types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            var (t, ms) = program.Types[i];
            var compiled = new FunctionProto[ms.Length];
            for (int j = 0; j < ms.Length; j++) compiled[j] = Get(ms[j]);
            types[i] = (t, compiled);
        }
        return new CompiledProgram
        {
            Script = compile(program.Script),
            GlobalNames = program.GlobalNames,
            Functions = functions,
            Types = types,
            MainGlobal = program.MainGlobal,
        };
    }
}
