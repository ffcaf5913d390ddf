using Apache.Arrow;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A Parquet file read row group by row group: for each row group only the requested columns are read
/// (into pooled buffers of the row group's length), cut into batches and released. The next row groups are decoded ahead
/// on other threads, each through its own reader (<see cref="DecodeThreads"/>, <see cref="OrderedDecode"/>); batches come
/// out in row-group order exactly as a sequential read gives them. Parquet.Net is asynchronous; the decoders block on it.
/// </summary>
internal sealed class ParquetDataSource : IDataSource
{
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    private readonly DataFile _file;
    private readonly string _path;
    private readonly ParquetSchema _parquetSchema;
    private readonly DataField[] _fields;

    private ParquetDataSource(DataFile file, ParquetSchema parquetSchema, DataField[] fields, DatasetSchema schema)
    {
        _file = file;
        _path = file.Location;
        _parquetSchema = parquetSchema;
        _fields = fields;
        Schema = schema;
    }

    public DatasetSchema Schema { get; }

    /// <summary>
    /// How many row groups are decoded at once, on other threads, ahead of the one being read (1: one at a time, on the
    /// reading thread). Batches come out in the file's order whatever the degree; memory grows with it (one decoded row
    /// group each). Defaults to <see cref="DefaultDecodeThreads"/>.
    /// </summary>
    /// <summary>
    /// One: decoding ahead on a second thread measured no faster on this 2-core machine (1.0x: each row group decodes
    /// about twice as slowly when two decode at once; docs/benchmarks.md, "Scanning a Parquet folder"), and it holds one
    /// more decoded row group in memory, so it stays off until decoding itself scales.
    /// </summary>
    internal const int DefaultDecodeThreads = 1;

    internal int DecodeThreads
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = DefaultDecodeThreads;

    /// <summary>The file's Parquet columns as its footer declares them (physical and logical type, repetition).</summary>
    internal IReadOnlyList<DataField> Fields => _fields;

    public static ParquetDataSource Open(string path) => Open(DataFile.Open(path));

    /// <summary>Opens an open Parquet file, reading its schema; the source owns <paramref name="file"/> from here on.</summary>
    public static ParquetDataSource Open(DataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            return Describe(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static ParquetDataSource Describe(DataFile file)
    {
        var path = file.Location;
        ParquetSchema parquetSchema;
        try
        {
            var reader = ParquetReader.CreateAsync(file.OpenRead(), ReaderOptions, leaveStreamOpen: false).GetAwaiter().GetResult();
            try
            {
                parquetSchema = reader.Schema;
            }
            finally
            {
                Close(reader);
            }
        }
        catch (Exception ex)
        {
            throw Corrupt(path, ex);
        }

        var fields = new DataField[parquetSchema.Fields.Count];
        var columns = new ColumnSchema[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = parquetSchema.Fields[i];
            if (field is not DataField dataField || dataField.IsArray)
            {
                throw new DataSourceException(
                    $"{path}: column '{field.Name}' has unsupported Parquet type {(field is DataField ? "repeated" : field.SchemaType.ToString().ToLowerInvariant())} " +
                    "(nested columns are not supported)");
            }

            fields[i] = dataField;
            columns[i] = new ColumnSchema(dataField.Name, MapType(dataField, path), dataField.IsNullable);
        }

        try
        {
            return new ParquetDataSource(file, parquetSchema, fields, new DatasetSchema(columns));
        }
        catch (ArgumentException ex)
        {
            throw new DataSourceException($"{path}: {ex.Message}", ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Every batch's arrays are built for it from the decoded row group (<see cref="DecodedBatches"/>).</remarks>
    public bool BatchesAreOwned => true;

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        var projection = Projection.Create(Schema, columns, maxRows, _path);
        return Read(projection, maxRows, cancellationToken);
    }

    public void Dispose() => _file.Dispose();

    private IEnumerable<RecordBatch> Read(Projection projection, int maxRows, CancellationToken cancellationToken)
    {
        var groups = ListRowGroups(cancellationToken);
        foreach (var decoded in OrderedDecode.InOrder(
            groups.Count, (i, token) => Decode(groups[i], projection, maxRows, token), DecodeThreads, cancellationToken))
        {
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!decoded.TryTake(out var batch))
                    {
                        break;
                    }

                    yield return batch;
                }
            }
            finally
            {
                decoded.Dispose();
            }
        }
    }

    /// <summary>
    /// The file's non-empty row groups, with the number of their first row; refuses the file if its schema is no longer
    /// the one opened (the file is read again for every call).
    /// </summary>
    internal IReadOnlyList<RowGroupSpan> ListRowGroups(CancellationToken cancellationToken)
    {
        var reader = OpenReader(cancellationToken);
        try
        {
            var groups = new List<RowGroupSpan>(reader.RowGroupCount);
            long firstRow = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var rowGroup = reader.OpenRowGroupReader(group);
                if (rowGroup.RowCount > System.Array.MaxLength)
                {
                    throw new DataSourceException($"{_path}: row group {group} has {rowGroup.RowCount} rows, more than one array can hold");
                }

                if (rowGroup.RowCount > 0)
                {
                    groups.Add(new RowGroupSpan(group, (int)rowGroup.RowCount, firstRow));
                    firstRow += rowGroup.RowCount;
                }
            }

            return groups;
        }
        finally
        {
            Close(reader);
        }
    }

