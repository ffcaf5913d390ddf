using System.Text.Json.Serialization;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// What leaves the connector for an aggregate job: plain records, serialisable with System.Text.Json.
/// Groups are sorted by key (ordinal) so that their order says nothing about the data's order.
/// </summary>
public sealed record AggregateResult
{
    /// <summary>Released groups, sorted by key (ordinal UTF-16 order).</summary>
    public required IReadOnlyList<ReleasedGroup> Groups { get; init; }

    /// <summary>The measures, in the order of every group's values.</summary>
    public required IReadOnlyList<ReleasedMeasure> Measures { get; init; }

    /// <summary>
    /// How many groups were withheld; never which, nor their values. For the supplier only: the job decides
    /// how many groups it makes, so the exact number could carry information out. It is therefore not
    /// serialised into the release.
    /// </summary>
    [JsonIgnore]
    public int SuppressedGroups { get; init; }

    public required NoiseMechanism Mechanism { get; init; }

    public required int MinGroupSize { get; init; }

    /// <summary>Noisy queries per group: the count and one sum per measure (0 without noise).</summary>
    public required int Queries { get; init; }

    /// <summary>Total epsilon of the release (0 without noise).</summary>
    public required double EpsilonSpent { get; init; }

    /// <summary>Total delta of the release (0 without noise or with Laplace).</summary>
    public required double DeltaSpent { get; init; }

    /// <summary>EpsilonSpent / Queries: the share of each count and each sum.</summary>
    public required double EpsilonPerQuery { get; init; }

    /// <summary>DeltaSpent / Queries.</summary>
    public required double DeltaPerQuery { get; init; }

    /// <summary>
    /// Rows the run was given (a job run counts the rows it did not pull too, so the total is not its choice); released
    /// only without noise (null otherwise).
    /// </summary>
    public long? TotalRows { get; init; }
}
