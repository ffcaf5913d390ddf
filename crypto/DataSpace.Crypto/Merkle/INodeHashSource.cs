namespace DataSpace.Crypto.Merkle;

/// <summary>
/// Reads the hash of the complete subtree at (level, index):
/// the RFC 9162 section 2.1.1 root of leaves [index &lt;&lt; level, (index + 1) &lt;&lt; level); level 0 is the leaf hash.
/// </summary>
/// <remarks>
/// Callers only ask for subtrees that are complete within the tree size they are working on.
/// Implemented by the log store (files) and by <see cref="MemoryMerkleTree"/>.
/// </remarks>
public interface INodeHashSource
{
    /// <summary>Writes the 32-byte hash of the subtree into the start of <paramref name="destination"/>.</summary>
    public void ReadNode(int level, long index, Span<byte> destination);
}
