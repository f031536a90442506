using System.Text;

namespace Ruchy.Tests.TestSupport;

/// <summary>
/// Golden files: expected text committed beside the tests. <see cref="Verify"/> fails with a line diff
/// when the output changes; run the tests with <c>RUCHY_UPDATE_GOLDEN=1</c> to rewrite the files (then
/// review the change with <c>git diff</c> like any other).
/// </summary>
public static class GoldenFile
{
    public const string UpdateVariable = "RUCHY_UPDATE_GOLDEN";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Compares <paramref name="actual"/> with the file at <paramref name="relativePath"/> (from the repository root), or rewrites it.</summary>
    public static void Verify(string relativePath, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        var path = Path.Combine(RepoPaths.Root, relativePath);
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {relativePath} is missing; run the tests with {UpdateVariable}=1 to write it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        Assert.Fail($"output differs from golden file {relativePath} ({UpdateVariable}=1 rewrites it if the change is intended):\n"
            + Diff(expected, actual));
    }

    /// <summary>A unified-style line diff (<c>-</c> expected, <c>+</c> actual) with two lines of context around each change.</summary>
    public static string Diff(string expected, string actual, int context = 2)
    {
        var a = Lines(expected);
        var b = Lines(actual);
        // Longest common subsequence table, from the ends (listings are a few hundred lines at most).
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var ops = new List<(char Op, string Line, int ExpectedLine)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { ops.Add((' ', a[x], x + 1)); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { ops.Add(('-', a[x], x + 1)); x++; }
            else { ops.Add(('+', b[y], x + 1)); y++; }
        }

        var sb = new StringBuilder();
        int last = -1;
        for (int k = 0; k < ops.Count; k++)
        {
            if (ops[k].Op == ' ') continue;
            int from = Math.Max(k - context, last + 1), to = k;
            while (to + 1 < ops.Count && (ops[to + 1].Op != ' ' || NextChangeWithin(ops, to + 1, 2 * context))) to++;
            to = Math.Min(ops.Count - 1, to + context);
            if (from > last + 1 || last < 0) sb.Append("@@ expected line ").Append(ops[from].ExpectedLine).Append(" @@\n");
            for (int i = from; i <= to; i++) sb.Append(ops[i].Op).Append(' ').Append(ops[i].Line).Append('\n');
            last = to;
            k = to;
        }
        if (expected.EndsWith('\n') != actual.EndsWith('\n'))
            sb.Append(expected.EndsWith('\n') ? "(no newline at the end of the output)\n" : "(no newline at the end of the golden file)\n");
        return sb.ToString();
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n');

    private static bool NextChangeWithin(List<(char Op, string Line, int ExpectedLine)> ops, int start, int span)
    {
        for (int i = start; i < ops.Count && i < start + span; i++)
            if (ops[i].Op != ' ') return true;
        return false;
    }
}
