using Apache.Arrow;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// The inner join of a plan: the joined dataset's columns held in memory, indexed by key, and the keys of the plan's
/// dataset counted, so that a row joins only when its key occurs exactly once on each side (docs/analysis-plans.md,
/// "Joins"). Null keys never join.
/// </summary>
internal sealed class JoinIndex
{
    private const int Duplicate = -1;
    private readonly BoundPlan _plan;
    private readonly List<RecordBatch> _right = [];
    private readonly Dictionary<long, (int Batch, int Row)> _rightIntegers = [];
    private readonly Dictionary<byte[], (int Batch, int Row)> _rightTexts = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<long, int> _leftIntegers = [];
    private readonly Dictionary<byte[], int> _leftTexts = new(Utf8KeyComparer.Instance);

    private JoinIndex(BoundPlan plan) => _plan = plan;

    public static JoinIndex Build(BoundPlan plan, IDataSource primary, IDataSource joined, int batchRows, CancellationToken cancellationToken)
    {
        var join = plan.Join!;
        var index = new JoinIndex(plan);
        foreach (var batch in primary.ReadBatches([plan.PrimaryColumns[join.LeftKey.Index]], batchRows, cancellationToken))
        {
            var keys = batch.Column(0);
            for (var i = 0; i < batch.Length; i++)
            {
                if (keys.IsValid(i))
                {
                    index.CountLeft(keys, i);
                }
            }
        }

        foreach (var batch in joined.ReadBatches(plan.JoinedColumns, batchRows, cancellationToken))
        {
            var number = index._right.Count;
            index._right.Add(batch);
            var keys = batch.Column(join.RightKey.Index);
            for (var i = 0; i < batch.Length; i++)
            {
                if (keys.IsValid(i))
                {
                    index.AddRight(keys, i, number);
                }
            }
        }

        return index;
    }

    /// <summary>
    /// Drops the rows of a batch of the plan's dataset that do not join, and returns the joined dataset's columns
    /// for the batch's rows (a dropped row's values are null).
    /// </summary>
    public IArrowArray[] Gather(RecordBatch batch, Span<int> groups)
    {
        var join = _plan.Join!;
        var keys = batch.Column(join.LeftKey.Index);
        var builders = _plan.JoinedTypes.Select(type => new ColumnBuilder(type, batch.Length)).ToArray();
        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] < 0 || !keys.IsValid(i) || Match(keys, i) is not var (b, r) || b < 0)
            {
                groups[i] = -1;
                foreach (var builder in builders)
                {
                    builder.AppendNull();
                }

                continue;
            }

            var row = _right[b];
            for (var c = 0; c < builders.Length; c++)
            {
                Copy(row.Column(c), r, builders[c]);
            }
        }

        return [.. builders.Select(b => b.Build())];
    }

    private static void Copy(IArrowArray from, int row, ColumnBuilder to)
    {
        if (from.IsNull(row))
        {
            to.AppendNull();
            return;
        }

        switch (from)
        {
            case Int32Array ints: to.AppendInt32(ints.Values[row]); break;
            case Int64Array longs: to.AppendInt64(longs.Values[row]); break;
            case DoubleArray doubles: to.AppendDouble(doubles.Values[row]); break;
            case BooleanArray booleans: to.AppendBoolean(booleans.GetValue(row) == true); break;
            case Date32Array dates: to.AppendDate(dates.Values[row]); break;
            case StringArray strings: to.AppendUtf8(strings.GetBytes(row)); break;
            default: throw new InvalidOperationException($"cannot join a {from.GetType().Name}");
        }
    }

    private (int Batch, int Row)? Match(IArrowArray keys, int i)
    {
        if (KeyColumn.IsText(keys))
        {
            var key = KeyColumn.Text(keys, i);
            return _leftTexts.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var count) && count == 1
                && _rightTexts.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var found) ? found : null;
        }

        var integer = KeyColumn.Integer(keys, i);
        return _leftIntegers.TryGetValue(integer, out var n) && n == 1 && _rightIntegers.TryGetValue(integer, out var at) ? at : null;
    }

    private void CountLeft(IArrowArray keys, int i)
    {
        if (KeyColumn.IsText(keys))
        {
            var lookup = _leftTexts.GetAlternateLookup<ReadOnlySpan<byte>>();
            var key = KeyColumn.Text(keys, i);
            lookup[key] = lookup.TryGetValue(key, out var count) ? count + 1 : 1;
            return;
        }

        ref var n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_leftIntegers, KeyColumn.Integer(keys, i), out _);
        n++;
    }

    private void AddRight(IArrowArray keys, int i, int batch)
    {
        if (KeyColumn.IsText(keys))
        {
            var lookup = _rightTexts.GetAlternateLookup<ReadOnlySpan<byte>>();
            var key = KeyColumn.Text(keys, i);
            lookup[key] = lookup.ContainsKey(key) ? (Duplicate, 0) : (batch, i);
            return;
        }

        var integer = KeyColumn.Integer(keys, i);
        _rightIntegers[integer] = _rightIntegers.ContainsKey(integer) ? (Duplicate, 0) : (batch, i);
    }
}
