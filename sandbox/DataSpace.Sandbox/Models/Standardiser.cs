namespace DataSpace.Sandbox.Models;

/// <summary>
/// Z-scores features (and, for regression, the label) with the training rows' mean and standard deviation, so that
/// SDCA and L-BFGS converge alike whatever the units, and maps parameters back to the original units.
/// A constant feature keeps scale 1: it becomes 0 everywhere and its weight is 0.
/// </summary>
internal sealed class Standardiser
{
    private Standardiser(double[] means, double[] scales, double labelMean, double labelScale)
    {
        Means = means;
        Scales = scales;
        LabelMean = labelMean;
        LabelScale = labelScale;
    }

    public double[] Means { get; }

    public double[] Scales { get; }

    public double LabelMean { get; }

    public double LabelScale { get; }

    public static Standardiser Fit(TrainingMatrix train, bool label)
    {
        var dims = train.Dimensions;
        var means = new double[dims];
        var scales = new double[dims];
        for (var f = 0; f < dims; f++)
        {
            (means[f], scales[f]) = MeanAndScale(train.Features.AsSpan(0, train.Rows * dims), f, dims);
        }

        var (labelMean, labelScale) = label ? MeanAndScale(train.Labels.AsSpan(0, train.Rows), 0, 1) : (0d, 1d);
        return new Standardiser(means, scales, labelMean, labelScale);
    }

    /// <summary>Rewrites the matrix in standardised units, in place.</summary>
    public void Apply(TrainingMatrix matrix)
    {
        for (var r = 0; r < matrix.Rows; r++)
        {
            var row = matrix.FeaturesOf(r);
            for (var f = 0; f < row.Length; f++)
            {
                row[f] = (float)((row[f] - Means[f]) / Scales[f]);
            }

            matrix.Labels[r] = (float)((matrix.Labels[r] - LabelMean) / LabelScale);
        }
    }

    /// <summary>
    /// Maps a linear model on standardised units, ŷ' = b' + Σ wᵢ'·xᵢ', back to ŷ = b + Σ wᵢ·xᵢ:
    /// wᵢ = s_y·wᵢ'/sᵢ and b = μ_y + s_y·b' − Σ wᵢ·μᵢ.
    /// </summary>
    public (double[] Weights, double Bias) ToOriginal(IReadOnlyList<float> weights, float bias)
    {
        var original = new double[weights.Count];
        var originalBias = LabelMean + (LabelScale * bias);
        for (var f = 0; f < original.Length; f++)
        {
            original[f] = LabelScale * weights[f] / Scales[f];
            originalBias -= original[f] * Means[f];
        }

        return (original, originalBias);
    }

    /// <summary>Maps a point in standardised units back: xᵢ = μᵢ + sᵢ·xᵢ'.</summary>
    public double[] ToOriginal(ReadOnlySpan<float> point)
    {
        var original = new double[point.Length];
        for (var f = 0; f < original.Length; f++)
        {
            original[f] = Means[f] + (Scales[f] * point[f]);
        }

        return original;
    }

    private static (double Mean, double Scale) MeanAndScale(ReadOnlySpan<float> values, int offset, int stride)
    {
        // Welford's online algorithm: stable for large offsets such as dates in days since 1970.
        double mean = 0, m2 = 0;
        long n = 0;
        for (var i = offset; i < values.Length; i += stride)
        {
            n++;
            var delta = values[i] - mean;
            mean += delta / n;
            m2 += delta * (values[i] - mean);
        }

        var scale = n > 1 ? Math.Sqrt(m2 / (n - 1)) : 0;
        return (mean, scale > 0 && double.IsFinite(scale) ? scale : 1);
    }
}
