using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// Prices one run under a <see cref="PriceSchedule"/>: pure, exact and deterministic (docs/metering.md).
/// Tiers are marginal, as tax brackets: the run's usage occupies [cumulative before, cumulative before + quantity)
/// of its basis, and each part pays the rate of the tier it falls in.
/// </summary>
public static class Pricer
{
    private const decimal MicroFenPerFen = 1_000_000m;

    /// <summary>
    /// The charge for a run with <paramref name="quantities"/>, given the agreement's cumulative billable quantities
    /// in the current tier period before it, at <paramref name="when"/> for <paramref name="purpose"/>.
    /// Throws <see cref="OverflowException"/> when the charge would exceed <see cref="Fen.MaxValue"/>.
    /// </summary>
    public static RunCharge Price(PriceSchedule schedule, MeterQuantities quantities, MeterQuantities cumulativeBefore, DateTimeOffset when, string? purpose) =>
        TryPrice(schedule, quantities, cumulativeBefore, when, purpose, out var charge, out var error)
            ? charge
            : throw new OverflowException(error);

    /// <summary>As <see cref="Price"/>, with an error instead of an exception when the price cannot be computed (fail closed).</summary>
    public static bool TryPrice(
        PriceSchedule schedule, MeterQuantities quantities, MeterQuantities cumulativeBefore, DateTimeOffset when, string? purpose,
        out RunCharge charge, out string? error)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        quantities.ThrowIfNegative(nameof(quantities));
        cumulativeBefore.ThrowIfNegative(nameof(cumulativeBefore));
        charge = RunCharge.Free;
        var lines = new List<ChargeLine>();
        Int128 total = 0;
        foreach (var component in schedule.Components)
        {
            var quantity = quantities.Of(component.Basis);
            if (quantity == 0 || !component.AppliesTo(when, purpose))
            {
                continue;
            }

            var start = cumulativeBefore.Of(component.Basis);
            if (start > long.MaxValue - quantity)
            {
                error = $"cumulative {component.Basis} usage overflows";
                return false;
            }

            var inTier = Overlap(start, start + quantity, component.TierFrom, component.TierTo ?? long.MaxValue);
            if (inTier == 0)
            {
                continue;
            }

            Int128 amount = (Int128)inTier * component.MicroFenPerUnit;
            total += amount;
            if (total > (Int128)Fen.MaxValue * 1_000_000)
            {
                error = $"the charge exceeds {Fen.MaxValue} fen";
                return false;
            }

            lines.Add(new ChargeLine(component.Path, component.Basis, component.TierFrom, component.TierTo, inTier, component.Rate, ToFen(amount)));
        }

        charge = lines.Count == 0 ? RunCharge.Free : new RunCharge([.. lines], ToFen(total));
        error = null;
        return true;
    }

    /// <summary>Meter units per priced unit: 1 run, 10,000 rows, 1,000 CPU ms, 1 release.</summary>
    internal static long UnitsPerPricedUnit(PriceBasis basis) => basis switch
    {
        PriceBasis.PerTenThousandRows => 10_000,
        PriceBasis.PerCpuSecond => 1_000,
        _ => 1,
    };

    internal static string Describe(PriceBasis basis) => basis switch
    {
        PriceBasis.PerRun => "dsc:perRun",
        PriceBasis.PerTenThousandRows => "dsc:perTenThousandRows",
        PriceBasis.PerCpuSecond => "dsc:perCpuSecond",
        PriceBasis.PerRelease => "dsc:perRelease",
        _ => basis.ToString(),
    };

    internal static string Iri(PriceBasis basis) => PolicyNamespaces.Profile + Describe(basis)[4..];

    private static long Overlap(long start, long end, long from, long to) => Math.Max(0, Math.Min(end, to) - Math.Max(start, from));

    private static decimal ToFen(Int128 microFen) => (decimal)microFen / MicroFenPerFen;
}
