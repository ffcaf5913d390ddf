namespace DataSpace.Sandbox.Plans;

/// <summary>A filter: the column's value compared with literals; a row where the column is null fails every filter.</summary>
public sealed record PlanFilter
{
    public required PlanColumn Column { get; init; }

    public required FilterOperator Operator { get; init; }

    /// <summary>The literals: one, or one or more for isAnyOf and isNoneOf.</summary>
    public required IReadOnlyList<PlanValue> Values { get; init; }
}