    /// <summary>
    /// Decodes one row group into batches of at most <paramref name="maxRows"/> rows through a reader of its own (Parquet.Net
    /// readers are not thread-safe; <see cref="DataFile.OpenRead"/> gives independent positional streams), so that row
    /// groups can be decoded on several threads at once. The column chunks are released before returning.
    /// </summary>
    internal DecodedBatches Decode(RowGroupSpan span, Projection projection, int maxRows, CancellationToken cancellationToken)
    {
        var reader = OpenReader(cancellationToken);
        try
        {
            if (span.Group >= reader.RowGroupCount)
            {
                throw new DataSourceException($"{_path}: the file's row groups changed since it was opened");
            }

            using var rowGroup = reader.OpenRowGroupReader(span.Group);
            if (rowGroup.RowCount != span.RowCount)
            {
                throw new DataSourceException($"{_path}: the file's row groups changed since it was opened");
            }

            var chunks = ReadRowGroup(rowGroup, projection, span.RowCount, span.FirstRow, cancellationToken);
            var batches = new List<RecordBatch>((span.RowCount + maxRows - 1) / maxRows);
            try
            {
                for (var start = 0; start < span.RowCount; start += maxRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(maxRows, span.RowCount - start);
                    var arrays = new IArrowArray[projection.Indexes.Length];
                    try
                    {
                        for (var i = 0; i < arrays.Length; i++)
                        {
                            arrays[i] = chunks[projection.Indexes[i]]!.Build(projection.Columns[i].Type, start, count);
                        }
                    }
                    catch
                    {
                        foreach (var array in arrays)
                        {
                            array?.Dispose();
                        }

                        throw;
                    }

                    batches.Add(new RecordBatch(projection.ArrowSchema, arrays, count));
                }

                return new DecodedBatches(batches);
            }
            catch
            {
                DecodedBatches.Release(batches);
                throw;
            }
            finally
            {
                foreach (var chunk in chunks)
                {
                    chunk?.Dispose();
                }
            }
        }
        finally
        {
            Close(reader);
        }
    }

    private ParquetReader OpenReader(CancellationToken cancellationToken)
    {
        var reader = Run(() => ParquetReader.CreateAsync(_file.OpenRead(), ReaderOptions, leaveStreamOpen: false, cancellationToken).GetAwaiter().GetResult());
        if (!reader.Schema.Equals(_parquetSchema))
        {
            Close(reader);
            throw new DataSourceException($"{_path}: the file's schema changed since it was opened");
        }

        return reader;
    }

    private static void Close(ParquetReader reader) => reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Reads each requested column once (a column requested twice shares its chunk), indexed by schema position.</summary>
    private ParquetColumnChunk?[] ReadRowGroup(
        ParquetRowGroupReader rowGroup, Projection projection, int rowCount, long firstRow, CancellationToken cancellationToken)
    {
        var chunks = new ParquetColumnChunk?[_fields.Length];
        try
        {
            foreach (var index in projection.Indexes)
            {
                chunks[index] ??= Run(() => ParquetColumnChunk.Read(rowGroup, _fields[index], rowCount, _file, _path, firstRow, cancellationToken));
            }

            return chunks;
        }
        catch
        {
            foreach (var chunk in chunks)
            {
                chunk?.Dispose();
            }

            throw;
        }
    }

    private T Run<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (DataSourceException or OperationCanceledException))
        {
            throw Corrupt(_path, ex);
        }
    }

    /// <summary>A non-empty row group of the file: its index, its row count and the number (from 0) of its first row in the file.</summary>
    internal readonly record struct RowGroupSpan(int Group, int RowCount, long FirstRow);

    private static ColumnType MapType(DataField field, string path)
    {
        if (field is TimeDataField)
        {
            throw Unsupported(path, field, "time of day");
        }

        var clrType = field.ClrType;
        return clrType switch
        {
            _ when clrType == typeof(sbyte) || clrType == typeof(byte) || clrType == typeof(short)
                || clrType == typeof(ushort) || clrType == typeof(int) => ColumnType.Int32,
            _ when clrType == typeof(uint) || clrType == typeof(long) || clrType == typeof(ulong)
                || clrType == typeof(DateTime) => ColumnType.Int64,
            _ when clrType == typeof(float) || clrType == typeof(double)
                || clrType == typeof(decimal) => ColumnType.Float64,
            _ when clrType == typeof(bool) => ColumnType.Boolean,
            _ when clrType == typeof(DateOnly) => ColumnType.Date,
            _ when clrType == typeof(ReadOnlyMemory<char>) || clrType == typeof(string) => ColumnType.String,
            _ when clrType == typeof(ReadOnlyMemory<byte>) || clrType == typeof(byte[]) => throw Unsupported(
                path, field, "binary (binary columns are not supported; annotate text as UTF8/STRING)"),
            _ => throw Unsupported(path, field, clrType.Name),
        };
    }

    private static DataSourceException Unsupported(string path, DataField field, string description) =>
        new($"{path}: column '{field.Name}' has unsupported Parquet type {field.SchemaElement?.Type.ToString() ?? "?"} {description}");

    private static DataSourceException Corrupt(string path, Exception inner) =>
        new($"{path}: corrupt or truncated Parquet file: {inner.Message}", inner);
}
