namespace Ruchy.Text;

/// <summary>A source file: its name (as given by the user) and text, with line starts for line:col lookups.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public string Path { get; }
    public string Text { get; }

    private SourceText(string text, string path)
    {
        Text = text;
        Path = path;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = starts.ToArray();
    }

    public static SourceText From(string text, string path = "<input>") => new(text, path);

    public static SourceText Load(string path) => new(SourceFile.ReadText(path), path);

    /// <summary>1-based line and column of a character offset (columns count UTF-16 code units).</summary>
    public (int Line, int Column) GetLineColumn(int offset)
    {
        int index = Array.BinarySearch(_lineStarts, offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    public string GetLine(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        int start = _lineStarts[line - 1];
        int end = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
        return Text[start..end].TrimEnd('\r', '\n');
    }
}
