using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Reads batches back as plain values for assertions.</summary>
internal static class Batches
{
    public static List<RecordBatch> ReadAll(IDataSource source, IReadOnlyList<string> columns, int maxRows = 1024) =>
        [.. source.ReadBatches(columns, maxRows)];

    /// <summary>The values of column <paramref name="column"/> across all batches, nulls as null.</summary>
    public static List<object?> Column(IEnumerable<RecordBatch> batches, int column)
    {
        var values = new List<object?>();
        foreach (var batch in batches)
        {
            var array = batch.Column(column);
            for (var i = 0; i < array.Length; i++)
            {
                values.Add(Value(array, i));
            }
        }

        return values;
    }

    public static object? Value(IArrowArray array, int index) => array switch
    {
        _ when array.IsNull(index) => null,
        Int32Array a => a.GetValue(index),
        Int64Array a => a.GetValue(index),
        DoubleArray a => a.GetValue(index),
        BooleanArray a => a.GetValue(index),
        Date32Array a => a.GetDateOnly(index),
        StringArray a => a.GetString(index),
        _ => throw new InvalidOperationException($"not a normalised array: {array.GetType().Name}"),
    };

    /// <summary>Asserts the batch has the columns in order, with exactly the normalised array types of <paramref name="types"/>.</summary>
    public static void AssertShape(RecordBatch batch, IReadOnlyList<string> names, IReadOnlyList<ColumnType> types)
    {
        Assert.Equal(names, batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(names.Count, batch.ColumnCount);
        for (var i = 0; i < names.Count; i++)
        {
            var expected = types[i] switch
            {
                ColumnType.Int32 => typeof(Int32Array),
                ColumnType.Int64 => typeof(Int64Array),
                ColumnType.Float64 => typeof(DoubleArray),
                ColumnType.Boolean => typeof(BooleanArray),
                ColumnType.Date => typeof(Date32Array),
                ColumnType.String => typeof(StringArray),
                _ => throw new ArgumentOutOfRangeException(nameof(types)),
            };
            Assert.IsType(expected, batch.Column(i));
            Assert.Equal(batch.Length, batch.Column(i).Length);
            Assert.Equal(0, batch.Column(i).Offset);
        }
    }
}
