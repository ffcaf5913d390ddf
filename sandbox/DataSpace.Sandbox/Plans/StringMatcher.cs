using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>A domain of strings, matched as their UTF-8 bytes straight from the batch (no string is made per row).</summary>
internal sealed class StringMatcher : ValueMatcher
{
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _positions;

    public StringMatcher(IReadOnlyList<string> values)
    {
        var positions = new Dictionary<byte[], int>(values.Count, Utf8KeyComparer.Instance);
        for (var i = 0; i < values.Count; i++)
        {
            positions[Encoding.UTF8.GetBytes(values[i])] = i;
        }

        Size = values.Count;
        _positions = positions.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public override int Size { get; }

    protected override void IndexCore(IArrowArray array, Span<int> groups, int stride)
    {
        var strings = (StringArray)array;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0)
            {
                Apply(groups, i, Position(strings.GetBytes(i)), stride);
            }
        }
    }

    protected override void KeepCore(IArrowArray array, Span<int> groups, bool members)
    {
        var strings = (StringArray)array;
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0 && (Position(strings.GetBytes(i)) >= 0) != members)
            {
                groups[i] = -1;
            }
        }
    }

    private int Position(ReadOnlySpan<byte> value) => _positions.TryGetValue(value, out var position) ? position : -1;
}
