namespace DataSpace.Sandbox.Data;

/// <summary>
/// One Parquet file of a partitioned dataset folder (docs/sandbox-data.md, "Partitioned Parquet folders"): its path
/// relative to the folder with <c>/</c> separators, its full path as listed (a symbolic link is not followed here), and
/// the values of the folder's partition keys taken from its <c>key=value</c> directories, in key order.
/// </summary>
public sealed record FolderPart(string RelativePath, string Path, IReadOnlyList<string> Values);
