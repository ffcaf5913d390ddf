namespace DataSpace.Sandbox.Data;

/// <summary>Opens dataset files as <see cref="IDataSource"/>; opening reads only the schema.</summary>
public static class DataSources
{
    /// <summary>Opens <paramref name="path"/> in the format its extension names (<see cref="FormatFromPath"/>).</summary>
    public static IDataSource Open(string path) => Open(path, FormatFromPath(path));

    /// <summary>
    /// Opens <paramref name="path"/> as <paramref name="format"/>, reading only its schema (for CSV, the header
    /// and the first <see cref="CsvDataSource.DefaultInferenceRows"/> rows to infer the column types).
    /// </summary>
    /// <exception cref="DataSourceException">The file is missing, not a regular file, corrupt or has a column of an unsupported type.</exception>
    public static IDataSource Open(string path, DataFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "unknown data format");
        }

        return Open(DataFile.Open(path), format);
    }

    /// <summary>
    /// Opens the open <paramref name="file"/> as <paramref name="format"/>, reading only its schema; the source owns the file
    /// from here on (disposes it, also when opening fails). Every read goes through the file's one handle.
    /// </summary>
    /// <exception cref="DataSourceException">The file is corrupt or has a column of an unsupported type.</exception>
    public static IDataSource Open(DataFile file, DataFormat format)
    {
        ArgumentNullException.ThrowIfNull(file);
        switch (format)
        {
            case DataFormat.Csv:
                return CsvDataSource.Open(file);
            case DataFormat.Parquet:
                return ParquetDataSource.Open(file);
            case DataFormat.ArrowIpc:
                return ArrowIpcDataSource.Open(file);
            default:
                file.Dispose();
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown data format");
        }
    }

    /// <summary>
    /// Opens the folder <paramref name="directory"/> as one partitioned Parquet dataset (docs/sandbox-data.md, "Partitioned
    /// Parquet folders"): its files listed by <see cref="ParquetFolder.List"/>, each opened by <see cref="DataFile.Open(string)"/>.
    /// </summary>
    /// <exception cref="DataSourceException">The folder or one of its files breaks a rule, or the files' schemas differ.</exception>
    public static IDataSource OpenParquetFolder(string directory, int maxFiles = ParquetFolder.DefaultMaxFiles)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var layout = ParquetFolder.List(DataFile.Resolve(Path.GetFullPath(directory)), maxFiles);
        var files = new List<DataFile>(layout.Parts.Count);
        try
        {
            foreach (var part in layout.Parts)
            {
                files.Add(DataFile.Open(part.Path));
            }
        }
        catch
        {
            files.ForEach(file => file.Dispose());
            throw;
        }

        return PartitionedDataSource.Open(layout, files);
    }

    /// <summary>
    /// Opens the files of <paramref name="layout"/>, already opened and checked by the caller (<paramref name="files"/>, in
    /// the layout's order), as one dataset; the source owns the files from here on (disposes them, also when opening fails).
    /// </summary>
    /// <exception cref="DataSourceException">A file is corrupt, or its schema differs from the first file's.</exception>
    public static IDataSource OpenParquetFolder(ParquetFolderLayout layout, IReadOnlyList<DataFile> files) => PartitionedDataSource.Open(layout, files);

    /// <summary>
    /// The format a file's extension names, ignoring case: <c>.csv</c>; <c>.parquet</c>;
    /// <c>.arrow</c>, <c>.arrows</c>, <c>.feather</c> or <c>.ipc</c> for Arrow IPC.
    /// </summary>
    /// <exception cref="DataSourceException">The extension is none of these.</exception>
    public static DataFormat FormatFromPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".CSV" => DataFormat.Csv,
            ".PARQUET" => DataFormat.Parquet,
            ".ARROW" or ".ARROWS" or ".FEATHER" or ".IPC" => DataFormat.ArrowIpc,
            _ => throw new DataSourceException(
                $"{path}: cannot tell the data format from the extension '{Path.GetExtension(path)}' " +
                "(expected .csv, .parquet, .arrow, .arrows, .feather or .ipc)"),
        };
    }
}
