namespace DataSpace.Crypto.Merkle;

/// <summary>Receives every complete subtree hash as soon as it exists (level 0 = the leaf hash), in order of completion.</summary>
public interface INodeHashSink
{
    void WriteNode(int level, long index, ReadOnlySpan<byte> hash);
}
