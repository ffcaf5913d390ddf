using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>A domain of booleans: false, true or both, in the plan's order.</summary>
internal sealed class BooleanMatcher(IReadOnlyList<bool> values) : ValueMatcher
{
    private readonly int _false = IndexOf(values, false);
    private readonly int _true = IndexOf(values, true);

    public override int Size => values.Count;

    protected override void IndexCore(IArrowArray array, Span<int> groups, int stride)
    {
        var booleans = (BooleanArray)array;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0)
            {
                Apply(groups, i, booleans.GetValue(i) == true ? _true : _false, stride);
            }
        }
    }

    protected override void KeepCore(IArrowArray array, Span<int> groups, bool members)
    {
        var booleans = (BooleanArray)array;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0 && ((booleans.GetValue(i) == true ? _true : _false) >= 0) != members)
            {
                groups[i] = -1;
            }
        }
    }

    private static int IndexOf(IReadOnlyList<bool> values, bool value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
