using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Ruchy.Text;

/// <summary>
/// A source file that is not valid UTF-8: the message is <c>file:line:col: ...</c>, the position of the
/// first bad byte (columns in UTF-16 code units, as every other diagnostic).
/// </summary>
public sealed class SourceEncodingException(string message) : IOException(message);

/// <summary>
/// Reads program files (Ruchy and MeTTa) as UTF-8, the one encoding sources have. A UTF-8 byte-order
/// mark is skipped; any other (FF FE is not UTF-16 here) is invalid UTF-8 and reported with its
/// position instead of being decoded silently into something else or into U+FFFD.
/// </summary>
public static class SourceFile
{
    /// <summary>The text of <paramref name="path"/>; <paramref name="displayPath"/> names it in the error.</summary>
    /// <exception cref="SourceEncodingException">The file is not valid UTF-8.</exception>
    public static string ReadText(string path, string? displayPath = null) => Decode(File.ReadAllBytes(path), displayPath ?? path);

    /// <summary>Decodes <paramref name="bytes"/> strictly (see the class summary).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string displayPath)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        int bad = FirstInvalidByte(bytes);
        if (bad < 0) return Encoding.UTF8.GetString(bytes);
        int lineStart = bytes[..bad].LastIndexOf((byte)'\n') + 1;
        int line = bytes[..lineStart].Count((byte)'\n') + 1;
        int column = Encoding.UTF8.GetCharCount(bytes[lineStart..bad]) + 1;
        throw new SourceEncodingException($"{displayPath}:{line}:{column}: invalid UTF-8 (byte 0x{bytes[bad]:X2}); source files must be UTF-8");
    }

    /// <summary>The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1.</summary>
    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return -1;
        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int done = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(bytes[done..], chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
                done += read;
                if (status == OperationStatus.InvalidData) return done;
                if (status == OperationStatus.Done) return -1;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
