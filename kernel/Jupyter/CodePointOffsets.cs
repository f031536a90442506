namespace Ruchy.Kernel.Jupyter;

/// <summary>
/// Jupyter's <c>cursor_pos</c> counts Unicode code points (protocol 5.2+); C# strings index UTF-16
/// units, so a character outside the BMP (an emoji) is one position there and two here.
/// </summary>
public static class CodePointOffsets
{
    /// <summary>The UTF-16 index of the code point at <paramref name="codePoints"/>, clamped to the text.</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int seen = 0; seen < codePoints && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The number of code points before UTF-16 index <paramref name="utf16"/>, clamped to the text.</summary>
    public static int ToCodePoints(string text, int utf16)
    {
        int end = Math.Clamp(utf16, 0, text.Length), count = 0;
        for (int i = 0; i < end; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // An index between the halves of a pair has not passed that code point yet.
                if (i + 1 >= end) break;
                i++;
            }
            count++;
        }
        return count;
    }
}
