using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataSpace.Sandbox.Data;

/// <summary>The requested columns of one <see cref="IDataSource.ReadBatches"/> call, resolved against the schema.</summary>
internal sealed class Projection
{
    private Projection(int[] indexes, ColumnSchema[] columns, Schema arrowSchema)
    {
        Indexes = indexes;
        Columns = columns;
        ArrowSchema = arrowSchema;
    }

    /// <summary>Position in the dataset schema of each requested column, in request order.</summary>
    public int[] Indexes { get; }

    /// <summary>The requested columns, in request order.</summary>
    public ColumnSchema[] Columns { get; }

    /// <summary>The schema of every batch yielded.</summary>
    public Schema ArrowSchema { get; }

    /// <summary>Checks the arguments eagerly so that the caller sees errors at the call, not at the first batch.</summary>
    public static Projection Create(DatasetSchema schema, IReadOnlyList<string> columns, int maxRows, string path)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        if (columns.Count == 0)
        {
            throw new ArgumentException("at least one column must be requested", nameof(columns));
        }

        var indexes = new int[columns.Count];
        var selected = new ColumnSchema[columns.Count];
        var fields = new Schema.Builder();
        for (var i = 0; i < columns.Count; i++)
        {
            var index = schema.IndexOf(columns[i]);
            if (index < 0)
            {
                throw new DataSourceException($"{path}: dataset has no column '{columns[i]}'");
            }

            indexes[i] = index;
            selected[i] = schema.Columns[index];
            fields.Field(new Field(selected[i].Name, ToArrowType(selected[i].Type), selected[i].Nullable));
        }

        return new Projection(indexes, selected, fields.Build());
    }

    public ColumnBuilder[] NewBuilders(int capacity)
    {
        var builders = new ColumnBuilder[Columns.Length];
        for (var i = 0; i < builders.Length; i++)
        {
            builders[i] = new ColumnBuilder(Columns[i].Type, capacity);
        }

        return builders;
    }

    public RecordBatch Build(ColumnBuilder[] builders, int length)
    {
        var arrays = new IArrowArray[builders.Length];
        for (var i = 0; i < builders.Length; i++)
        {
            arrays[i] = builders[i].Build();
        }

        return new RecordBatch(ArrowSchema, arrays, length);
    }

    private static IArrowType ToArrowType(ColumnType type) => type switch
    {
        ColumnType.Int32 => Int32Type.Default,
        ColumnType.Int64 => Int64Type.Default,
        ColumnType.Float64 => DoubleType.Default,
        ColumnType.Boolean => BooleanType.Default,
        ColumnType.Date => Date32Type.Default,
        ColumnType.String => StringType.Default,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
    };
}
