namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// Decides whether a row's values occur on one line of the output, in order, with only separators between
/// consecutive values. A separator is any byte that is not an ASCII letter or digit and not a line break (so
/// commas, tabs, quotes, brackets, spaces and any non-ASCII character); the run between two values may be empty.
/// </summary>
internal sealed class RowMatcher(OutputIndex index, long maxSteps)
{
    private readonly List<int> _anchors = [];
    private readonly List<int> _current = [];
    private readonly List<int> _next = [];

    /// <summary>Steps spent so far; past the budget <see cref="Matches"/> reports <see cref="BudgetSpent"/>.</summary>
    public long Steps { get; private set; }

    public bool BudgetSpent => Steps > maxSteps;

    /// <summary>
    /// True when the values (slices of <paramref name="text"/> given by <paramref name="starts"/> and
    /// <paramref name="lengths"/>, already folded) occur in order on one output line. Starts from the rarest value
    /// and extends to both sides, so common values cost little.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        var count = starts.Length;
        var anchor = -1;
        var fewest = int.MaxValue;
        for (var k = 0; k < count; k++)
        {
            var occurrences = index.Count(text.Slice(starts[k], lengths[k]));
            Steps++;
            if (occurrences == 0)
            {
                return false;
            }

            if (occurrences < fewest)
            {
                (anchor, fewest) = (k, occurrences);
            }
        }

        index.Occurrences(text.Slice(starts[anchor], lengths[anchor]), _anchors);
        foreach (var position in _anchors)
        {
            if (BudgetSpent)
            {
                return false;
            }

            if (Extend(text, starts, lengths, anchor, position, forward: true)
                && Extend(text, starts, lengths, anchor, position, forward: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>From value <paramref name="from"/> at <paramref name="position"/>, can the values after (or before) it follow?</summary>
    private bool Extend(ReadOnlySpan<byte> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int from, int position, bool forward)
    {
        var output = index.Text;
        _current.Clear();
        _current.Add(position);
        var step = forward ? 1 : -1;
        for (var k = from + step; k >= 0 && k < starts.Length; k += step)
        {
            var value = text.Slice(starts[k], lengths[k]);
            _next.Clear();
            if (forward)
            {
                // Candidates ascend, and every candidate is a start of the same value, so their ends ascend too:
                // a run already scanned from an earlier end never needs scanning again.
                var previousLength = lengths[k - 1];
                var scanned = -1;
                foreach (var start in _current)
                {
                    var j = start + previousLength;
                    if (j <= scanned)
                    {
                        continue;
                    }

                    while (true)
                    {
                        Steps++;
                        if (index.StartsAt(j, value))
                        {
                            _next.Add(j);
                        }

                        if (j < output.Length && IsSeparator(output[j]))
                        {
                            j++;
                            continue;
                        }

                        break;
                    }

                    scanned = j;
                }
            }
            else
            {
                // Mirror image: candidates descend (the list is reversed below), ends of the earlier value are sought
                // leftwards through separators.
                var scanned = int.MaxValue;
                for (var c = _current.Count - 1; c >= 0; c--)
                {
                    var j = _current[c];
                    if (j >= scanned)
                    {
                        continue;
                    }

                    while (true)
                    {
                        Steps++;
                        if (j - value.Length >= 0 && index.StartsAt(j - value.Length, value))
                        {
                            _next.Add(j - value.Length);
                        }

                        if (j > 0 && IsSeparator(output[j - 1]))
                        {
                            j--;
                            continue;
                        }

                        break;
                    }

                    scanned = j;
                }

                _next.Reverse();
            }

            if (_next.Count == 0 || BudgetSpent)
            {
                return false;
            }

            _current.Clear();
            _current.AddRange(_next);
        }

        return true;
    }

    private static bool IsSeparator(byte b) =>
        b >= 0x80 || !(b is (byte)'\n' or (byte)'\r' || char.IsAsciiLetterOrDigit((char)b));
}
