using System.Globalization;

namespace DataSpace.Policy.Model;

/// <summary>
/// An <c>xsd:duration</c> (XML Schema 1.1 Part 2 §3.3.6): months, which have no fixed length, kept apart
/// from the exact time part so comparisons never guess a month's length.
/// </summary>
public readonly record struct XsdDuration(bool Negative, int Months, TimeSpan Time)
{
    /// <summary>Parses <c>-?PnYnMnDTnHnMnS</c>; returns false for anything else.</summary>
    public static bool TryParse(string text, out XsdDuration duration)
    {
        duration = default;
        var span = text.AsSpan();
        var negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }

        if (span.Length < 2 || span[0] != 'P')
        {
            return false;
        }

        span = span[1..];
        long months = 0;
        decimal seconds = 0;
        var inTime = false;
        var any = false;
        var order = 0;
        while (!span.IsEmpty)
        {
            if (span[0] == 'T')
            {
                if (inTime || span.Length == 1)
                {
                    return false;
                }

                inTime = true;
                span = span[1..];
                continue;
            }

            var end = 0;
            while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
            {
                end++;
            }

            if (end == 0 || end == span.Length ||
                !decimal.TryParse(span[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var designator = span[end];
            var rank = (inTime, designator) switch
            {
                (false, 'Y') => 1,
                (false, 'M') => 2,
                (false, 'D') => 3,
                (true, 'H') => 4,
                (true, 'M') => 5,
                (true, 'S') => 6,
                _ => 0,
            };
            if (rank <= order || (rank != 6 && span[..end].Contains('.')) || value > 1_000_000)
            {
                return false;
            }

            order = rank;
            switch (rank)
            {
                case 1: months += (long)value * 12; break;
                case 2: months += (long)value; break;
                case 3: seconds += value * 86_400; break;
                case 4: seconds += value * 3_600; break;
                case 5: seconds += value * 60; break;
                default: seconds += value; break;
            }

            any = true;
            span = span[(end + 1)..];
        }

        if (!any || months > int.MaxValue || seconds > (decimal)TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = new XsdDuration(negative, (int)months, TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond)));
        return true;
    }
}
