using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>The IR pipeline of the register tier: resolved tree → IR (per function) → passes → register bytecode.</summary>
internal static class IrCompiler
{
    /// <summary>Set by <c>--verify-ir</c> and the tests: the verifier runs after construction and after every pass.</summary>
    public static bool VerifyAlways { get; set; }

    public static CompiledProgram<RegisterProto> Compile(BoundProgram program, RunOptions options)
    {
        var pipeline = PassPipeline.For(options);
        return ProgramAssembler.Assemble(program, (fn, isMain) => RegisterEmitter.Emit(Build(fn, options, pipeline), options, isMain));
    }

    /// <summary>The IR of one function (and its closures) after construction and the pipeline's passes.</summary>
    public static IrFunction Build(BoundFunction fn, RunOptions options, PassPipeline? pipeline = null, Action<IrPass, IrFunction>? after = null)
    {
        var f = IrLowering.Lower(fn, options);
        if (VerifyAlways) IrVerifier.Check(f, "construction");
        (pipeline ?? PassPipeline.For(options)).Run(f, after);
        return f;
    }

    /// <summary>The printed IR of the script, the top-level functions and the methods, in that order.</summary>
    public static string Listing(BoundProgram program, RunOptions options)
    {
        var sb = new System.Text.StringBuilder();
        IrPrinter.Print(Build(program.Script, options), sb);
        foreach (var (_, fn) in program.Functions)
        {
            sb.Append('\n');
            IrPrinter.Print(Build(fn, options), sb);
        }
        foreach (var (type, methods) in program.Types)
            foreach (var m in methods)
            {
                sb.Append('\n');
                IrPrinter.Print(Build(m, options), sb);
            }
        return sb.ToString();
    }
}
