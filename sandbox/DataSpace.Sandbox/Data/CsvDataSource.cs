using System.Text;
using System.Text.Unicode;
using Apache.Arrow;
using CsvHelper;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A CSV file: RFC 4180, comma-separated, UTF-8, with a header row naming the columns. An empty field is null.
/// The schema is given or inferred from the first rows (<see cref="InferSchema(string, int)"/>); each <see cref="ReadBatches"/>
/// call reads the file from the start, through the one handle opened (<see cref="DataFile"/>), holding at most one batch of rows.
/// </summary>
public sealed class CsvDataSource : IDataSource
{
    /// <summary>How many data rows <see cref="Open(string, DatasetSchema?, int)"/> looks at to infer the column types.</summary>
    public const int DefaultInferenceRows = 1000;

    private const int MaxInitialCapacity = 4096;

    /// <summary>Rows between cancellation checks within a batch (a power of two).</summary>
    private const int CancellationInterval = 4096;

    private static readonly CsvReaderOptions ReaderOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        TrimWhitespace = false,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
    };

    private readonly DataFile _file;
    private readonly string _path;

    private CsvDataSource(DataFile file, DatasetSchema schema)
    {
        _file = file;
        _path = file.Location;
        Schema = schema;
    }

    public DatasetSchema Schema { get; }

    /// <summary>
    /// Opens a CSV file. Without <paramref name="schema"/> the column types are inferred from the first
    /// <paramref name="inferenceRows"/> rows; with it, the header must name the schema's columns in order.
    /// </summary>
    /// <exception cref="DataSourceException">The file is missing, has no header, a bad header, or does not match the schema.</exception>
    public static CsvDataSource Open(string path, DatasetSchema? schema = null, int inferenceRows = DefaultInferenceRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Open(DataFile.Open(path), schema, inferenceRows);
    }

    /// <summary>Opens an open CSV file as <see cref="Open(string, DatasetSchema?, int)"/>; the source owns <paramref name="file"/> from here on.</summary>
    public static CsvDataSource Open(DataFile file, DatasetSchema? schema = null, int inferenceRows = DefaultInferenceRows)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            if (schema is null)
            {
                return new CsvDataSource(file, InferSchema(file, inferenceRows));
            }

            using (var reader = CreateReader(file))
            {
                CheckHeader(reader, schema, file.Location);
            }

            return new CsvDataSource(file, schema);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Infers the column types from the first <paramref name="sampleRows"/> data rows: a column is int64 when every
    /// non-empty value parses as an invariant integer, else float64 when every one is a finite invariant number,
    /// else boolean (<c>true</c>/<c>false</c>, any case), else date (<c>yyyy-MM-dd</c>), else string.
    /// Every inferred column is nullable, since any later field may be empty.
    /// </summary>
    /// <exception cref="DataSourceException">The file is missing, malformed, or its header is empty or has duplicate or empty names.</exception>
    public static DatasetSchema InferSchema(string path, int sampleRows = DefaultInferenceRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleRows);
        using var file = DataFile.Open(path);
        return InferSchema(file, sampleRows);
    }

    private static DatasetSchema InferSchema(DataFile file, int sampleRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleRows);
        var path = file.Location;
        using var reader = CreateReader(file);
        var header = ReadHeader(reader, path);
        var inference = new CsvSchemaInference[header.Count];
        for (var i = 0; i < inference.Length; i++)
        {
            inference[i] = new CsvSchemaInference();
        }

        for (var row = 0; row < sampleRows && Next(reader, header.Count, path); row++)
        {
            for (var i = 0; i < inference.Length; i++)
            {
                inference[i].Observe(reader.GetSpan(i));
            }
        }

        var columns = new ColumnSchema[header.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new ColumnSchema(header[i], inference[i].Result, Nullable: true);
        }

        return new DatasetSchema(columns);
    }

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        var projection = Projection.Create(Schema, columns, maxRows, _path);
        return Read(projection, maxRows, cancellationToken);
    }

    public void Dispose() => _file.Dispose();

    private IEnumerable<RecordBatch> Read(Projection projection, int maxRows, CancellationToken cancellationToken)
    {
        using var reader = CreateReader(_file);
        CheckHeader(reader, Schema, _path);
        var fieldCount = Schema.Columns.Count;
        var capacity = Math.Min(maxRows, MaxInitialCapacity);
        ColumnBuilder[]? builders = null;
        var rows = 0;
        while (Next(reader, fieldCount, _path))
        {
            builders ??= projection.NewBuilders(capacity);
            for (var i = 0; i < builders.Length; i++)
            {
                Append(reader, projection.Columns[i], projection.Indexes[i], builders[i]);
            }

            if ((++rows & (CancellationInterval - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (rows == maxRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return projection.Build(builders, rows);
                builders = null;
                rows = 0;
            }
        }

        if (rows > 0)
        {
            yield return projection.Build(builders!, rows);
        }
    }

    private void Append(CsvReader reader, ColumnSchema column, int index, ColumnBuilder builder)
    {
        var field = reader.GetSpan(index);
        if (field.IsEmpty)
        {
            if (!column.Nullable)
            {
                throw new DataSourceException($"{_path}: column '{column.Name}', line {reader.LineNumber}: empty value in a column that is not nullable");
            }

            builder.AppendNull();
            return;
        }

        var ok = true;
        switch (column.Type)
        {
            case ColumnType.Int32:
                ok = CsvValues.TryParseInt32(field, out var int32);
                builder.AppendInt32(int32);
                break;
            case ColumnType.Int64:
                ok = CsvValues.TryParseInt64(field, out var int64);
                builder.AppendInt64(int64);
                break;
            case ColumnType.Float64:
                ok = CsvValues.TryParseFloat64(field, out var float64);
                builder.AppendDouble(float64);
                break;
            case ColumnType.Boolean:
                ok = CsvValues.TryParseBoolean(field, out var boolean);
                builder.AppendBoolean(boolean);
                break;
            case ColumnType.Date:
                ok = CsvValues.TryParseDate(field, out var days);
                builder.AppendDate(days);
                break;
            case ColumnType.String:
                ok = Utf8.IsValid(field);
                builder.AppendUtf8(field);
                break;
            default:
                throw new InvalidOperationException($"unknown column type {column.Type}");
        }

        if (!ok)
        {
            // The value itself stays out of the message: it may be personal data.
            throw new DataSourceException(
                $"{_path}: column '{column.Name}', line {reader.LineNumber}: value is not a valid {Describe(column.Type)}");
        }
    }

    private static string Describe(ColumnType type) => type switch
    {
        ColumnType.Int32 => "int32",
        ColumnType.Int64 => "int64",
        ColumnType.Float64 => "finite float64",
        ColumnType.Boolean => "boolean (true or false)",
        ColumnType.Date => "date (yyyy-MM-dd)",
        ColumnType.String => "UTF-8 string",
        _ => type.ToString(),
    };

    /// <summary>A reader from the file's start, through the one handle opened (the stream it makes leaves the file open).</summary>
    private static CsvReader CreateReader(DataFile file) => CsvReader.Create(file.OpenRead(), ReaderOptions, leaveOpen: false);

    /// <summary>Reads the header row; names must be non-empty and unique (ordinal).</summary>
    private static IReadOnlyList<string> ReadHeader(CsvReader reader, string path)
    {
        IReadOnlyList<string> header;
        try
        {
            reader.ReadHeader();
            header = [.. reader.Headers];
        }
        catch (Exception ex) when (ex is CsvFormatException or DecoderFallbackException)
        {
            throw new DataSourceException($"{path}: line 1: malformed CSV header: {ex.Message}", ex);
        }

        if (header.Count == 0)
        {
            throw new DataSourceException($"{path}: no header row (the file is empty)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length == 0)
            {
                throw new DataSourceException($"{path}: header column {i + 1} has an empty name");
            }

            if (!seen.Add(header[i]))
            {
                throw new DataSourceException($"{path}: header names column '{header[i]}' twice");
            }
        }

        return header;
    }

    private static void CheckHeader(CsvReader reader, DatasetSchema schema, string path)
    {
        var header = ReadHeader(reader, path);
        var columns = schema.Columns;
        for (var i = 0; i < Math.Max(header.Count, columns.Count); i++)
        {
            var expected = i < columns.Count ? columns[i].Name : null;
            var found = i < header.Count ? header[i] : null;
            if (!string.Equals(expected, found, StringComparison.Ordinal))
            {
                throw new DataSourceException(
                    $"{path}: header does not match the schema at column {i + 1}: expected {Quote(expected)}, found {Quote(found)}");
            }
        }
    }

    private static string Quote(string? name) => name is null ? "no column" : $"'{name}'";

    /// <summary>Moves to the next record; every record must have as many fields as the header.</summary>
    private static bool Next(CsvReader reader, int fieldCount, string path)
    {
        try
        {
            if (!reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is CsvFormatException or DecoderFallbackException)
        {
            var line = ex is CsvFormatException { LineNumber: > 0 } format ? $"line {format.LineNumber}: " : string.Empty;
            throw new DataSourceException($"{path}: {line}malformed CSV: {ex.Message}", ex);
        }

        if (reader.FieldCount != fieldCount)
        {
            throw new DataSourceException(
                $"{path}: line {reader.LineNumber}: record has {reader.FieldCount} fields but the header has {fieldCount}");
        }

        return true;
    }
}
