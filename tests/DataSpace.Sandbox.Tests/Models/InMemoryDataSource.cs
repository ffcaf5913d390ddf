using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Models;

/// <summary>One column of an <see cref="InMemoryDataSource"/>: values are double, int, long, bool, DateOnly, string or null.</summary>
internal sealed record InMemoryColumn(string Name, ColumnType Type, IReadOnlyList<object?> Values);

/// <summary>
/// Test double for <see cref="IDataSource"/>: holds columns in memory and yields normalised Arrow batches built with
/// the Arrow builders, as the real readers do. Records which columns each read asked for.
/// </summary>
internal sealed class InMemoryDataSource : IDataSource
{
    private readonly Dictionary<string, InMemoryColumn> _columns;
    private readonly int _rows;

    public InMemoryDataSource(params InMemoryColumn[] columns)
    {
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _rows = columns.Length == 0 ? 0 : columns[0].Values.Count;
        if (columns.Any(c => c.Values.Count != _rows))
        {
            throw new ArgumentException("columns differ in length", nameof(columns));
        }

        Schema = new DatasetSchema([.. columns.Select(c => new ColumnSchema(c.Name, c.Type, Nullable: true))]);
    }

    public DatasetSchema Schema { get; }

    public List<IReadOnlyList<string>> Reads { get; } = [];

    public static InMemoryColumn Doubles(string name, IEnumerable<double?> values) => new(name, ColumnType.Float64, [.. values.Cast<object?>()]);

    public static InMemoryColumn Ints(string name, IEnumerable<int?> values) => new(name, ColumnType.Int32, [.. values.Cast<object?>()]);

    public static InMemoryColumn Longs(string name, IEnumerable<long?> values) => new(name, ColumnType.Int64, [.. values.Cast<object?>()]);

    public static InMemoryColumn Bools(string name, IEnumerable<bool?> values) => new(name, ColumnType.Boolean, [.. values.Cast<object?>()]);

    public static InMemoryColumn Dates(string name, IEnumerable<DateOnly?> values) => new(name, ColumnType.Date, [.. values.Cast<object?>()]);

    public static InMemoryColumn Strings(string name, IEnumerable<string?> values) => new(name, ColumnType.String, [.. values.Cast<object?>()]);

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        Reads.Add([.. columns]);
        var selected = columns.Select(name => _columns[name]).ToList();
        for (var offset = 0; offset < _rows; offset += maxRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(maxRows, _rows - offset);
            var schema = new Schema.Builder();
            var arrays = new List<IArrowArray>(selected.Count);
            foreach (var column in selected)
            {
                var array = Build(column, offset, length);
                schema.Field(new Field(column.Name, array.Data.DataType, nullable: true));
                arrays.Add(array);
            }

            yield return new RecordBatch(schema.Build(), arrays, length);
        }
    }

    public void Dispose()
    {
    }

    private static IArrowArray Build(InMemoryColumn column, int offset, int length)
    {
        var values = column.Values.Skip(offset).Take(length);
        switch (column.Type)
        {
            case ColumnType.Float64:
                var doubles = new DoubleArray.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? doubles.AppendNull() : doubles.Append((double)v);
                }

                return doubles.Build();
            case ColumnType.Int32:
                var ints = new Int32Array.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? ints.AppendNull() : ints.Append((int)v);
                }

                return ints.Build();
            case ColumnType.Int64:
                var longs = new Int64Array.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? longs.AppendNull() : longs.Append((long)v);
                }

                return longs.Build();
            case ColumnType.Boolean:
                var bools = new BooleanArray.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? bools.AppendNull() : bools.Append((bool)v);
                }

                return bools.Build();
            case ColumnType.Date:
                var dates = new Date32Array.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? dates.AppendNull() : dates.Append((DateOnly)v);
                }

                return dates.Build();
            case ColumnType.String:
                var strings = new StringArray.Builder();
                foreach (var v in values)
                {
                    _ = v is null ? strings.AppendNull() : strings.Append((string)v);
                }

                return strings.Build();
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type");
        }
    }
}
