using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// A folder of Parquet files read as one table (docs/sandbox-data.md, "Partitioned Parquet folders"): the files one after
/// the other in the layout's order (their relative paths sorted by UTF-8 bytes), each through its own
/// <see cref="ParquetDataSource"/> and checked handle, with the partition keys as string columns after the files' own,
/// filled per file. Every file must have the first one's Parquet schema (names, types, nullability, in order). The row
/// groups of all the files are decoded ahead on other threads (<see cref="DecodeThreads"/>, <see cref="OrderedDecode"/>),
/// each through its own reader, and come out in the layout's order exactly as a sequential read gives them; a batch never
/// spans two files.
/// </summary>
internal sealed class PartitionedDataSource : IDataSource
{
    private readonly string _directory;
    private readonly ParquetFolderLayout _layout;
    private readonly ParquetDataSource[] _parts;
    private readonly int _fileColumns;

    private PartitionedDataSource(string directory, ParquetFolderLayout layout, ParquetDataSource[] parts, DatasetSchema schema)
    {
        _directory = directory;
        _layout = layout;
        _parts = parts;
        _fileColumns = parts[0].Schema.Columns.Count;
        Schema = schema;
    }

    public DatasetSchema Schema { get; }

    /// <summary>
    /// How many row groups (of any of the files) are decoded at once, on other threads, ahead of the one being read (1: one
    /// at a time, on the reading thread). Memory grows with it (one decoded row group each). Defaults to
    /// <see cref="ParquetDataSource.DefaultDecodeThreads"/>.
    /// </summary>
    internal int DecodeThreads
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = ParquetDataSource.DefaultDecodeThreads;

    /// <summary>Opens every file of <paramref name="layout"/> (<paramref name="files"/>, in the same order), which the source owns from here on.</summary>
    /// <exception cref="DataSourceException">A file is corrupt, or its schema differs from the first file's, or a partition key is also a column.</exception>
    public static PartitionedDataSource Open(ParquetFolderLayout layout, IReadOnlyList<DataFile> files)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(files);
        var parts = new ParquetDataSource?[files.Count];
        try
        {
            if (files.Count != layout.Parts.Count || files.Count == 0)
            {
                throw new ArgumentException($"{files.Count} files given for a layout of {layout.Parts.Count}", nameof(files));
            }

            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                parts[i] = ParquetDataSource.Open(file);
                if (i > 0 && Difference(parts[0]!, parts[i]!) is { } difference)
                {
                    throw new DataSourceException(
                        $"{layout.Directory}: '{layout.Parts[i].RelativePath}' has another schema than '{layout.Parts[0].RelativePath}': {difference}");
                }
            }

            var columns = new List<ColumnSchema>(parts[0]!.Schema.Columns);
            foreach (var key in layout.Keys)
            {
                if (parts[0]!.Schema.IndexOf(key) >= 0)
                {
                    throw new DataSourceException($"{layout.Directory}: the partition key '{key}' is also a column of the files");
                }

                columns.Add(new ColumnSchema(key, ColumnType.String, Nullable: false));
            }

            return new PartitionedDataSource(layout.Directory, layout, [.. parts.Select(p => p!)], new DatasetSchema(columns));
        }
        catch
        {
            for (var i = 0; i < files.Count; i++)
            {
                if (parts[i] is { } part)
                {
                    part.Dispose();
                }
                else
                {
                    files[i].Dispose();
                }
            }

            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Every batch's arrays are built for it from the decoded row group (<see cref="DecodedBatches"/>).</remarks>
    public bool BatchesAreOwned => true;

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        var projection = Projection.Create(Schema, columns, maxRows, _directory);

        // The files' columns requested (in request order, repeats kept, so each array is built once); the first of the
        // file's columns stands in for the row count when only partition columns are asked for.
        var fileColumns = new List<string>();
        var positions = new int[projection.Indexes.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = projection.Indexes[i] < _fileColumns ? fileColumns.Count : -1;
            if (positions[i] >= 0)
            {
                fileColumns.Add(projection.Columns[i].Name);
            }
        }

        var countOnly = fileColumns.Count == 0;
        if (countOnly)
        {
            fileColumns.Add(Schema.Columns[0].Name);
        }

        return Read(projection, positions, fileColumns, countOnly, maxRows, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var part in _parts)
        {
            part.Dispose();
        }
    }

    private IEnumerable<RecordBatch> Read(
        Projection projection, int[] positions, List<string> fileColumns, bool countOnly, int maxRows, CancellationToken cancellationToken)
    {
        // Every file has the first one's schema, so one projection of the files' columns serves them all.
        var fileProjection = Projection.Create(_parts[0].Schema, fileColumns, maxRows, _directory);
        var units = new List<(int Part, ParquetDataSource.RowGroupSpan Span)>();
        for (var p = 0; p < _parts.Length; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var span in _parts[p].ListRowGroups(cancellationToken))
            {
                units.Add((p, span));
            }
        }

        foreach (var decoded in OrderedDecode.InOrder(
            units.Count,
            (u, token) => Decode(units[u].Part, units[u].Span, projection, fileProjection, positions, countOnly, maxRows, token),
            DecodeThreads,
            cancellationToken))
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

    /// <summary>Decodes one row group of file <paramref name="part"/> and adds the file's partition values as columns.</summary>
    private DecodedBatches Decode(
        int part,
        ParquetDataSource.RowGroupSpan span,
        Projection projection,
        Projection fileProjection,
        int[] positions,
        bool countOnly,
        int maxRows,
        CancellationToken cancellationToken)
    {
        var values = _layout.Parts[part].Values;
        using var decoded = _parts[part].Decode(span, fileProjection, maxRows, cancellationToken);
        var batches = new List<RecordBatch>();
        try
        {
            while (decoded.TryTake(out var batch))
            {
                var arrays = new IArrowArray[positions.Length];
                for (var i = 0; i < arrays.Length; i++)
                {
                    arrays[i] = positions[i] >= 0 ? batch.Column(positions[i]) : Constant(values[projection.Indexes[i] - _fileColumns], batch.Length);
                }

                if (countOnly)
                {
                    batch.Column(0).Dispose();
                }

                batches.Add(new RecordBatch(projection.ArrowSchema, arrays, batch.Length));
            }

            return new DecodedBatches(batches);
        }
        catch
        {
            DecodedBatches.Release(batches);
            throw;
        }
    }

    private static StringArray Constant(string value, int length)
    {
        var builder = new StringArray.Builder().Reserve(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(value);
        }

        return builder.Build();
    }

    /// <summary>How <paramref name="other"/>'s Parquet columns differ from <paramref name="first"/>'s; null when they do not.</summary>
    private static string? Difference(ParquetDataSource first, ParquetDataSource other)
    {
        var expected = first.Fields;
        var actual = other.Fields;
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i >= actual.Count)
            {
                return $"it has no column '{expected[i].Name}'";
            }

            if (i >= expected.Count)
            {
                return $"it has the extra column '{actual[i].Name}'";
            }

            var (e, a) = (expected[i], actual[i]);
            if (!string.Equals(e.Name, a.Name, StringComparison.Ordinal))
            {
                return $"its column {i + 1} is '{a.Name}', not '{e.Name}'";
            }

            if (e.ClrType != a.ClrType || e.IsNullable != a.IsNullable)
            {
                return $"column '{a.Name}' is {Describe(a)}, not {Describe(e)}";
            }
        }

        return null;
    }

    private static string Describe(Parquet.Schema.DataField field) =>
        $"{field.SchemaElement?.Type.ToString() ?? "?"} {field.ClrType.Name} {(field.IsNullable ? "optional" : "required")}";
}
