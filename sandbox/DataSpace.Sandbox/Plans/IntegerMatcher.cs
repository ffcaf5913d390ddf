using System.Runtime.CompilerServices;
using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A domain of integers (int32, int64 or date columns, dates as days since 1970-01-01): a direct table when the
/// values span at most 65,536, a hash table otherwise.
/// </summary>
internal sealed class IntegerMatcher : ValueMatcher
{
    private const long MaxTableSpan = 1 << 16;
    private readonly long _min;
    private readonly int[]? _table;
    private readonly Dictionary<long, int>? _positions;

    public IntegerMatcher(IReadOnlyList<long> values)
    {
        Size = values.Count;
        _min = values.Min();
        var span = values.Max() - _min + 1;
        if (span <= MaxTableSpan)
        {
            _table = new int[span];
            System.Array.Fill(_table, -1);
            for (var i = 0; i < values.Count; i++)
            {
                _table[values[i] - _min] = i;
            }
        }
        else
        {
            _positions = new Dictionary<long, int>(values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                _positions[values[i]] = i;
            }
        }
    }

    public override int Size { get; }

    protected override void IndexCore(IArrowArray array, Span<int> groups, int stride)
    {
        if (array is Int64Array longs)
        {
            var values = longs.Values;
            for (var i = 0; i < groups.Length; i++)
            {
                if (groups[i] >= 0)
                {
                    Apply(groups, i, Position(values[i]), stride);
                }
            }

            return;
        }

        var ints = Ints(array);
        if (_table is { } table)
        {
            // The hot path of a grouped count: one subtraction, one bounds check, one load per row.
            var min = _min;
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                if (g >= 0)
                {
                    var offset = (ulong)(ints[i] - min);
                    var position = offset < (ulong)table.Length ? table[offset] : -1;
                    groups[i] = position < 0 ? -1 : g + (position * stride);
                }
            }

            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0)
            {
                Apply(groups, i, Position(ints[i]), stride);
            }
        }
    }

    protected override void KeepCore(IArrowArray array, Span<int> groups, bool members)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0 && (Position(Value(array, i)) >= 0) != members)
            {
                groups[i] = -1;
            }
        }
    }

    /// <summary>The integer value of row <paramref name="i"/> of an int32, int64 or date array.</summary>
    public static long Value(IArrowArray array, int i) => array switch
    {
        Int64Array longs => longs.Values[i],
        _ => Ints(array)[i],
    };

    private static ReadOnlySpan<int> Ints(IArrowArray array) => array switch
    {
        Int32Array ints => ints.Values,
        Date32Array dates => dates.Values,
        _ => throw new InvalidOperationException($"an integer domain cannot read a {array.GetType().Name}"),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Position(long value)
    {
        if (_table is { } table)
        {
            var offset = (ulong)(value - _min);
            return offset < (ulong)table.Length ? table[offset] : -1;
        }

        return _positions!.TryGetValue(value, out var position) ? position : -1;
    }
}
