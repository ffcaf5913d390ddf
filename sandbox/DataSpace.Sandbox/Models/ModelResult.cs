namespace DataSpace.Sandbox.Models;

/// <summary>
/// What leaves the sandbox for a job of output kind "model": parameters, held-out metrics and row counts.
/// Never training rows, predictions or any per-row value.
/// </summary>
public sealed record ModelResult
{
    public required ModelTrainerKind Trainer { get; init; }

    /// <summary>The label column (null for k-means): with <see cref="Trainer"/>, <see cref="Features"/> and <see cref="Clusters"/>, the declared model.</summary>
    public string? Label { get; init; }

    /// <summary>The feature columns, in the spec's order; <see cref="Weights"/> and each centroid follow it.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The number of clusters asked for (k-means only).</summary>
    public int? Clusters { get; init; }

    /// <summary>Regression weights per feature in the features' original units (empty for k-means).</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];

    /// <summary>Intercept in the original units (for logistic regression: of the log-odds, before calibration).</summary>
    public double Bias { get; init; }

    /// <summary>k-means centroids in the features' original units, one per cluster.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Centroids { get; init; } = [];

    /// <summary>k-means: training rows nearest to each centroid, in centroid order.</summary>
    public IReadOnlyList<long> ClusterSizes { get; init; } = [];

    /// <summary>
    /// Held-out metrics by name: <c>rmse</c>, <c>mae</c>, <c>r2</c> (linear); <c>auc</c>, <c>accuracy</c>,
    /// <c>log-loss</c>, <c>f1</c> (logistic); <c>average-distance</c>, <c>davies-bouldin</c> (k-means, in standardised
    /// units). A metric that is not defined on the held-out rows is left out.
    /// </summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required long TrainingRows { get; init; }

    public required long TestRows { get; init; }

    /// <summary>Rows read but not used because a label or feature value was null, NaN or infinite.</summary>
    public required long SkippedRows { get; init; }

    /// <summary>True when reading stopped at <see cref="ModelOptions.MaxRows"/> usable rows.</summary>
    public required bool RowLimitReached { get; init; }
}
