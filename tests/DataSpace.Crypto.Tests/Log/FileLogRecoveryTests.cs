using DataSpace.Crypto.Log;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Log;

public sealed class FileLogRecoveryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private LogOptions Options => new() { Directory = _temp.Combine("log") };

    private string LogFile(string name) => Path.Combine(Options.Directory, name);

    [Fact]
    public async Task Open_TornRecordAtTail_CutsItAndKeepsEveryCommittedEntry()
    {
        var head = await WriteEntries(20);
        var length = new FileInfo(LogFile("entries")).Length;
        await using (var stream = new FileStream(LogFile("entries"), FileMode.Append))
        {
            stream.Write([200, 0, 0, 0, (byte)'{', (byte)'"']);
        }

        await using var log = TransparencyLog.Open(Options);

        Assert.Equal(head.Size, log.Head.Size);
        Assert.Equal(head.RootHash.ToArray(), log.Head.RootHash.ToArray());
        Assert.Equal(length, new FileInfo(LogFile("entries")).Length);
        Assert.Equal(20, await log.AppendAsync(LogEntries.Make("after")));
    }

    [Fact]
    public async Task Open_WholeRecordWithBadCheck_IsCutNotServed()
    {
        var head = await WriteEntries(5);
        var leaf = "{\"entry\":{},\"index\":5,\"prev\":\"AAAA\"}"u8.ToArray();
        await using (var stream = new FileStream(LogFile("entries"), FileMode.Append))
        {
            stream.Write(BitConverter.GetBytes(leaf.Length));
            stream.Write(leaf);
            stream.Write(new byte[8]);
        }

        await using var log = TransparencyLog.Open(Options);

        Assert.Equal(head.Size, log.Head.Size);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ReadLeaf(5));
    }

    [Theory]
    [InlineData("index")]
    [InlineData("nodes")]
    [InlineData("synced")]
    public async Task Open_DerivedFileLost_RebuildsFromEntries(string lost)
    {
        var head = await WriteEntries(1000);
        if (Directory.Exists(LogFile(lost)))
        {
            Directory.Delete(LogFile(lost), recursive: true);
        }
        else
        {
            File.Delete(LogFile(lost));
        }

        await using var log = TransparencyLog.Open(Options);

        Assert.Equal(head.Size, log.Head.Size);
        Assert.Equal(head.RootHash.ToArray(), log.Head.RootHash.ToArray());
        Assert.True(DataSpace.Crypto.Merkle.MerkleVerifier.VerifyInclusion(
            log.Hasher, 500, 1000, log.Hasher.HashLeaf(log.ReadLeaf(500)), log.InclusionProof(500, 1000), log.Head.RootHash.Span));
    }

    [Fact]
    public async Task Open_NodeLevelShorterThanSyncMark_RebuildsTheMissingPart()
    {
        var head = await WriteEntries(600);
        using (var level0 = new FileStream(Path.Combine(LogFile("nodes"), "00"), FileMode.Open))
        {
            level0.SetLength(100 * 32);
        }

        await using var log = TransparencyLog.Open(Options);

        Assert.Equal(head.RootHash.ToArray(), log.Head.RootHash.ToArray());
        Assert.Equal(head.RootHash.ToArray(), log.RootHash(600));
    }

    [Fact]
    public async Task Open_CorruptSyncMark_RebuildsEverythingToTheSameRoot()
    {
        var head = await WriteEntries(300);
        File.WriteAllBytes(LogFile("synced"), new byte[32]);

        await using var log = TransparencyLog.Open(Options);

        Assert.Equal(head.Size, log.Head.Size);
        Assert.Equal(head.RootHash.ToArray(), log.RootHash(300));
    }

    [Fact]
    public void Open_BadDescriptor_IsRefusedWithTheFileNamed()
    {
        Directory.CreateDirectory(Options.Directory);
        File.WriteAllText(LogFile("log.json"), "{\"format\":7,\"digest\":\"sha256\"}");

        var error = Assert.Throws<InvalidDataException>(() => TransparencyLog.Open(Options));
        Assert.Contains("log.json", error.Message, StringComparison.Ordinal);
    }

    private async Task<LogHead> WriteEntries(int count)
    {
        await using var log = TransparencyLog.Open(Options);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(LogEntries.Make($"r/{i}")).AsTask()));
        return log.Head;
    }

    public void Dispose() => _temp.Dispose();
}
