using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A dataset read batch by batch. Batches hold only the requested columns, in the requested order,
/// as normalised Arrow arrays: <see cref="Int32Array"/>, <see cref="Int64Array"/>, <see cref="DoubleArray"/>,
/// <see cref="BooleanArray"/>, <see cref="Date32Array"/> or <see cref="StringArray"/> (see <see cref="ColumnType"/>).
/// Memory is bounded by the batch size, not the dataset size.
/// </summary>
public interface IDataSource : IDisposable
{
    /// <summary>The dataset's columns.</summary>
    public DatasetSchema Schema { get; }

    /// <summary>
    /// Streams the named columns in batches of at most <paramref name="maxRows"/> rows (never empty).
    /// Bad data (a value that does not fit its column's type, a corrupt file) throws
    /// <see cref="DataSourceException"/> naming the file, column and row.
    /// </summary>
    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether each batch <see cref="ReadBatches"/> yields is its reader's alone: built for it, sharing no buffer with
    /// another batch or with the source, so the reader may dispose it once done with it (its memory then goes back to
    /// <see cref="BatchMemory"/>'s pool). False unless a source says so: a reader must then leave batches to the collector.
    /// </summary>
    public bool BatchesAreOwned => false;
}
