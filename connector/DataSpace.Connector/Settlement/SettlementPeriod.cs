using System.Globalization;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// A settlement period: a calendar month in China Standard Time (UTC+8, <see cref="PricingCalendar"/>), written
/// <c>yyyy-MM</c>, e.g. <c>2026-11</c>. A run belongs to the period holding the time of its run-ending log entry.
/// </summary>
public readonly record struct SettlementPeriod(int Year, int Month)
{
    /// <summary>
    /// How long after its end a period may be closed: every entry's time is taken before it is appended, so an entry
    /// of the period's last instant is in the log well within this.
    /// </summary>
    public static readonly TimeSpan ClosingGrace = TimeSpan.FromMinutes(1);

    /// <summary>The first instant of the period (midnight UTC+8 on the 1st).</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, PricingCalendar.Offset);

    /// <summary>The first instant after the period.</summary>
    public DateTimeOffset End => Start.AddMonths(1);

    /// <summary>The first instant at which the period may be closed: its end plus <see cref="ClosingGrace"/>.</summary>
    public DateTimeOffset ClosableFrom => End + ClosingGrace;

    /// <summary>The period holding <paramref name="at"/>.</summary>
    public static SettlementPeriod Of(DateTimeOffset at)
    {
        var local = at.ToOffset(PricingCalendar.Offset);
        return new SettlementPeriod(local.Year, local.Month);
    }

    /// <summary>Whether <paramref name="at"/> falls in the period.</summary>
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>Reads <c>yyyy-MM</c> (years 2000 to 9998).</summary>
    public static bool TryParse(string? text, out SettlementPeriod period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year is < 2000 or > 9998 || month is < 1 or > 12)
        {
            return false;
        }

        period = new SettlementPeriod(year, month);
        return true;
    }

    public override string ToString() =>
        Year.ToString("0000", CultureInfo.InvariantCulture) + "-" + Month.ToString("00", CultureInfo.InvariantCulture);
}
