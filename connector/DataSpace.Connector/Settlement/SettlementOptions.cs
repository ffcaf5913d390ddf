using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>Revenue sharing at settlement (<c>Connector:Settlement</c>; docs/metering.md, "Revenue share").</summary>
public sealed class SettlementOptions
{
    /// <summary>
    /// The share schedule as <c>FROM=PERCENT</c> brackets of cumulative revenue per agreement per year, e.g.
    /// <c>["0=50", "200000=60"]</c>; empty for <see cref="ShareSchedule.Default"/> (50/50 up to 200,000 CNY, 60/40 above).
    /// </summary>
    public IList<string> Shares { get; set; } = [];

    /// <summary>The schedule configured, or the default; throws when the configuration does not parse (checked at start).</summary>
    public ShareSchedule Schedule() =>
        Shares.Count == 0 ? ShareSchedule.Default
        : ShareSchedule.TryParse(Shares, out var schedule, out var error) ? schedule!
        : throw new InvalidOperationException("Settlement:Shares: " + error);

    /// <summary>What is wrong with the configuration, as <c>Settlement:Shares: reason</c>.</summary>
    public IEnumerable<string> Validate()
    {
        if (Shares.Count > 0 && !ShareSchedule.TryParse(Shares, out _, out var error))
        {
            yield return "Settlement:Shares: " + error;
        }
    }
}
