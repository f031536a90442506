using Ruchy.Kernel.Jupyter;

namespace Ruchy.Tests.Jupyter;

public class CodePointOffsetsTests
{
    // "😀" is one code point but two UTF-16 units; "é" is one of each.
    private const string Text = "a😀é😀b";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 7)]
    [InlineData(99, 7)]
    public void Code_points_to_utf16_and_back(int codePoints, int utf16)
    {
        Assert.Equal(utf16, CodePointOffsets.ToUtf16(Text, codePoints));
        Assert.Equal(Math.Min(codePoints, 5), CodePointOffsets.ToCodePoints(Text, utf16));
    }

    [Fact]
    public void An_index_inside_a_surrogate_pair_counts_the_pair_as_not_yet_passed()
    {
        Assert.Equal(1, CodePointOffsets.ToCodePoints(Text, 2));
        Assert.Equal(3, CodePointOffsets.ToCodePoints(Text, 5));
        Assert.Equal(0, CodePointOffsets.ToCodePoints("", 5));
        Assert.Equal(0, CodePointOffsets.ToUtf16("", 5));
    }
}
