using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>A domain of float64 values, matched exactly (0 and -0 are one value; NaN matches nothing).</summary>
internal sealed class DoubleMatcher : ValueMatcher
{
    private readonly Dictionary<double, int> _positions;

    public DoubleMatcher(IReadOnlyList<double> values)
    {
        _positions = new Dictionary<double, int>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            _positions[values[i] + 0.0] = i;
        }
    }

    public override int Size => _positions.Count;

    protected override void IndexCore(IArrowArray array, Span<int> groups, int stride)
    {
        var values = ((DoubleArray)array).Values;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0)
            {
                Apply(groups, i, Position(values[i]), stride);
            }
        }
    }

    protected override void KeepCore(IArrowArray array, Span<int> groups, bool members)
    {
        var values = ((DoubleArray)array).Values;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0 && (double.IsNaN(values[i]) || (Position(values[i]) >= 0) != members))
            {
                groups[i] = -1;
            }
        }
    }

    private int Position(double value) => _positions.TryGetValue(value + 0.0, out var position) ? position : -1;
}
