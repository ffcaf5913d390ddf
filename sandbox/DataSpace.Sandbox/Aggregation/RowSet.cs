namespace DataSpace.Sandbox.Aggregation;

/// <summary>Bit operations on a per-batch set of rows (bit r of word r / 64).</summary>
internal static class RowSet
{
    /// <summary>Index of the first set bit below <paramref name="count"/>, or -1 when rows 0 .. count-1 are all clear.</summary>
    public static int FirstSetBelow(ReadOnlySpan<ulong> bits, int count)
    {
        var fullWords = count >> 6;
        for (var w = 0; w < fullWords; w++)
        {
            if (bits[w] != 0)
            {
                return (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits[w]);
            }
        }

        var rest = count & 63;
        if (rest != 0)
        {
            var word = bits[fullWords] & ((1UL << rest) - 1);
            if (word != 0)
            {
                return (fullWords << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
            }
        }

        return -1;
    }

    /// <summary>Sets rows 0 .. count-1.</summary>
    public static void SetBelow(Span<ulong> bits, int count)
    {
        var fullWords = count >> 6;
        bits[..fullWords].Fill(ulong.MaxValue);
        var rest = count & 63;
        if (rest != 0)
        {
            bits[fullWords] |= (1UL << rest) - 1;
        }
    }

    /// <summary>Sets the bit of <paramref name="row"/>; false when it was already set.</summary>
    public static bool TrySet(Span<ulong> bits, int row)
    {
        ref var word = ref bits[row >> 6];
        var mask = 1UL << (row & 63);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        return true;
    }

    public static int WordsFor(int rows) => (rows + 63) >> 6;
}
