using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Log;

public sealed class FileLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private LogOptions Options(DigestAlgorithm digest = DigestAlgorithm.Sha256) => new() { Directory = _temp.Combine("log"), Digest = digest };

    [Fact]
    public async Task AppendAsync_Sequential_ReturnsConsecutiveIndicesAndStoresLeaves()
    {
        await using var log = TransparencyLog.Open(Options());

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, await log.AppendAsync(LogEntries.Make($"r/{i}")));
        }

        Assert.Equal(10, log.Head.Size);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(LogLeaf.TryParse(log.ReadLeaf(i), out var parts, out _));
            Assert.Equal(i, parts.Index);
        }
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256)]
    [InlineData(DigestAlgorithm.Sm3)]
    public async Task Head_AfterAppends_EqualsRootOfLeafHashes(DigestAlgorithm digest)
    {
        await using var log = TransparencyLog.Open(Options(digest));
        var reference = new CompactRange(MerkleHasher.For(digest));

        for (var i = 0; i < 37; i++)
        {
            await log.AppendAsync(LogEntries.Make($"r/{i}"));
            reference.Append(MerkleHasher.For(digest).HashLeaf(log.ReadLeaf(i)), null);
            Assert.Equal(reference.GetRoot(), log.Head.RootHash.ToArray());
        }
    }

    [Fact]
    public async Task AppendAsync_Concurrent_EveryEntryGetsOneUniqueIndex()
    {
        await using var log = TransparencyLog.Open(Options());

        var indices = await Task.WhenAll(Enumerable.Range(0, 64).Select(writer => Task.Run(async () =>
        {
            var mine = new List<(long Index, string Resource)>();
            for (var seq = 0; seq < 50; seq++)
            {
                var resource = $"w{writer}/{seq}";
                mine.Add((await log.AppendAsync(LogEntries.Make(resource)), resource));
            }

            return mine;
        })));

        var all = indices.SelectMany(x => x).ToList();
        Assert.Equal(Enumerable.Range(0, 64 * 50).Select(i => (long)i), all.Select(x => x.Index).Order());
        foreach (var (index, resource) in all)
        {
            Assert.Contains($"\"resource\":\"{resource}\"", System.Text.Encoding.UTF8.GetString(log.ReadLeaf(index)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Leaves_ChainEachEntryToThePreviousLeafHash()
    {
        await using var log = TransparencyLog.Open(Options());
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(LogEntries.Make($"r/{i}"));
        }

        Assert.True(LogLeaf.TryParse(log.ReadLeaf(0), out var first, out _));
        Assert.Equal(new byte[32], first.Previous);
        for (var i = 1; i < 5; i++)
        {
            Assert.True(LogLeaf.TryParse(log.ReadLeaf(i), out var parts, out _));
            Assert.Equal(log.Hasher.HashLeaf(log.ReadLeaf(i - 1)), parts.Previous);
        }
    }

    [Fact]
    public async Task Open_AfterDispose_RestoresHeadAndContinuesChain()
    {
        LogHead head;
        await using (var log = TransparencyLog.Open(Options()))
        {
            for (var i = 0; i < 300; i++)
            {
                await log.AppendAsync(LogEntries.Make($"r/{i}"));
            }

            head = log.Head;
        }

        await using var reopened = TransparencyLog.Open(Options());
        Assert.Equal(head.Size, reopened.Head.Size);
        Assert.Equal(head.RootHash.ToArray(), reopened.Head.RootHash.ToArray());
        Assert.Equal(300, await reopened.AppendAsync(LogEntries.Make("after")));
        Assert.True(LogLeaf.TryParse(reopened.ReadLeaf(300), out var parts, out _));
        Assert.Equal(reopened.Hasher.HashLeaf(reopened.ReadLeaf(299)), parts.Previous);
    }

    [Fact]
    public async Task Proofs_FromTheLog_VerifyAgainstItsRoots()
    {
        await using var log = TransparencyLog.Open(Options());
        for (var i = 0; i < 100; i++)
        {
            await log.AppendAsync(LogEntries.Make($"r/{i}"));
        }

        for (long size = 1; size <= 100; size += 7)
        {
            var root = log.RootHash(size);
            for (long index = 0; index < size; index += 3)
            {
                var proof = log.InclusionProof(index, size);
                Assert.True(MerkleVerifier.VerifyInclusion(log.Hasher, index, size, log.Hasher.HashLeaf(log.ReadLeaf(index)), proof, root));
            }

            var consistency = log.ConsistencyProof(size, 100);
            Assert.True(MerkleVerifier.VerifyConsistency(log.Hasher, size, 100, root, log.RootHash(100), consistency));
        }
    }

    [Fact]
    public async Task Open_WithDifferentDigest_IsRefused()
    {
        await using (var log = TransparencyLog.Open(Options(DigestAlgorithm.Sha256)))
        {
            await log.AppendAsync(LogEntries.Make("r"));
        }

        var error = Assert.Throws<InvalidDataException>(() => TransparencyLog.Open(Options(DigestAlgorithm.Sm3)));
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WhileOpenElsewhere_IsRefused()
    {
        await using var log = TransparencyLog.Open(Options());

        var error = Assert.Throws<IOException>(() => TransparencyLog.Open(Options()));
        Assert.Contains("one writer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_OversizedEntry_IsRefusedAndChangesNothing()
    {
        await using var log = TransparencyLog.Open(Options());
        var huge = LogEntries.Make(new string('x', 70_000));

        await Assert.ThrowsAsync<ArgumentException>(async () => await log.AppendAsync(huge));
        Assert.Equal(0, log.Head.Size);
    }

    [Fact]
    public async Task ReadLeaf_BeyondHead_Throws()
    {
        await using var log = TransparencyLog.Open(Options());
        await log.AppendAsync(LogEntries.Make("r"));

        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadLeaf(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.InclusionProof(0, 2));
    }

    public void Dispose() => _temp.Dispose();
}
