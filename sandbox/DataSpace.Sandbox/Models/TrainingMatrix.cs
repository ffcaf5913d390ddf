namespace DataSpace.Sandbox.Models;

/// <summary>Usable rows held row-major as floats: <c>Features[row * Dimensions + feature]</c>, one label per row.</summary>
internal sealed class TrainingMatrix(int dimensions)
{
    private float[] _features = new float[dimensions * 1024];
    private float[] _labels = new float[1024];

    public int Dimensions { get; } = dimensions;

    public int Rows { get; private set; }

    public float[] Features => _features;

    public float[] Labels => _labels;

    public Span<float> FeaturesOf(int row) => _features.AsSpan(row * Dimensions, Dimensions);

    /// <summary>Adds a row; the caller writes its features into the returned span.</summary>
    public Span<float> Append(float label)
    {
        if (Rows == _labels.Length)
        {
            var capacity = Math.Max(1024, Math.Min(Array.MaxLength / Math.Max(1, Dimensions), Rows * 2L));
            Array.Resize(ref _labels, (int)capacity);
            Array.Resize(ref _features, (int)capacity * Dimensions);
        }

        _labels[Rows] = label;
        Rows++;
        return FeaturesOf(Rows - 1);
    }
}
