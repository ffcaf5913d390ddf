namespace DataSpace.Sandbox.Data;

/// <summary>
/// One file's line of a partitioned dataset's digest (<see cref="FolderDigest"/>): its relative path, its size in bytes
/// and the <c>sha256:</c> digest of its bytes.
/// </summary>
public sealed record PartDigest(string RelativePath, long Size, string Digest);
