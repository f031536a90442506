using System.Diagnostics;
using System.Xml.Linq;
using Ruchy.Ir;
using Ruchy.Notebook;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Xunit.Abstractions;
using static Ruchy.Tests.Ir.IrTestSupport;

namespace Ruchy.Tests.Ir;

/// <summary>The control-flow graph drawn as SVG: well-formed, one box per live block, one path per edge, loops drawn back.</summary>
public sealed class IrSvgTests(ITestOutputHelper output)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const string Loops = """
        fun f(n) {
            let mut s = 0
            let mut i = 0
            while i < n {
                let mut j = 0
                while j < i { if j % 2 == 0 { s = s + j } else { s = s - 1 }; j = j + 1 }
                i = i + 1
            }
            s
        }
        println(f(5))
        """;

    private static List<XElement> WithClass(XDocument doc, string name, string cls) =>
        doc.Descendants(Svg + name).Where(e => ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls)).ToList();

    private static int EdgeCount(IrFunction f)
    {
        int edges = 0;
        foreach (var b in f.Blocks)
            if (!b.Removed && f.Terminator(b.Id) is var t and >= 0) edges += f[t].EdgeCount;
        return edges;
    }

    [Theory]
    [InlineData("")]
    [InlineData("sccp,dce,simplify_cfg")]
    public void Svg_HasOneBoxPerLiveBlock_AndOnePathPerEdge(string passes)
    {
        var f = Build(Loops, "f", passes.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var doc = XDocument.Parse(CfgSvg.Render([f]));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(LiveBlocks(f), WithClass(doc, "g", "block").Count);
        Assert.Equal(EdgeCount(f), WithClass(doc, "path", "edge").Count);
        // Two nested loops: at least two back edges, drawn around the side; a loop head has its label.
        Assert.True(WithClass(doc, "path", "back").Count >= 2);
        Assert.Contains(doc.Descendants(Svg + "tspan"), t => t.Value.Contains("loop_head"));
        // Conditional edges are coloured by their successor.
        Assert.NotEmpty(WithClass(doc, "path", "true"));
        Assert.NotEmpty(WithClass(doc, "path", "false"));
        Assert.Equal("fn f", doc.Descendants(Svg + "text").First().Value);
    }

    [Fact]
    public void Svg_EscapesText_AndCutsLongLines()
    {
        string code = $"fun g() {{ println(\"a<b & c>\"); println(\"{new string('y', 90)}\") }}\ng()";
        var f = Build(code, "g");
        string svg = CfgSvg.Render([f]);
        Assert.Contains("&lt;b &amp; c&gt;", svg);
        var doc = XDocument.Parse(svg);
        var lines = doc.Descendants(Svg + "tspan").Select(t => t.Value).ToList();
        Assert.Contains(lines, l => l.Contains("\"a<b & c>\""));
        Assert.All(lines, l => Assert.True(l.Length <= 70, l));
        Assert.Contains(lines, l => l.Contains("yyy") && l.EndsWith('…'));
        // The function's name is "<script>" for the top level: escaped in the title too.
        var script = IrCompiler.Build(IrCompiler.Functions(RuchyEngine.Compile(SourceText.From(code, "t.ruchy")).Program!).First(), IrOn);
        Assert.Equal("fn <script>", XDocument.Parse(CfgSvg.Render([script])).Descendants(Svg + "text").First().Value);
    }

    [Fact]
    public void Svg_IsTheSameBytes_EveryTime()
    {
        var source = SourceText.From(File.ReadAllText(Path.Combine(RepoPaths.Root, "datasets/awfy/sieve.ruchy")), "sieve.ruchy");
        string? first = RuchyEngine.IrSvg(source, IrOn, out _);
        string? second = RuchyEngine.IrSvg(source, IrOn, out _);
        Assert.NotNull(first);
        Assert.Equal(first, second);
        var doc = XDocument.Parse(first!);
        Assert.Contains(WithClass(doc, "g", "function"), g => g.Element(Svg + "text")!.Value == "fn sieve");
    }

    [Fact]
    public void Svg_SelectsOneFunction_ByName()
    {
        var source = SourceText.From(Loops, "t.ruchy");
        var doc = XDocument.Parse(RuchyEngine.IrSvg(source, IrOn, out _, function: "f")!);
        Assert.Single(WithClass(doc, "g", "function"));
        var e = Assert.Throws<ArgumentException>(() => RuchyEngine.IrSvg(source, IrOn, out _, function: "nope"));
        Assert.Contains("f", e.Message);
    }

    [Fact]
    public void Magic_IrCfg_ShowsTheGraphAsSvg_WithTheListingAsText()
    {
        var s = new NotebookSession();
        s.Execute("fn total(n) { let mut t = 0; for i in 0..n { t = t + i }; t }", new RecordingOutput());
        var result = s.Execute("%ir total --cfg -O 2", new RecordingOutput());
        Assert.Equal(CellStatus.Ok, result.Status);
        var svg = result.Value!.Get("image/svg+xml");
        Assert.NotNull(svg);
        var doc = XDocument.Parse(svg!);
        Assert.NotEmpty(WithClass(doc, "path", "back"));
        Assert.StartsWith("fn total {", result.Value.PlainText);
        Assert.DoesNotContain(";; after", result.Value.PlainText);

        var cell = s.Execute("%%ir --cfg\nfn twice(x) { total(x) * 2 }\ntwice(3)", new RecordingOutput());
        var names = WithClass(XDocument.Parse(cell.Value!.Get("image/svg+xml")!), "g", "function")
            .Select(g => g.Element(Svg + "text")!.Value).ToList();
        Assert.Equal(["fn <script>", "fn twice"], names);
    }

    [Fact]
    public void Cli_IrSvg_WritesTheFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ruchy-svg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "loops.ruchy"), Loops);
            var r = RuchyProcess.Run(dir, "ir", "loops.ruchy", "--svg", "-O", "1", "--function", "f", "-o", "f.svg");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal("", r.Stdout);
            var doc = XDocument.Load(Path.Combine(dir, "f.svg"));
            Assert.Single(WithClass(doc, "g", "function"));
            Assert.NotEmpty(WithClass(doc, "path", "back"));
            var all = RuchyProcess.Run(dir, "ir", "loops.ruchy", "--svg", "--passes", "sccp,dce");
            Assert.True(all.ExitCode == 0, all.Stderr);
            Assert.Equal(2, WithClass(XDocument.Parse(all.Stdout), "g", "function").Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>IrDot's output is accepted by Graphviz, when it is installed (nothing to check otherwise).</summary>
    [Fact]
    public async Task Dot_IsAcceptedByGraphviz_WhenInstalled()
    {
        string? dot = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "dot")).FirstOrDefault(File.Exists);
        if (dot == null)
        {
            output.WriteLine("dot (Graphviz) is not installed: IrDot's output was not rendered");
            return;
        }
        string text = RuchyEngine.IrGraph(SourceText.From(Loops, "t.ruchy"), IrOn, out _)!;
        var psi = new ProcessStartInfo(dot, "-Tsvg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(60_000), "dot did not finish");
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("<svg", await stdout);
    }
}
