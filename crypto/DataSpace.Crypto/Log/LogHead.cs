namespace DataSpace.Crypto.Log;

/// <summary>The size and RFC 9162 root hash of the acknowledged tree.</summary>
public sealed record LogHead(long Size, ReadOnlyMemory<byte> RootHash);
