using System.Text;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;

namespace Ruchy.Tests.Reliability;

/// <summary>
/// Issue 22: sources are UTF-8 (a UTF-8 byte-order mark is allowed). A UTF-16 mark (FF FE) used to switch the
/// reader to UTF-16, so a MeTTa file ran nothing and exited 0; invalid bytes became U+FFFD silently.
/// </summary>
public sealed class SourceEncodingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ruchy-encoding-" + Guid.NewGuid().ToString("N"));

    public SourceEncodingTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(_dir, name), bytes);
        return name;
    }

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p).ToArray();

    [Fact]
    public void Decode_Utf8ByteOrderMark_IsSkipped()
    {
        Assert.Equal("let x = 1", SourceFile.Decode(Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "let x = 1"), "a.ruchy"));
    }

    [Fact]
    public void Decode_Utf16Mark_IsInvalidUtf8AtOneOne()
    {
        var e = Assert.Throws<SourceEncodingException>(() => SourceFile.Decode(Bytes(new byte[] { 0xFF, 0xFE }, "!(+ 1 2)\n"), "a.metta"));
        Assert.Equal("a.metta:1:1: invalid UTF-8 (byte 0xFF); source files must be UTF-8", e.Message);
    }

    [Fact]
    public void Decode_BadByteInALaterLine_HasItsLineAndColumn()
    {
        // Columns count UTF-16 units, as diagnostics do: "é" is one, "😀" two.
        var bytes = Bytes("let a = 1\nlet é😀 = \"", new byte[] { 0xC3, 0x28 }, "\"\n");
        var e = Assert.Throws<SourceEncodingException>(() => SourceFile.Decode(bytes, "b.ruchy"));
        Assert.Equal("b.ruchy:2:12: invalid UTF-8 (byte 0xC3); source files must be UTF-8", e.Message);
    }

    [Fact]
    public void Decode_TruncatedSequenceAtTheEnd_IsInvalid()
    {
        var e = Assert.Throws<SourceEncodingException>(() => SourceFile.Decode(Bytes("x", new byte[] { 0xE2, 0x82 }), "c.ruchy"));
        Assert.StartsWith("c.ruchy:1:2: invalid UTF-8 (byte 0xE2)", e.Message);
    }

    [Fact]
    public void Cli_MettaFileWithUtf16Mark_IsAnErrorNotASilentSuccess()
    {
        string file = Write("q.metta", Bytes(new byte[] { 0xFF, 0xFE }, "!(+ 1 2)\n"));
        var r = RuchyProcess.Run(_dir, "metta", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("q.metta:1:1: invalid UTF-8 (byte 0xFF); source files must be UTF-8\n", r.Stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Cli_RuchyFileWithInvalidByte_RunAndCheckReportThePosition()
    {
        string file = Write("p.ruchy", Bytes("println(1)\nprintln(\"a", new byte[] { 0xFF }, "b\")\n"));
        foreach (var command in new[] { "run", "check", "tokens" })
        {
            var r = RuchyProcess.Run(_dir, command, file);
            Assert.True(r.ExitCode == 1, $"{command}: exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
            Assert.Equal("", r.Stdout);
            Assert.Equal("p.ruchy:2:11: invalid UTF-8 (byte 0xFF); source files must be UTF-8\n", r.Stderr.Replace("\r\n", "\n"));
        }
    }

    [Fact]
    public void Cli_RuchyFileWithUtf8Mark_Runs()
    {
        string file = Write("bom.ruchy", Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, "println(\"é\")\n"));
        var r = RuchyProcess.Run(_dir, "run", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("é\n", r.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Metta_ImportOfAModuleWithInvalidUtf8_IsAnErrorWithItsPosition()
    {
        Write("lib.metta", Bytes("(= (f) 1)\n", new byte[] { 0xFE }, "\n"));
        string main = Write("main.metta", Bytes("!(import! &self lib)\n!(f)\n"));
        var r = RuchyProcess.Run(_dir, "metta", main);
        Assert.Contains("lib.metta:2:1: invalid UTF-8 (byte 0xFE)", r.Stdout + r.Stderr);
    }
}
