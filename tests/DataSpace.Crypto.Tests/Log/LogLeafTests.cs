using System.Buffers;
using System.Text;
using DataSpace.Crypto.Json;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Log;

public sealed class LogLeafTests
{
    private const string Zero = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    [Fact]
    public void Write_ExampleEntryAtIndexZero_ProducesDocumentedLeaf()
    {
        var output = new ArrayBufferWriter<byte>();

        var written = LogLeaf.Write(output, LogExamples.Entry.ToCanonicalJson(), 0, new byte[32]);

        Assert.Equal(LogExamples.LeafJson, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(output.WrittenCount, written);
    }

    [Fact]
    public void Write_ExampleLeaf_HashesToDocumentedPrevOfNextEntry()
    {
        var hash = MerkleHasher.Sha256.HashLeaf(Encoding.UTF8.GetBytes(LogExamples.LeafJson));

        Assert.Equal(LogExamples.LeafHashBase64, Convert.ToBase64String(hash));
    }

    [Fact]
    public void Write_DocumentedExample_AppearsVerbatimInAuditLogDoc()
    {
        var doc = RepositoryDocs.Read("audit-log.md");

        Assert.Contains(LogExamples.EntryJson, doc, StringComparison.Ordinal);
        Assert.Contains(LogExamples.LeafJson, doc, StringComparison.Ordinal);
        Assert.Contains(LogExamples.LeafHashBase64, doc, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(123_456_789L)]
    [InlineData(LogLeaf.MaxIndex)]
    public void Write_AnyIndex_IsCanonicalAndTryParseRoundTrips(long index)
    {
        var entry = LogExamples.Entry.ToCanonicalJson();
        var previous = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
        var output = new ArrayBufferWriter<byte>();

        LogLeaf.Write(output, entry, index, previous);
        var leaf = output.WrittenSpan;

        Assert.True(CanonicalJson.IsCanonical(leaf));
        Assert.True(LogLeaf.TryParse(leaf, out var parts, out var error), error);
        Assert.Equal(entry, leaf[parts.Entry].ToArray());
        Assert.Equal(index, parts.Index);
        Assert.Equal(previous, parts.Previous);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(LogLeaf.MaxIndex + 1)]
    public void Write_IndexOutOfRange_Throws(long index)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LogLeaf.Write(new ArrayBufferWriter<byte>(), "{}"u8, index, new byte[32]));
    }

    [Fact]
    public void Write_ShortPreviousHash_Throws()
    {
        Assert.Throws<ArgumentException>(() => LogLeaf.Write(new ArrayBufferWriter<byte>(), "{}"u8, 0, new byte[31]));
    }

    [Theory]
    [InlineData("{\"entry\":{\"a\":1},\"index\":-1,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":01,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1.0,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1e3,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":9007199254740993,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":\"1\",\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1,\"prev\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\"}", "$.prev")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1,\"prev\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\"}", "$.prev")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1,\"prev\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}", "$.prev")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1,\"prev\":\"" + Zero + "\",\"x\":1}", "$")]
    [InlineData("{\"entry\":{\"a\":1},\"extra\":1,\"index\":1,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"entry\":{\"a\":1},\"index\":1,\"prev\":\"" + Zero + "\"}\n", "$")]
    [InlineData("{\"entry\":{\"a\":1}, \"index\":1,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{ \"entry\":{\"a\":1},\"index\":1,\"prev\":\"" + Zero + "\"}", "$")]
    [InlineData("{\"entry\":{\"a\": 1},\"index\":1,\"prev\":\"" + Zero + "\"}", "$.entry")]
    [InlineData("{\"entry\":{\"b\":1,\"a\":2},\"index\":1,\"prev\":\"" + Zero + "\"}", "$.entry")]
    [InlineData("{\"entry\":{\"a\":\"\\/\"},\"index\":1,\"prev\":\"" + Zero + "\"}", "$.entry")]
    [InlineData("{\"entry\":[1],\"index\":1,\"prev\":\"" + Zero + "\"}", "$.entry")]
    [InlineData("{\"entry\":{\"a\":1,\"index\":1,\"prev\":\"" + Zero + "\"}", "$.index")]
    [InlineData("{\"index\":1,\"prev\":\"" + Zero + "\",\"entry\":{\"a\":1}}", "$")]
    public void TryParse_TamperedLeaf_FailsNamingPath(string leaf, string path)
    {
        var ok = LogLeaf.TryParse(Encoding.UTF8.GetBytes(leaf), out _, out var error);

        Assert.False(ok);
        Assert.StartsWith(path + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DocumentedLeaf_YieldsEntryIndexAndZeroPrev()
    {
        var leaf = Encoding.UTF8.GetBytes(LogExamples.LeafJson);

        Assert.True(LogLeaf.TryParse(leaf, out var parts, out _));
        Assert.Equal(LogExamples.Entry.ToCanonicalJson(), LogEntry.Parse(leaf.AsSpan()[parts.Entry]).ToCanonicalJson());
        Assert.Equal(0, parts.Index);
        Assert.Equal(new byte[32], parts.Previous);
    }
}
