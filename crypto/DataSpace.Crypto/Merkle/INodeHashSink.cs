namespace DataSpace.Crypto.Merkle;

/// <summary>
/// Receives every complete subtree hash as soon as it exists (level 0 is the leaf hash), in order of completion:
/// the leaf first, then each subtree that leaf completes, bottom up.
/// </summary>
public interface INodeHashSink
{
    public void WriteNode(int level, long index, ReadOnlySpan<byte> hash);
}
