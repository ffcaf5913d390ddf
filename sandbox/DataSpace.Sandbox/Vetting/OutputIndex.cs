namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// The job's output, ASCII letters folded to lower case, with its suffix array: any byte string can then be looked
/// up as a substring in O(length · log n), however many values are searched and whatever their lengths.
/// Built by prefix doubling with counting sorts, O(n log n) even for repetitive output a job might craft.
/// </summary>
internal sealed class OutputIndex
{
    private readonly byte[] _text;
    private readonly int[] _suffixes;

    public OutputIndex(ReadOnlySpan<byte> output)
    {
        _text = output.ToArray();
        Fold(_text);
        _suffixes = BuildSuffixArray(_text);
    }

    /// <summary>The folded output.</summary>
    public ReadOnlySpan<byte> Text => _text;

    /// <summary>ASCII A–Z to a–z in place; other bytes (including all of UTF-8 beyond ASCII) unchanged.</summary>
    public static void Fold(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] - (uint)'A' <= 'Z' - 'A')
            {
                bytes[i] |= 0x20;
            }
        }
    }

    /// <summary>True when the (folded) needle occurs in the output.</summary>
    public bool Contains(ReadOnlySpan<byte> needle) => Count(needle) > 0;

    /// <summary>How many times the (folded) needle occurs in the output.</summary>
    public int Count(ReadOnlySpan<byte> needle)
    {
        var (start, end) = Range(needle);
        return end - start;
    }

    /// <summary>Writes the start positions of every occurrence of the needle, ascending, into <paramref name="positions"/>.</summary>
    public void Occurrences(ReadOnlySpan<byte> needle, List<int> positions)
    {
        positions.Clear();
        var (start, end) = Range(needle);
        for (var i = start; i < end; i++)
        {
            positions.Add(_suffixes[i]);
        }

        positions.Sort();
    }

    /// <summary>True when the needle occurs at <paramref name="position"/>.</summary>
    public bool StartsAt(int position, ReadOnlySpan<byte> needle) =>
        position <= _text.Length - needle.Length && _text.AsSpan(position, needle.Length).SequenceEqual(needle);

    private (int Start, int End) Range(ReadOnlySpan<byte> needle)
    {
        if (needle.IsEmpty || needle.Length > _text.Length)
        {
            return (0, 0);
        }

        // Lower bound: first suffix whose prefix is >= needle; upper bound: first whose prefix is > needle.
        int lo = 0, hi = _suffixes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ComparePrefix(_suffixes[mid], needle) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var start = lo;
        hi = _suffixes.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ComparePrefix(_suffixes[mid], needle) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (start, lo);
    }

    private int ComparePrefix(int suffix, ReadOnlySpan<byte> needle)
    {
        var prefix = _text.AsSpan(suffix, Math.Min(needle.Length, _text.Length - suffix));
        return prefix.SequenceCompareTo(needle);
    }

    /// <summary>
    /// Suffix array by sorting the cyclic shifts of text + sentinel (the sentinel sorts first and is dropped),
    /// doubling the compared length each round with two counting sorts.
    /// </summary>
    private static int[] BuildSuffixArray(byte[] text)
    {
        var n = text.Length + 1;
        var order = new int[n];
        var classes = new int[n];
        var counts = new int[Math.Max(257, n)];
        for (var i = 0; i < n; i++)
        {
            counts[Symbol(text, i)]++;
        }

        for (var i = 1; i < 257; i++)
        {
            counts[i] += counts[i - 1];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            order[--counts[Symbol(text, i)]] = i;
        }

        var classCount = 1;
        for (var i = 1; i < n; i++)
        {
            classCount += Symbol(text, order[i]) != Symbol(text, order[i - 1]) ? 1 : 0;
            classes[order[i]] = classCount - 1;
        }

        var shifted = new int[n];
        var next = new int[n];
        for (var half = 1; half < n && classCount < n; half <<= 1)
        {
            // Sorted by the second half already: shifting each start left by `half` orders by (first, second) once
            // a stable counting sort by the first half's class runs.
            for (var i = 0; i < n; i++)
            {
                var start = order[i] - half;
                shifted[i] = start < 0 ? start + n : start;
            }

            Array.Clear(counts, 0, classCount);
            for (var i = 0; i < n; i++)
            {
                counts[classes[shifted[i]]]++;
            }

            for (var i = 1; i < classCount; i++)
            {
                counts[i] += counts[i - 1];
            }

            for (var i = n - 1; i >= 0; i--)
            {
                order[--counts[classes[shifted[i]]]] = shifted[i];
            }

            next[order[0]] = 0;
            classCount = 1;
            for (var i = 1; i < n; i++)
            {
                int current = order[i], previous = order[i - 1];
                var currentSecond = current + half >= n ? current + half - n : current + half;
                var previousSecond = previous + half >= n ? previous + half - n : previous + half;
                if (classes[current] != classes[previous] || classes[currentSecond] != classes[previousSecond])
                {
                    classCount++;
                }

                next[current] = classCount - 1;
            }

            (classes, next) = (next, classes);
        }

        return order[1..];
    }

    private static int Symbol(byte[] text, int i) => i < text.Length ? text[i] + 1 : 0;
}
