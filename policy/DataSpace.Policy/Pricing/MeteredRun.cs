namespace DataSpace.Policy.Pricing;

/// <summary>
/// One run as the log records it, for pricing: when it ran (the time its meter record was written), the agreement's
/// purpose, its priced quantities, and whether it is billable (the caller's meter decides; a non-billable run is free
/// and does not count towards tiers).
/// </summary>
public sealed record MeteredRun(DateTimeOffset At, string? Purpose, MeterQuantities Quantities, bool Billable);
