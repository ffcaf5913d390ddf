namespace DataSpace.Policy.Pricing;

/// <summary>
/// One component of a price: a <c>compensate</c> duty of the permission. It charges <see cref="Rate"/> CNY per
/// priced unit of <see cref="Basis"/> for the part of the agreement's cumulative usage in
/// [<see cref="TierFrom"/>, <see cref="TierTo"/>), at times in [<see cref="NotBefore"/>, <see cref="Before"/>),
/// for runs whose purpose <see cref="Purpose"/> matches.
/// </summary>
public sealed record PriceComponent
{
    /// <summary>The duty's JSON path, e.g. <c>permission[0].duty[1]</c>.</summary>
    public required string Path { get; init; }

    public PriceBasis Basis { get; init; }

    /// <summary>The <c>payAmount</c> in CNY per priced unit (a run, 10,000 rows, a CPU-second, a release): at least 0, at most four decimals.</summary>
    public decimal Rate { get; init; }

    /// <summary>Lower tier bound (inclusive), in meter units: runs, rows, CPU milliseconds or releases.</summary>
    public long TierFrom { get; init; }

    /// <summary>Upper tier bound (exclusive) in meter units; null for none.</summary>
    public long? TierTo { get; init; }

    /// <summary>The stage's first instant (<c>dateTime gteq</c>); null for none.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The instant the stage ends (<c>dateTime lt</c>); null for none.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Which purposes the component prices; null for all.</summary>
    public PurposeRule? Purpose { get; init; }

    /// <summary>The rate in millionths of a fen per meter unit (always whole: see docs/metering.md, "Exact amounts").</summary>
    internal long MicroFenPerUnit => (long)(Rate * 100_000_000m / Pricer.UnitsPerPricedUnit(Basis));

    /// <summary>Whether the component prices a run at <paramref name="when"/> for <paramref name="purpose"/>.</summary>
    public bool AppliesTo(DateTimeOffset when, string? purpose) =>
        (NotBefore is not { } from || when >= from)
        && (Before is not { } before || when < before)
        && (Purpose is null || Purpose.Matches(purpose));
}
