using Ruchy.Bytecode;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Parity;

/// <summary>Every register-VM opcode is executed by some program of the corpus, and the disassembler names it.</summary>
public sealed class OpcodeCoverageTests
{
    [Theory]
    [InlineData("register", typeof(RegOp))]
    [InlineData("stack", typeof(StackOp))]
    public void BytecodeVm_EveryOpcode_IsExecutedByTheCorpus(string tier, Type opcodes)
    {
        var own = Path.Combine(RepoPaths.Root, "tests", "Ruchy.Tests", "Programs");
        var executed = new HashSet<string>();
        foreach (var f in Directory.GetFiles(own, "*.ruchy", SearchOption.AllDirectories))
        {
            foreach (var options in SwitchMatrix.For(TierRegistry.Get(tier)))
            {
                var stats = new Vm.VmStatistics();
                RuchyEngine.Run(SourceText.From(File.ReadAllText(f), Path.GetFileName(f)), TextWriter.Null, TextWriter.Null, options, new Execution.RunHooks { Statistics = stats });
                foreach (var (op, _) in stats.Histogram()) executed.Add(op);
            }
        }
        var missing = Enum.GetNames(opcodes).Where(n => !executed.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"{tier} opcodes no corpus program executes: " + string.Join(", ", missing));
    }

    [Fact]
    public void Disassembler_ListsEveryFunctionWithPositions()
    {
        var source = SourceText.From("fun add(a, b) { a + b }\nlet f = |x| add(x, 1)\nprintln(f(2))\n", "t.ruchy");
        var listing = RuchyEngine.Disassemble(source, RunOptions.Default, out var diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.NotNull(listing);
        Assert.Contains("function <script>", listing);
        Assert.Contains("function add (params 2", listing);
        Assert.Contains("function <lambda>", listing);
        Assert.Matches(@"\n\s+\d+\s+1:\d+\s+Add\s", listing);
        Assert.Contains("; add", listing);
    }
}
