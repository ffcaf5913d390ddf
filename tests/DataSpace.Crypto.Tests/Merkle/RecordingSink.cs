using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Tests.Merkle;

/// <summary>Records every node a compact range emits, in order.</summary>
internal sealed class RecordingSink : INodeHashSink
{
    public List<(int Level, long Index, string Hash)> Nodes { get; } = [];

    public void WriteNode(int level, long index, ReadOnlySpan<byte> hash) =>
        Nodes.Add((level, index, Convert.ToHexStringLower(hash)));
}
