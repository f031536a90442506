using Microsoft.DotNet.Interactive;

namespace RuchyLab.Interactive;

/// <summary>.NET Interactive speaks 0-based (line, character) in UTF-16 units; the session speaks UTF-16 offsets.</summary>
internal static class LinePositions
{
    public static int ToOffset(string code, LinePosition position)
    {
        int offset = 0;
        for (int line = 0; line < position.Line; line++)
        {
            int eol = code.IndexOf('\n', offset);
            if (eol < 0) return code.Length;
            offset = eol + 1;
        }
        int lineEnd = code.IndexOf('\n', offset);
        if (lineEnd < 0) lineEnd = code.Length;
        return Math.Min(offset + Math.Max(0, position.Character), lineEnd);
    }

    public static LinePosition FromOffset(string code, int offset)
    {
        offset = Math.Clamp(offset, 0, code.Length);
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
            if (code[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        return new LinePosition(line, offset - lineStart);
    }

    public static LinePositionSpan Span(string code, int start, int end) => new(FromOffset(code, start), FromOffset(code, end));
}
