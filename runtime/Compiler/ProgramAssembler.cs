using Ruchy.Bytecode;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Compiler;

/// <summary>Builds a <see cref="CompiledProgram{TProto}"/> from a resolved program with either bytecode compiler: each function compiled once.</summary>
internal static class ProgramAssembler
{
    /// <param name="compile">Compiles one function; its second argument tells whether it is the program's main.</param>
    public static CompiledProgram<TProto> Assemble<TProto>(BoundProgram program, Func<BoundFunction, bool, TProto> compile) where TProto : FunctionProto
    {
        // The main function is the one that ends up in the main global when the VM loads the functions in order (the last).
        BoundFunction? main = null;
        if (program.MainGlobal >= 0)
            foreach (var (global, function) in program.Functions)
                if (global == program.MainGlobal) main = function;
        var protos = new Dictionary<BoundFunction, TProto>(ReferenceEqualityComparer.Instance);
        TProto Get(BoundFunction f)
        {
            if (!protos.TryGetValue(f, out var p)) protos[f] = p = compile(f, ReferenceEquals(f, main));
            return p;
        }
        var functions = new (int, TProto)[program.Functions.Length];
        for (int i = 0; i < functions.Length; i++) functions[i] = (program.Functions[i].Global, Get(program.Functions[i].Function));
        var types = new (RType, TProto[])[program.Types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            var (t, ms) = program.Types[i];
            var compiled = new TProto[ms.Length];
            for (int j = 0; j < ms.Length; j++) compiled[j] = Get(ms[j]);
            types[i] = (t, compiled);
        }
        return new CompiledProgram<TProto>
        {
            Script = compile(program.Script, false),
            GlobalNames = program.GlobalNames.ToArray(),
            Functions = functions,
            Types = types,
            MainGlobal = program.MainGlobal,
        };
    }

    /// <summary>A proto's header from the resolved function (both compilers): the arrays are copied, so the bytecode shares nothing with the tree.</summary>
    public static ProtoHeader Header(BoundFunction fn, bool isMain) => new(
        fn.Name, fn.Pos, fn.ParamCount, fn.RequiredParams, fn.ParamNames.ToArray(), fn.SelfKind, fn.HasDefaults, fn.Captures.ToArray(), isMain, fn);
}
