using DataSpace.Crypto.Statements;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>A run of a settled period: its run-ending log entry, meter and charge, and the tiers it entered (a boundary crossed).</summary>
public sealed record SettledRun(long LogIndex, string JobId, DateTimeOffset At, MeterRecord Meter, RunCharge Charge, ValueList<TierCrossing> TiersEntered);

/// <summary>A run whose usage of <see cref="Basis"/> reached the tier starting at <see cref="Boundary"/> units of the tier period's cumulative usage.</summary>
public sealed record TierCrossing(string Component, PriceBasis Basis, long Boundary);
