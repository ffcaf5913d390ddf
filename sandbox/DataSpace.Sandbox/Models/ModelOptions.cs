namespace DataSpace.Sandbox.Models;

/// <summary>Limits the host applies when it trains a model for a job; see docs/sandbox-models.md.</summary>
public sealed class ModelOptions
{
    /// <summary>The policy's minimum number of usable rows (no nulls, all finite) for a model to be released.</summary>
    public required int MinRows { get; init; }

    /// <summary>
    /// The most usable rows read. The model is trained on the first <see cref="MaxRows"/> usable rows in the
    /// dataset's order and <see cref="ModelResult.RowLimitReached"/> says so. Memory is about
    /// rows x (features + 1) x 4 bytes.
    /// </summary>
    public int MaxRows { get; init; } = 5_000_000;

    /// <summary>Seeds the held-out split and ML.NET; the same seed and data give the same model.</summary>
    public int Seed { get; init; }

    /// <summary>Rows per batch read from the data source.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>
    /// k-means only: the fewest training rows any cluster may have. Each centroid is a mean over its cluster,
    /// released like an aggregate, so the default (<c>null</c>) applies the policy's <see cref="MinRows"/> to every cluster.
    /// </summary>
    public int? MinClusterSize { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRows, MinRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchRows);
        if (MinClusterSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, nameof(MinClusterSize));
        }
    }
}
