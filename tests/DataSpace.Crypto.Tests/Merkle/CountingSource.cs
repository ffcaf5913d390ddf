using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>Counts the node reads a proof needs.</summary>
internal sealed class CountingSource(INodeHashSource inner) : INodeHashSource
{
    public int Reads { get; private set; }

    public void ReadNode(int level, long index, Span<byte> destination)
    {
        Reads++;
        inner.ReadNode(level, index, destination);
    }
}
