using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The connector's side of a permit's <see cref="ObligationKind.Compensate"/> obligations (docs/metering.md, "Prices in
/// offers and jobs"), checked at submission and again at run time before any data is read: the permitting rule's price
/// schedule must parse, and a dry run at the job's largest quantities (one run, every row of the dataset, one release)
/// must be priceable now, for the agreement's purpose. Otherwise the job is refused with the reason: a job is never run
/// at a price the connector cannot compute (fail closed). The charge itself is computed from the log at settlement.
/// </summary>
internal static class JobPrices
{
    /// <summary>Why the run permitted by <paramref name="decision"/> under <paramref name="policy"/> cannot be priced; null when it can (or is free).</summary>
    public static string? Refusal(OdrlPolicy policy, Decision decision, string purpose, long datasetRows, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(decision);
        var priced = decision.Obligations.Any(o => o.Kind == ObligationKind.Compensate) || (decision.PermittedBy is { } rule && PriceSchedule.HasPrice(rule));
        if (!decision.IsPermitted || !priced)
        {
            return null;
        }

        if (decision.PermittedBy is not { } permission || decision.Permission is not { } path)
        {
            return "the agreement's price cannot be computed: the permit names no permission to price";
        }

        if (!PriceSchedule.TryParse(policy, permission, path, out var schedule, out var errors))
        {
            return "the agreement's price cannot be computed: " + string.Join("; ", errors);
        }

        var dryRun = MeterQuantities.OneRun(Math.Max(datasetRows, 0), 0, 1);
        return Pricer.TryPrice(schedule!, dryRun, MeterQuantities.Zero, when, purpose, out _, out var error)
            ? null
            : $"the agreement's price cannot be computed for this run ({path}): {error}";
    }
}
