using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// An Arrow IPC file ("ARROW1" magic, read through its footer) or stream (continuation-marked messages).
/// Each <see cref="ReadBatches"/> reads the file from its start through the one handle opened (<see cref="DataFile"/>),
/// one record batch at a time.
/// </summary>
internal sealed class ArrowIpcDataSource : IDataSource
{
    private static readonly byte[] FileMagic = "ARROW1"u8.ToArray();

    private const int BufferSize = 64 * 1024;

    private readonly DataFile _file;
    private readonly string _path;
    private readonly bool _isFileFormat;

    private ArrowIpcDataSource(DataFile file, bool isFileFormat, DatasetSchema schema)
    {
        _file = file;
        _path = file.Location;
        _isFileFormat = isFileFormat;
        Schema = schema;
    }

    public DatasetSchema Schema { get; }

    /// <summary>True when the file was in the IPC file format at <see cref="Open(DataFile)"/>, false for the stream format.</summary>
    public bool IsFileFormat => _isFileFormat;

    public static ArrowIpcDataSource Open(string path) => Open(DataFile.Open(path));

    /// <summary>Opens an open Arrow IPC file, reading its schema; the source owns <paramref name="file"/> from here on.</summary>
    public static ArrowIpcDataSource Open(DataFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            var path = file.Location;
            using var stream = OpenStream(file);
            var isFileFormat = DetectFormat(stream, path);
            Schema arrowSchema;
            try
            {
                using var reader = CreateReader(stream, isFileFormat);
                arrowSchema = reader.Schema ?? throw new InvalidDataException("no schema message");
            }
            catch (Exception ex) when (ex is not DataSourceException)
            {
                throw Corrupt(path, ex);
            }

            return new ArrowIpcDataSource(file, isFileFormat, ArrowColumnConverter.ToDatasetSchema(arrowSchema, path));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        var projection = Projection.Create(Schema, columns, maxRows, _path);
        return Read(projection, maxRows, cancellationToken);
    }

    public void Dispose() => _file.Dispose();

    private IEnumerable<RecordBatch> Read(Projection projection, int maxRows, CancellationToken cancellationToken)
    {
        using var stream = OpenStream(_file);
        using var reader = CreateReader(stream, DetectFormat(stream, _path));
        CheckUnchanged(reader);
        long rowsRead = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var source = ReadNext(reader);
            if (source is null)
            {
                yield break;
            }

            for (var start = 0; start < source.Length; start += maxRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(maxRows, source.Length - start);
                yield return Convert(source, projection, start, count, rowsRead + start);
            }

            rowsRead += source.Length;
        }
    }

    /// <summary>The file is read again for every call: refuse it if its schema is no longer the one opened.</summary>
    private void CheckUnchanged(ArrowStreamReader reader)
    {
        Schema current;
        try
        {
            current = reader.Schema;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Corrupt(_path, ex);
        }

        if (!ArrowColumnConverter.ToDatasetSchema(current, _path).Columns.SequenceEqual(Schema.Columns))
        {
            throw new DataSourceException($"{_path}: the file's schema changed since it was opened");
        }
    }

    private RecordBatch? ReadNext(ArrowStreamReader reader)
    {
        try
        {
            return reader.ReadNextRecordBatch();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Corrupt(_path, ex);
        }
    }

    private RecordBatch Convert(RecordBatch source, Projection projection, int start, int count, long firstRow)
    {
        var builders = projection.NewBuilders(count);
        for (var i = 0; i < builders.Length; i++)
        {
            var column = projection.Columns[i].Name;
            var array = source.Column(projection.Indexes[i]);
            if (array.Length < start + count)
            {
                throw new DataSourceException($"{_path}: column '{column}' is shorter than its record batch");
            }

            ArrowColumnConverter.Append(array, start, count, builders[i], _path, column, firstRow);
        }

        return projection.Build(builders, count);
    }

    private static BufferedStream OpenStream(DataFile file) => new(file.OpenRead(), BufferSize);

    /// <summary>File format starts with "ARROW1"; stream format with the 0xFFFFFFFF continuation marker of its schema message.</summary>
    private static bool DetectFormat(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[6];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read == head.Length && head.SequenceEqual(FileMagic))
        {
            return true;
        }

        if (read >= 4 && head[..4].SequenceEqual(stackalloc byte[] { 0xFF, 0xFF, 0xFF, 0xFF }))
        {
            return false;
        }

        throw new DataSourceException(
            $"{path}: not an Arrow IPC file or stream (no \"ARROW1\" magic and no stream continuation marker)");
    }

    private static ArrowStreamReader CreateReader(Stream stream, bool isFileFormat) =>
        isFileFormat ? new ArrowFileReader(stream, leaveOpen: true) : new ArrowStreamReader(stream, leaveOpen: true);

    private static DataSourceException Corrupt(string path, Exception inner) =>
        new($"{path}: corrupt or truncated Arrow IPC data: {inner.Message}", inner);
}
