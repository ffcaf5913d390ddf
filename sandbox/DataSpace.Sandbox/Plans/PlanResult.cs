using System.Text.Json.Serialization;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// What leaves the connector for a plan (docs/analysis-plans.md, "Result"): the released groups of the plan's domain
/// in domain order, each with its count and its measures' statistics, and the terms of the release.
/// </summary>
public sealed record PlanResult
{
    /// <summary>The dimensions' names, in the order of every group's key.</summary>
    public required IReadOnlyList<string> Dimensions { get; init; }

    /// <summary>The measures as declared, in the order of every group's values.</summary>
    public required IReadOnlyList<PlanResultMeasure> Measures { get; init; }

    /// <summary>The released groups, in the order of the plan's domain (never the data's).</summary>
    public required IReadOnlyList<PlanResultGroup> Groups { get; init; }

    /// <summary>Groups of the domain withheld (the domain's size minus the groups released).</summary>
    public required int SuppressedGroups { get; init; }

    public required NoiseMechanism Mechanism { get; init; }

    public required long MinGroupSize { get; init; }

    /// <summary>Noisy queries the budget is split over: the counts, and per measure its sums, sums of squares and histogram (0 without noise).</summary>
    public required int Queries { get; init; }

    public required double EpsilonSpent { get; init; }

    public required double DeltaSpent { get; init; }

    /// <summary>What one unit of privacy is: "row", or "entity" when a dataset declares an entity column.</summary>
    public required string PrivacyUnit { get; init; }

    /// <summary>How many rows of one unit the release counts at most (1 for rows).</summary>
    public required int RowsPerUnit { get; init; }

    /// <summary>Rows of the plan's dataset read; for the supplier's records, not released (the data user knows the dataset's size from the catalogue).</summary>
    [JsonIgnore]
    public long RowsRead { get; init; }
}
