namespace DataSpace.Sandbox.Data;

/// <summary>
/// What a partitioned Parquet folder holds (<see cref="ParquetFolder.List"/>): its files in reading order (ordinal by
/// the UTF-8 bytes of their relative paths) and the partition keys every file's path names, in path order.
/// </summary>
public sealed record ParquetFolderLayout(string Directory, IReadOnlyList<string> Keys, IReadOnlyList<FolderPart> Parts);
