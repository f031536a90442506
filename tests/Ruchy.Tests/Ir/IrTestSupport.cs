using Ruchy.Tests.TestSupport;
using Ruchy.Ir;
using Ruchy.Semantics;
using Ruchy.Text;

namespace Ruchy.Tests.Ir;

/// <summary>Builds the IR of one function of a snippet, runs chosen passes, and reads the result.</summary>
internal static class IrTestSupport
{
    public static readonly RunOptions IrOn = RunOptions.Default.WithTier("register").With(SwitchRegistry.Ir, true);

    public static IrFunction Build(string code, string function, params string[] passes)
    {
        var compiled = RuchyEngine.Compile(SourceText.From(code, "t.ruchy"));
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        var fn = IrCompiler.Functions(compiled.Program!).Single(f => f.Name == function);
        var f = IrLowering.Lower(fn, IrOn);
        var pipeline = PassPipeline.Of(passes);
        // The program as a module: the inliner's callees are copied after the same passes.
        f.Module = new IrModule(compiled.Program!, IrOn, pipeline);
        IrVerifier.Check(f, "construction");
        pipeline.Run(f);
        return f;
    }

    /// <summary>The live instructions of a function, by opcode.</summary>
    public static List<IrOp> Ops(IrFunction f)
    {
        var ops = new List<IrOp>();
        foreach (var b in f.Blocks)
            if (!b.Removed)
                foreach (var v in b.Instrs) ops.Add(f[v].Op);
        return ops;
    }

    public static int Count(IrFunction f, IrOp op) => Ops(f).Count(o => o == op);

    public static int LiveBlocks(IrFunction f) => f.Blocks.Count(b => !b.Removed);

    /// <summary>Runs a program with the IR pipeline and returns stdout, asserting it matches the AST tier's.</summary>
    public static string RunBoth(string code, RunOptions options)
    {
        var reference = RuchyRunner.Run(code, "t.ruchy", RunOptions.Default);
        var ir = RuchyRunner.Run(code, "t.ruchy", options);
        Assert.Equal(reference, ir);
        return ir.Stdout;
    }
}
