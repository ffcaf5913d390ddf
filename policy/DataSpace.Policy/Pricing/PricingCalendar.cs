namespace DataSpace.Policy.Pricing;

/// <summary>
/// Where tier periods and share years begin: calendar months and years of China Standard Time, a fixed UTC+8
/// (no daylight saving since 1991), so the offline verifier needs no time-zone database and gives the same
/// answer on every machine (docs/metering.md, "Periods").
/// </summary>
public static class PricingCalendar
{
    /// <summary>China Standard Time, UTC+8.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The start of the month or year holding <paramref name="at"/>, as an instant at UTC+8.</summary>
    public static DateTimeOffset PeriodStart(DateTimeOffset at, TierPeriod period)
    {
        var local = at.ToOffset(Offset);
        return period switch
        {
            TierPeriod.Month => new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, Offset),
            TierPeriod.Year => new DateTimeOffset(local.Year, 1, 1, 0, 0, 0, Offset),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown tier period"),
        };
    }

    /// <summary>The first instant after the month or year holding <paramref name="at"/>.</summary>
    public static DateTimeOffset PeriodEnd(DateTimeOffset at, TierPeriod period)
    {
        var start = PeriodStart(at, period);
        return period == TierPeriod.Month ? start.AddMonths(1) : start.AddYears(1);
    }

    /// <summary>The calendar year (UTC+8) holding <paramref name="at"/>: the year revenue shares accumulate over.</summary>
    public static int YearOf(DateTimeOffset at) => at.ToOffset(Offset).Year;
}
