using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Parity;

/// <summary>The bytecode contract: protos per instruction set, their own side-table data (no resolved-tree nodes), main off the direct call path.</summary>
public sealed class BytecodeContractTests
{
    private static BoundProgram Resolve(string code)
    {
        var r = RuchyEngine.Compile(SourceText.From(code, "t.ruchy"));
        Assert.DoesNotContain(r.Diagnostics, d => d.IsError);
        return r.Program!;
    }

    private static IEnumerable<FunctionProto> AllProtos<TProto>(CompiledProgram<TProto> program) where TProto : FunctionProto
    {
        var seen = new HashSet<FunctionProto>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<FunctionProto>();
        pending.Push(program.Script);
        foreach (var (_, f) in program.Functions) pending.Push(f);
        foreach (var (_, methods) in program.Types)
            foreach (var m in methods) pending.Push(m);
        while (pending.Count > 0)
        {
            var p = pending.Pop();
            if (!seen.Add(p)) continue;
            yield return p;
            foreach (var side in p.Side)
                if (side is FunctionProto nested) pending.Push(nested);
        }
    }

    [Fact]
    public void Bytecode_SideTables_HoldNoTreeNodes()
    {
        var own = Path.Combine(RepoPaths.Root, "tests", "Ruchy.Tests", "Programs");
        int checkedPrograms = 0;
        foreach (var f in Directory.GetFiles(own, "*.ruchy", SearchOption.AllDirectories))
        {
            var r = RuchyEngine.Compile(SourceText.From(File.ReadAllText(f), Path.GetFileName(f)));
            if (r.Program == null || r.Diagnostics.Any(d => d.IsError)) continue;
            var protos = AllProtos(RegisterCompiler.Compile(r.Program)).Concat(AllProtos(StackCompiler.Compile(r.Program)));
            foreach (var p in protos)
                foreach (var side in p.Side)
                {
                    var ns = side.GetType().Namespace ?? "";
                    Assert.False(ns.StartsWith("Ruchy.Semantics", StringComparison.Ordinal) || ns.StartsWith("Ruchy.Syntax", StringComparison.Ordinal),
                        $"{Path.GetFileName(f)}: {p.Name} holds a {side.GetType().FullName} in its side table");
                }
            checkedPrograms++;
        }
        Assert.True(checkedPrograms > 20, $"only {checkedPrograms} programs compiled");
    }

    [Fact]
    public void Bytecode_FString_KeepsLiteralsSpecsAndPositions()
    {
        const string code = "let x = 1\nlet y = 2.5\nprintln(f\"a{x}b{y:.2}{x}\")\n";
        var program = Resolve(code);
        var register = AllProtos(RegisterCompiler.Compile(program)).SelectMany(p => p.Side).OfType<FStringSite>().Single();
        var stack = AllProtos(StackCompiler.Compile(program)).SelectMany(p => p.Side).OfType<FStringSite>().Single();
        foreach (var site in new[] { register, stack })
        {
            Assert.Equal(3, site.ValueCount);
            Assert.Equal(["a", "b", "", ""], site.Literals);
            Assert.Equal(new string?[] { null, ".2", null }, (IEnumerable<string?>)site.Specs);
            Assert.Equal(code.IndexOf("x}b", StringComparison.Ordinal), site.ValuePositions[0]);
        }
    }

    [Fact]
    public void Bytecode_DirectCallArities_ExcludeMainAndDefaults()
    {
        var program = Resolve("fun add(a, b) { a + b }\nfun opt(a, b = 1) { a + b }\nfun main() { println(add(1, 2) + opt(1)) }\n");
        foreach (var protos in new[] { AllProtos(RegisterCompiler.Compile(program)).ToList(), AllProtos(StackCompiler.Compile(program)).ToList() })
        {
            Assert.Equal(2, protos.Single(p => p.Name == "add").DirectArgc);
            Assert.Equal(-1, protos.Single(p => p.Name == "opt").DirectArgc);
            Assert.Equal(-1, protos.Single(p => p.Name == "main").DirectArgc);
        }
        Assert.All(AllProtos(RegisterCompiler.Compile(program)), p => Assert.IsType<RegisterProto>(p));
        Assert.All(AllProtos(StackCompiler.Compile(program)), p => Assert.IsType<StackProto>(p));
    }
}
