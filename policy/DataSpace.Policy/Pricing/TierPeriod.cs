namespace DataSpace.Policy.Pricing;

/// <summary>The period over which an agreement's cumulative usage is counted for tiers (<c>dsc:tierPeriod</c>), in China Standard Time.</summary>
public enum TierPeriod
{
    /// <summary><c>P1M</c>, the default: a calendar month in UTC+8.</summary>
    Month,

    /// <summary><c>P1Y</c>: a calendar year in UTC+8.</summary>
    Year,
}
