using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>Numeric buckets [b0, b1), [b1, b2), ... of an int32, int64 or float64 column; values outside them are in none.</summary>
internal sealed class BucketMatcher(IReadOnlyList<double> bounds) : ValueMatcher
{
    private readonly double[] _bounds = [.. bounds];

    public override int Size => _bounds.Length - 1;

    /// <summary>The bucket of <paramref name="value"/>, or -1 (NaN is in none).</summary>
    public int Position(double value)
    {
        if (!(value >= _bounds[0] && value < _bounds[^1]))
        {
            return -1;
        }

        var found = System.Array.BinarySearch(_bounds, value);
        return found >= 0 ? found : ~found - 1;
    }

    /// <summary>The bin of a clamped value in a histogram: like <see cref="Position"/>, but the last bin holds its upper edge too.</summary>
    public int BinOf(double value) => value == _bounds[^1] ? _bounds.Length - 2 : Position(value);

    protected override void IndexCore(IArrowArray array, Span<int> groups, int stride)
    {
        switch (array)
        {
            case DoubleArray doubles:
                var values = doubles.Values;
                for (var i = 0; i < groups.Length; i++)
                {
                    if (groups[i] >= 0)
                    {
                        Apply(groups, i, Position(values[i]), stride);
                    }
                }

                break;
            default:
                for (var i = 0; i < groups.Length; i++)
                {
                    if (groups[i] >= 0)
                    {
                        Apply(groups, i, Position(IntegerMatcher.Value(array, i)), stride);
                    }
                }

                break;
        }
    }

    protected override void KeepCore(IArrowArray array, Span<int> groups, bool members) =>
        throw new NotSupportedException("buckets group rows; they do not filter them");
}
