using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>A plan checked against its datasets, with everything evaluation needs resolved (<see cref="PlanBinder"/>).</summary>
internal sealed record BoundPlan
{
    public required AnalysisPlan Plan { get; init; }

    /// <summary>The columns read from the plan's dataset, in read order.</summary>
    public required IReadOnlyList<string> PrimaryColumns { get; init; }

    /// <summary>The columns read from the joined dataset (empty without a join).</summary>
    public required IReadOnlyList<string> JoinedColumns { get; init; }

    /// <summary>The types of <see cref="JoinedColumns"/>.</summary>
    public required IReadOnlyList<ColumnType> JoinedTypes { get; init; }

    public required IReadOnlyList<BoundFilter> Filters { get; init; }

    public required IReadOnlyList<BoundDimension> Dimensions { get; init; }

    public required IReadOnlyList<BoundMeasure> Measures { get; init; }

    /// <summary>The derived columns, read as side 2 (<see cref="ColumnSource.Side"/>) in this order.</summary>
    public IReadOnlyList<BoundDerive> Derived { get; init; } = [];

    public required IReadOnlyList<EntityBound> Entities { get; init; }

    public BoundJoin? Join { get; init; }

    public required int GroupCount { get; init; }

    public required bool Noisy { get; init; }

    /// <summary>How many rows one privacy unit (a row, or an entity) can put into the result: 1, or the largest entity bound.</summary>
    public int Multiplier => Entities.Count == 0 ? 1 : Entities.Max(e => e.MaxRows);
}
