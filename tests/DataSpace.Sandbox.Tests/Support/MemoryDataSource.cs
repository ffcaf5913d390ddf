using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Support;

/// <summary>An in-memory dataset for tests: whole columns as Arrow arrays, sliced into batches on read.</summary>
internal sealed class MemoryDataSource : IDataSource
{
    private readonly Dictionary<string, IArrowArray> _columns;

    public MemoryDataSource(params (string Name, IArrowArray Values)[] columns)
    {
        _columns = columns.ToDictionary(c => c.Name, c => c.Values, StringComparer.Ordinal);
        Schema = new DatasetSchema([.. columns.Select(c => new ColumnSchema(c.Name, TypeOf(c.Values), c.Values.NullCount > 0))]);
        Rows = columns.Length == 0 ? 0 : columns[0].Values.Length;
    }

    public DatasetSchema Schema { get; }

    public int Rows { get; }

    public int BatchesRead { get; private set; }

    /// <summary>The columns of every read, in order.</summary>
    public List<IReadOnlyList<string>> Reads { get; } = [];

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        Reads.Add([.. columns]);
        var fields = columns.Select(name => Schema.IndexOf(name) >= 0
            ? name
            : throw new DataSourceException($"dataset has no column '{name}'")).ToList();
        var schema = new Schema.Builder();
        foreach (var name in fields)
        {
            schema.Field(f => f.Name(name).DataType(_columns[name].Data.DataType).Nullable(true));
        }

        var built = schema.Build();
        for (var start = 0; start < Rows; start += maxRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(maxRows, Rows - start);
            BatchesRead++;
            yield return new RecordBatch(built, fields.Select(name => ArrowArrayFactory.Slice(_columns[name], start, length)), length);
        }
    }

    public void Dispose()
    {
    }

    private static ColumnType TypeOf(IArrowArray array) => array switch
    {
        Int32Array => ColumnType.Int32,
        Int64Array => ColumnType.Int64,
        DoubleArray => ColumnType.Float64,
        BooleanArray => ColumnType.Boolean,
        Date32Array => ColumnType.Date,
        StringArray => ColumnType.String,
        _ => throw new ArgumentException($"unsupported array {array.GetType().Name}"),
    };
}
