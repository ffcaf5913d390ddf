using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>A measure: its column, as declared, and its histogram's buckets.</summary>
internal sealed record BoundMeasure(ColumnSource Source, PlanMeasure Declared, BucketMatcher? Histogram)
{
    /// <summary>The grid step of a noisy sum: sensitivity / 2^20 (values are summed as whole grid steps).</summary>
    public double Granularity { get; } = Math.ScaleB(Declared.Sensitivity, -MeasureDeclaration.GridBits);

    /// <summary>The grid step of the noisy sum of squares: sensitivity² / 2^20.</summary>
    public double SquareGranularity { get; } = Math.ScaleB(Declared.Sensitivity * Declared.Sensitivity, -MeasureDeclaration.GridBits);
}
