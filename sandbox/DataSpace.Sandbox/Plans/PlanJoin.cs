namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A join with a second dataset of the same connector: an inner join on equal keys. Rows whose key is not unique on
/// their side are dropped from both, so each row of either dataset is in at most one joined row and the plan's
/// sensitivity holds for both datasets (docs/analysis-plans.md, "Joins").
/// </summary>
public sealed record PlanJoin
{
    public required string Dataset { get; init; }

    /// <summary>The agreement on the joined dataset that the job's operator holds.</summary>
    public required string Agreement { get; init; }

    /// <summary>The key column of the plan's dataset.</summary>
    public required string LeftKey { get; init; }

    /// <summary>The key column of the joined dataset.</summary>
    public required string RightKey { get; init; }
}
