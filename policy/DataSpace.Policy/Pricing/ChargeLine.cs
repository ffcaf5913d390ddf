namespace DataSpace.Policy.Pricing;

/// <summary>
/// The part of one run a component charges: <see cref="Quantity"/> meter units (runs, rows, CPU ms, releases) that
/// fell in the component's tier [<see cref="TierFrom"/>, <see cref="TierTo"/>), at <see cref="Rate"/> CNY per priced
/// unit, for <see cref="AmountFen"/> exact fen (at most six decimals, never rounded).
/// </summary>
public sealed record ChargeLine(string Component, PriceBasis Basis, long TierFrom, long? TierTo, long Quantity, decimal Rate, decimal AmountFen);
