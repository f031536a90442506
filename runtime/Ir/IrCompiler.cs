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

    /// <param name="compiled">Called with each top-level function's optimized IR and its proto (the JIT tier keeps the IR).</param>
    public static CompiledProgram<RegisterProto> Compile(BoundProgram program, RunOptions options, Action<IrFunction, RegisterProto>? compiled = null)
    {
        var pipeline = PassPipeline.For(options);
        var module = new IrModule(program, options, pipeline);
        return ProgramAssembler.Assemble(program, (fn, isMain) =>
        {
            var ir = Build(fn, options, pipeline, module: module);
            var proto = RegisterEmitter.Emit(ir, options, isMain, keepFrameMap: compiled != null);
            compiled?.Invoke(ir, proto);
            return proto;
        });
    }

    /// <summary>The IR of one function (and its closures) after construction and the pipeline's passes.</summary>
    public static IrFunction Build(BoundFunction fn, RunOptions options, PassPipeline? pipeline = null, Action<IrPass, IrFunction>? after = null,
        IrModule? module = null)
    {
        var f = IrLowering.Lower(fn, options);
        SetModule(f, module);
        if (VerifyAlways) IrVerifier.Check(f, "construction");
        (pipeline ?? PassPipeline.For(options)).Run(f, after);
        return f;
    }

    private static void SetModule(IrFunction f, IrModule? module)
    {
        f.Module = module;
        foreach (var child in f.Children) SetModule(child, module);
    }

    /// <summary>
    /// The printed IR of the script, the top-level functions and the methods, in that order, after the
    /// pipeline the options (or <paramref name="passes"/>) select. With <paramref name="each"/>, every function
    /// is printed after construction and after each pass, lines new since the previous print marked with *;
    /// with <paramref name="afterPass"/>, only after that pass.
    /// </summary>
    public static string Listing(BoundProgram program, RunOptions options, IReadOnlyList<string>? passes = null, string? afterPass = null, bool each = false,
        IReadOnlyCollection<string>? only = null)
    {
        var pipeline = passes != null ? PassPipeline.Of(passes) : PassPipeline.For(options);
        if (afterPass != null && !pipeline.Passes.Any(p => p.Name == afterPass))
            throw new ArgumentException($"pass '{afterPass}' is not in the pipeline ({string.Join(", ", pipeline.Passes.Select(p => p.Name))})");
        var module = new IrModule(program, options, pipeline);
        var sb = new System.Text.StringBuilder();
        foreach (var fn in Functions(program))
        {
            if (only != null && !only.Contains(fn.Name)) continue;
            if (sb.Length > 0) sb.Append('\n');
            if (!each && afterPass == null)
            {
                IrPrinter.Print(Build(fn, options, pipeline, module: module), sb);
                continue;
            }
            string previous = "";
            var f = IrLowering.Lower(fn, options);
            SetModule(f, module);
            if (VerifyAlways) IrVerifier.Check(f, "construction");
            if (each) previous = Section(sb, "construction", IrPrinter.Print(f), previous);
            pipeline.Run(f, (pass, g) =>
            {
                if (g != f) return;
                if (each || pass.Name == afterPass) previous = Section(sb, pass.Name, IrPrinter.Print(f), previous);
            });
        }
        return sb.ToString();
    }

    /// <summary>The script, then the top-level functions, then the methods.</summary>
    public static IEnumerable<BoundFunction> Functions(BoundProgram program)
    {
        yield return program.Script;
        // A method is also a global (Type::method): list it once, with the methods.
        var methods = new HashSet<BoundFunction>();
        foreach (var (_, ms) in program.Types) methods.UnionWith(ms);
        foreach (var (_, fn) in program.Functions)
            if (!methods.Contains(fn)) yield return fn;
        foreach (var (_, ms) in program.Types)
            foreach (var m in ms) yield return m;
    }

    private static string Section(System.Text.StringBuilder sb, string title, string text, string previous)
    {
        sb.Append(";; after ").Append(title).Append('\n');
        var old = new HashSet<string>(previous.Split('\n'));
        foreach (var line in text.TrimEnd('\n').Split('\n'))
            sb.Append(previous.Length > 0 && !old.Contains(line) ? "* " : "  ").Append(line).Append('\n');
        return text;
    }
}
