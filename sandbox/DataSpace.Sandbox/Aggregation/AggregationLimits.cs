namespace DataSpace.Sandbox.Aggregation;

/// <summary>Bounds on what one job run may declare through the aggregate ABI (measure, group).</summary>
public sealed record AggregationLimits
{
    /// <summary>Most distinct group keys one run may create.</summary>
    public int MaxGroups { get; init; } = 100_000;

    /// <summary>Most measures one run may declare.</summary>
    public int MaxMeasures { get; init; } = 64;

    /// <summary>Longest group key, in UTF-8 bytes (dsc.h: at most 256).</summary>
    public int MaxGroupKeyBytes { get; init; } = 256;
}
