namespace DataSpace.Crypto.Merkle;

/// <summary>
/// The hash of the complete subtree at (level, index): the root of leaves [index &lt;&lt; level, (index + 1) &lt;&lt; level).
/// Only ever asked for subtrees that are complete within the tree size being proved.
/// </summary>
public interface INodeHashSource
{
    void ReadNode(int level, long index, Span<byte> destination);
}
