using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>One evaluation of a plan: the plan, its data (and the joined dataset's), how to release, and who sees row sets.</summary>
public sealed record PlanRun
{
    public required AnalysisPlan Plan { get; init; }

    public required PlanDataset Dataset { get; init; }

    public required IDataSource Data { get; init; }

    /// <summary>The joined dataset, when the plan joins one.</summary>
    public PlanDataset? JoinedDataset { get; init; }

    public IDataSource? JoinedData { get; init; }

    public required PlanReleaseOptions Release { get; init; }

    /// <summary>Receives each counted row's group and position, for query-set overlap control; null for none.</summary>
    public IGroupRowSink? Rows { get; init; }
}
