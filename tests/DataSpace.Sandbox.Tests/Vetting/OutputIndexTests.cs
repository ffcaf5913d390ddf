using System.Text;
using DataSpace.Sandbox.Vetting;

namespace DataSpace.Sandbox.Tests.Vetting;

public sealed class OutputIndexTests
{
    [Theory]
    [InlineData(1, "ab")]
    [InlineData(2, "abc")]
    [InlineData(3, "a")]
    [InlineData(4, "ab\n,")]
    public void Count_RandomText_MatchesNaiveSearch(int seed, string alphabet)
    {
        var random = new Random(seed);
        var text = new byte[500];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)alphabet[random.Next(alphabet.Length)];
        }

        var index = new OutputIndex(text);

        for (var trial = 0; trial < 300; trial++)
        {
            var needle = new byte[random.Next(1, 12)];
            for (var i = 0; i < needle.Length; i++)
            {
                needle[i] = (byte)alphabet[random.Next(alphabet.Length)];
            }

            Assert.Equal(NaiveCount(text, needle), index.Count(needle));
        }
    }

    [Fact]
    public void Occurrences_ReturnsEveryStartAscending()
    {
        var index = new OutputIndex("abcabcab"u8);
        var positions = new List<int>();

        index.Occurrences("ab"u8, positions);

        Assert.Equal([0, 3, 6], positions);
    }

    [Fact]
    public void Contains_FoldsAsciiCase()
    {
        var index = new OutputIndex(Encoding.UTF8.GetBytes("Name: ZHANG Wei, Müller"));

        Assert.True(index.Contains("zhang wei"u8));
        Assert.True(index.Contains(Encoding.UTF8.GetBytes("müller")));
        Assert.False(index.Contains("zhang  wei"u8));
    }

    [Fact]
    public void Contains_NeedleLongerThanOutputOrEmpty_False()
    {
        var index = new OutputIndex("abc"u8);

        Assert.False(index.Contains("abcd"u8));
        Assert.False(index.Contains([]));
    }

    private static int NaiveCount(byte[] text, byte[] needle)
    {
        var count = 0;
        for (var i = 0; i + needle.Length <= text.Length; i++)
        {
            count += text.AsSpan(i, needle.Length).SequenceEqual(needle) ? 1 : 0;
        }

        return count;
    }
}
