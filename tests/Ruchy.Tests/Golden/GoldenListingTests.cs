using Ruchy.Semantics;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Golden;

/// <summary>
/// Golden listings of the small programs in this folder: the resolved tree (<c>ruchy ast --resolved</c>)
/// and the listing of every tier that has one (<c>ruchy disasm --engine …</c>, default switches: bytecode, the JIT's IL),
/// committed as <c>NAME.resolved.txt</c> and <c>NAME.TIER.txt</c>. A change in the resolver or a compiler
/// shows up as a line diff here; <c>RUCHY_UPDATE_GOLDEN=1</c> rewrites the files when it is intended.
/// </summary>
public sealed class GoldenListingTests
{
    private const string Folder = "tests/Ruchy.Tests/Golden";

    private static IEnumerable<string> Names() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, Folder), "*.ruchy")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Programs() => new(Names());

    public static TheoryData<string, string> ProgramsAndListingTiers()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names())
            foreach (var tier in TierRegistry.WithListing())
                data.Add(name, tier.Name);
        return data;
    }

    /// <summary>The program as its file name alone, so that positions and names in the listings do not depend on the checkout.</summary>
    private static SourceText Load(string name) =>
        SourceText.From(File.ReadAllText(Path.Combine(RepoPaths.Root, Folder, name + ".ruchy")), name + ".ruchy");

    [Theory]
    [MemberData(nameof(Programs))]
    public void ResolvedTree_MatchesGolden(string name)
    {
        var compiled = RuchyEngine.Compile(Load(name));
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        GoldenFile.Verify($"{Folder}/{name}.resolved.txt", BoundTreePrinter.Print(compiled.Program!, compiled.Source));
    }

    [Theory]
    [MemberData(nameof(ProgramsAndListingTiers))]
    public void Bytecode_MatchesGolden(string name, string tier)
    {
        var listing = RuchyEngine.Disassemble(Load(name), TestTiers.Options(tier), out var diagnostics);
        Assert.True(listing != null, string.Join("\n", diagnostics));
        GoldenFile.Verify($"{Folder}/{name}.{tier}.txt", listing);
    }

    /// <summary>The IR listings kept as goldens: as built (O0) and after the default preset (O2).</summary>
    private static readonly string[] IrLevels = ["O0", "O2"];

    public static TheoryData<string, string> ProgramsAndIrLevels()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names())
            foreach (var level in IrLevels) data.Add(name, level);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProgramsAndIrLevels))]
    public void Ir_MatchesGolden(string name, string level)
    {
        var options = RunOptions.Default.WithTier("register").With(SwitchRegistry.Ir, true).With(SwitchRegistry.Opt, level);
        var listing = RuchyEngine.IrListing(Load(name), options, out var diagnostics);
        Assert.True(listing != null, string.Join("\n", diagnostics));
        GoldenFile.Verify($"{Folder}/{name}.ir-{level}.txt", listing);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void BytecodeFromIr_MatchesGolden(string name)
    {
        var listing = RuchyEngine.Disassemble(Load(name), TestTiers.Options("register+ir=on"), out var diagnostics);
        Assert.True(listing != null, string.Join("\n", diagnostics));
        GoldenFile.Verify($"{Folder}/{name}.register-ir.txt", listing);
    }

    [Fact]
    public void EveryGoldenFileBelongsToAProgramAndTier()
    {
        var expected = Names()
            .SelectMany(n => TierRegistry.WithListing().Select(t => $"{n}.{t.Name}.txt").Append($"{n}.resolved.txt")
                .Append($"{n}.register-ir.txt").Concat(IrLevels.Select(l => $"{n}.ir-{l}.txt")))
            .Order(StringComparer.Ordinal);
        var onDisk = Directory.GetFiles(Path.Combine(RepoPaths.Root, Folder), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, onDisk);
    }

    [Fact]
    public void Diff_ShowsChangedLinesWithContext()
    {
        var expected = string.Join("\n", Enumerable.Range(1, 12).Select(i => "line " + i)) + "\n";
        var actual = expected.Replace("line 3\n", "line three\n", StringComparison.Ordinal).Replace("line 11\n", "", StringComparison.Ordinal);
        Assert.Equal(
            """
            @@ expected line 1 @@
              line 1
              line 2
            - line 3
            + line three
              line 4
              line 5
            @@ expected line 9 @@
              line 9
              line 10
            - line 11
              line 12

            """.ReplaceLineEndings("\n"),
            GoldenFile.Diff(expected, actual));
    }
}
