using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Builtins;

/// <summary>
/// File-system and path built-ins on every tier, each case in its own temporary directory so that
/// tiers and parallel tests never share files.
/// </summary>
public sealed class FileSystemTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ruchy-fs-" + Guid.NewGuid().ToString("N"));

    public FileSystemTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Runs on <paramref name="tier"/> with <c>dir</c> bound to a fresh directory; the AST tier gets its own, the outputs must match.</summary>
    private RuchyRunner.Outcome Run(string tier, string code, out string dir)
    {
        dir = Path.Combine(_dir, tier.Replace('+', '_').Replace('=', '_'));
        string refDir = dir + "-ast";
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(refDir);
        var o = RuchyRunner.Run($"let dir = {Quote(dir)}\n{code}", "t.ruchy", tier);
        var reference = RuchyRunner.Run($"let dir = {Quote(refDir)}\n{code}", "t.ruchy", "ast");
        Assert.Equal(reference with { Stdout = reference.Stdout.Replace(refDir, dir), Stderr = reference.Stderr.Replace(refDir, dir) }, o);
        return o;
    }

    private string Out(string tier, string code, out string dir)
    {
        var o = Run(tier, code, out dir);
        Assert.True(o.ExitCode == 0, o.Stderr);
        return o.Stdout;
    }

    [Theory, AllTiers]
    public void WriteReadExists_RoundTrip(string tier)
    {
        string code = """
            let f = path_join(dir, "a.txt")
            println(fs_exists(f))
            println(fs_write(f, "héllo\nworld"))
            println(fs_exists(f))
            println(fs_is_file(f))
            println(fs_is_file(dir))
            println(file_exists(f))
            match fs_read(f) {
                Ok(t) => println(t.len()),
                Err(e) => println("failed " + e),
            }
            println(read_file(f))
            """;
        Assert.Equal("false\nOk(nil)\ntrue\ntrue\nfalse\ntrue\n12\nhéllo\nworld\n", Out(tier, code, out string dir));
        Assert.Equal("héllo\nworld", File.ReadAllText(Path.Combine(dir, "a.txt")));
    }

    [Theory, AllTiers]
    public void Directories_CreateListRemove(string tier)
    {
        string code = """
            let sub = path_join(dir, "x/y")
            println(fs_create_dir(sub))
            println(fs_exists(sub))
            write_file(path_join(sub, "b.txt"), "2")
            write_file(path_join(sub, "a.txt"), "1")
            println(fs_read_dir(sub).map(|p| path_file_name(p)))
            println(fs_remove_dir(sub))
            println(delete_file(path_join(sub, "a.txt")))
            println(fs_remove_file(path_join(sub, "b.txt")))
            println(fs_remove_file(path_join(sub, "b.txt")))
            println(fs_remove_dir(sub))
            println(fs_exists(sub))
            """;
        Assert.Equal("Ok(nil)\ntrue\n[\"a.txt\", \"b.txt\"]\nErr(\"Directory not empty (os error 39)\")\nOk(nil)\nOk(nil)\nOk(nil)\nOk(nil)\nfalse\n",
            Out(tier, code, out _));
    }

    [Theory, AllTiers]
    public void AppendCopyRenameMetadata(string tier)
    {
        string code = """
            let a = path_join(dir, "a.log")
            append_file(a, "one ")
            append_file(a, "two")
            fs_copy(a, path_join(dir, "b.log"))
            fs_rename(path_join(dir, "b.log"), path_join(dir, "c.log"))
            println(read_file(path_join(dir, "c.log")))
            println(fs_exists(path_join(dir, "b.log")))
            let m = fs_metadata(a)
            println(m["size"])
            println(m["is_file"])
            println(fs_metadata(dir)["is_dir"])
            println(fs_canonicalize(path_join(dir, "x/../a.log")) == fs_canonicalize(a))
            """;
        Assert.Equal("one two\nfalse\n7\ntrue\ntrue\ntrue\n", Out(tier, code, out _));
    }

    [Theory]
    [TierData("println(fs_read(dir))", "Err(\"Is a directory (os error 21)\")\n")]
    [TierData("println(fs_write(dir, \"x\"))", "Err(\"Is a directory (os error 21)\")\n")]
    [TierData("fs_write(path_join(dir, \"f\"), \"\")\nprintln(fs_create_dir(path_join(dir, \"f\")))", "Err(\"File exists (os error 17)\")\n")]
    [TierData("println(fs_read(\"\"))", "Err(\"No such file or directory (os error 2)\")\n")]
    public void Failures_AreErrValues(string tier, string code, string expected) =>
        Assert.Equal(expected, Out(tier, code, out _));

    [Theory]
    [TierData("fs_copy(path_join(dir, \"none\"), path_join(dir, \"b\"))", "Failed to copy file: No such file or directory (os error 2)", 2, 1)]
    [TierData("let m = fs_metadata(path_join(dir, \"none\"))", "Failed to get metadata: No such file or directory (os error 2)", 2, 9)]
    [TierData("fs_read_dir(path_join(dir, \"none\"))", "Failed to read directory: No such file or directory (os error 2)", 2, 1)]
    [TierData("fs_canonicalize(path_join(dir, \"none\"))", "Failed to canonicalize path: No such file or directory (os error 2)", 2, 1)]
    [TierData("fs_read(42)", "fs_read() expects a string argument", 2, 1)]
    [TierData("fs_write(dir, 1)", "fs_write() expects two string arguments", 2, 1)]
    [TierData("path_join(1, \"a\")", "path_join() expects two string arguments", 2, 1)]
    [TierData("path_join_many([\"a\", 2])", "path_join_many() expects array of strings", 2, 1)]
    public void BadCalls_ArePositionedErrors(string tier, string code, string message, int line, int col)
    {
        var o = Run(tier, code, out _);
        Assert.Equal(1, o.ExitCode);
        var lines = o.Stderr.Split('\n');
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{col}", lines[1]);
    }

    [Theory]
    [InlineData("path_parent(\"a/b/c.txt\")", "a/b")]
    [InlineData("path_parent(\"a\")", "")]
    [InlineData("path_parent(\"/\")", "nil")]
    [InlineData("path_parent(\"a/./b\")", "a")]
    [InlineData("path_file_name(\"a/b/\")", "b")]
    [InlineData("path_file_name(\"..\")", "nil")]
    [InlineData("path_file_stem(\"a/x.tar.gz\")", "x.tar")]
    [InlineData("path_extension(\"a.b/c\")", "nil")]
    [InlineData("path_with_extension(\"a/b.txt/\", \"md\")", "a/b.md")]
    [InlineData("path_with_file_name(\"/\", \"x\")", "/x")]
    [InlineData("path_join(\"a\", \"\")", "a/")]
    [InlineData("path_normalize(\"/../a/./b/..\")", "/a")]
    [InlineData("path_components(\"a//b/.\")", "[\"a\", \"b\"]")]
    public void PathRules_MatchRustStdPath(string expr, string expected) =>
        Assert.Equal(expected + "\n", RuchyRunner.Output($"println({expr})"));
}
