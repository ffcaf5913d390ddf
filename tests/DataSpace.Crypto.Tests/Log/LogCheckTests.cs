using System.Buffers.Binary;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.Log;

/// <summary>
/// The start-up check of a stopped log (docs/audit-log.md, "Start-up verification and fsck"): damage to an entry the
/// signed checkpoint or the sync mark vouches for refuses the open and names the entry; a torn tail after them is cut.
/// </summary>
public sealed class LogCheckTests : IDisposable
{
    private const int Count = 40;

    private readonly TempDirectory _temp = new();
    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();

    private string Directory => _temp.Combine("log");

    private string Entries => Path.Combine(Directory, "entries");

    private LogOptions Options => new() { Directory = Directory, CheckpointKey = _key.PublicKey };

    [Fact]
    public async Task Run_StoppedLogWithCheckpoint_IsValid()
    {
        var head = await WriteSignedLog(Count);

        var result = LogCheck.Run(Directory, _key.PublicKey);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Count, result.Entries);
        Assert.Equal(Count, result.Checkpoint!.Size);
        Assert.True(result.CheckpointSignatureChecked);
        Assert.Equal(head.RootHash.ToArray(), result.RootHash.ToArray());
        Assert.Equal(0, result.TornBytes);
        Assert.False(result.DerivedFilesStale);
    }

    [Fact]
    public async Task Open_ByteFlippedInASignedEntry_IsRefusedNamingTheEntry()
    {
        await WriteSignedLog(Count);
        var offset = OffsetOf(17);
        FlipByte(offset + 30);
        var before = File.ReadAllBytes(Entries);

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(Options));

        Assert.Equal(LogCheckFailure.CorruptEntry, error.Result.Failure);
        Assert.Equal(17, error.Result.EntryIndex);
        Assert.Equal(offset, error.Result.Offset);
        Assert.Contains("entry 17 ", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Entries));
    }

    [Fact]
    public async Task Open_TailCutInsideTheLastSignedEntry_IsRefusedNamingIt()
    {
        await WriteSignedLog(Count);
        Truncate(new FileInfo(Entries).Length - 5);

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(Options));

        Assert.Equal(LogCheckFailure.CorruptEntry, error.Result.Failure);
        Assert.Equal(Count - 1, error.Result.EntryIndex);
        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SignedEntriesCutAtARecordBoundary_IsRefusedNamingTheFirstMissing()
    {
        await WriteSignedLog(Count);
        Truncate(OffsetOf(Count - 3));

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(Options));

        Assert.Equal(LogCheckFailure.MissingEntries, error.Result.Failure);
        Assert.Equal(Count - 3, error.Result.EntryIndex);
    }

    [Fact]
    public async Task Open_EntryRewrittenWithAFreshCheck_NamesTheRewrittenEntry()
    {
        await WriteSignedLog(Count);
        RewriteLeaf(9, leaf => leaf.Replace("r/9\"", "r/X\"", StringComparison.Ordinal));

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(Options));

        Assert.Equal(LogCheckFailure.BrokenChain, error.Result.Failure);
        Assert.Equal(9, error.Result.EntryIndex);
    }

    [Fact]
    public async Task Open_LastSignedEntryRewrittenWithAFreshCheck_FailsTheRoot()
    {
        await WriteSignedLog(Count);
        RewriteLeaf(Count - 1, leaf => leaf.Replace($"r/{Count - 1}\"", "r/XX\"", StringComparison.Ordinal));

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(Options));

        Assert.Equal(LogCheckFailure.RootMismatch, error.Result.Failure);
        Assert.Equal(Count - 1, error.Result.EntryIndex);
    }

    [Fact]
    public async Task Open_CheckpointOfAnotherKey_IsRefused()
    {
        await WriteSignedLog(Count);
        using var other = SignatureSuites.Ed25519.GenerateKey();

        var error = Assert.Throws<LogCorruptException>(() => TransparencyLog.Open(new LogOptions { Directory = Directory, CheckpointKey = other.PublicKey }));

        Assert.Equal(LogCheckFailure.BadCheckpoint, error.Result.Failure);
        Assert.Contains("checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_IncompleteRecordAfterTheSignedEntries_IsATornTailAndIsCut()
    {
        var head = await WriteSignedLog(Count);
        var length = new FileInfo(Entries).Length;
        await using (var stream = new FileStream(Entries, FileMode.Append))
        {
            stream.Write([200, 0, 0, 0, (byte)'{', (byte)'"', (byte)'e']);
        }

        var check = LogCheck.Run(Directory, _key.PublicKey);
        await using var log = TransparencyLog.Open(Options);

        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(7, check.TornBytes);
        Assert.Equal(length, check.TornOffset);
        Assert.Equal(head.RootHash.ToArray(), log.Head.RootHash.ToArray());
        Assert.Equal(length, new FileInfo(Entries).Length);
    }

    [Fact]
    public async Task Open_NodeHashDamagedBelowTheSyncMark_RebuildsTheDerivedFiles()
    {
        var head = await WriteSignedLog(Count);
        var level1 = Path.Combine(Directory, "nodes", "01");
        var bytes = File.ReadAllBytes(level1);
        bytes[3 * 32] ^= 0xff;
        File.WriteAllBytes(level1, bytes);

        var check = LogCheck.Run(Directory, _key.PublicKey);
        await using var log = TransparencyLog.Open(Options);

        Assert.True(check.IsValid, check.Detail);
        Assert.True(check.DerivedFilesStale);
        Assert.Equal(head.RootHash.ToArray(), log.Head.RootHash.ToArray());
        Assert.True(MerkleVerifier.VerifyInclusion(
            log.Hasher, 7, Count, log.Hasher.HashLeaf(log.ReadLeaf(7)), log.InclusionProof(7, Count), log.Head.RootHash.Span));
    }

    [Fact]
    public async Task Run_WhileTheLogIsOpen_IsRefusedAsInUse()
    {
        await using var log = TransparencyLog.Open(Options);
        await log.AppendAsync(LogEntries.Make("r/0"));

        var error = Assert.Throws<IOException>(() => LogCheck.Run(Directory, _key.PublicKey));

        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FolderWithoutALog_IsNotALog()
    {
        System.IO.Directory.CreateDirectory(Directory);

        var result = LogCheck.Run(Directory, null);

        Assert.Equal(LogCheckFailure.NotALog, result.Failure);
    }

    private async Task<LogHead> WriteSignedLog(int count)
    {
        await using var log = TransparencyLog.Open(Options);
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(LogEntries.Make($"r/{i}"));
        }

        await using var checkpointer = new Checkpointer(log, _key, "test.example/log", Path.Combine(Directory, "checkpoint"), TimeSpan.FromHours(1), new FakeTimeProvider());
        checkpointer.SignNow();
        return log.Head;
    }

    private long OffsetOf(long index)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Directory, "index"));
        return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(checked((int)index * 8)));
    }

    private void FlipByte(long offset)
    {
        using var stream = new FileStream(Entries, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x01));
    }

    private void Truncate(long length)
    {
        using var stream = new FileStream(Entries, FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(length);
    }

    /// <summary>Replaces leaf <paramref name="index"/> by an edited one with a correct length and 8-byte check, as a forger would.</summary>
    private void RewriteLeaf(long index, Func<string, string> edit)
    {
        var all = File.ReadAllBytes(Entries);
        var start = (int)OffsetOf(index);
        var length = BinaryPrimitives.ReadInt32LittleEndian(all.AsSpan(start));
        var leaf = System.Text.Encoding.UTF8.GetBytes(edit(System.Text.Encoding.UTF8.GetString(all, start + 4, length)));
        Assert.Equal(length, leaf.Length);
        leaf.CopyTo(all, start + 4);
        MerkleHasher.Sha256.HashLeaf(leaf).AsSpan(0, 8).CopyTo(all.AsSpan(start + 4 + length));
        File.WriteAllBytes(Entries, all);
    }

    public void Dispose()
    {
        _key.Dispose();
        _temp.Dispose();
    }
}
