using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Audit;

public sealed class LogExportVerifierTests : IDisposable
{
    private const int Count = 40;
    private readonly TempDirectory _temp = new();
    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();

    private VerificationResult Verify(string folder, string? state = null) =>
        LogExportVerifier.Verify(folder, _key.PublicKey, ExportFixture.Origin, state);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public async Task Verify_UntouchedExport_IsValid(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var folder = await ExportFixture.Export(_temp, key, Count, "export");

        var result = LogExportVerifier.Verify(folder, key.PublicKey, ExportFixture.Origin);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Count, result.EntriesVerified);
    }

    [Fact]
    public async Task Verify_WithProgress_ReportsTheEntriesVerified()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var reports = new List<long>();

        var result = LogExportVerifier.Verify(folder, _key.PublicKey, ExportFixture.Origin, progress: new Collect(reports));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal([Count], reports);
    }

    [Fact]
    public async Task Verify_EmptyLog_IsValid()
    {
        var folder = await ExportFixture.Export(_temp, _key, 0, "export");

        Assert.True(Verify(folder).IsValid);
    }

    [Fact]
    public async Task Verify_AnyFlippedByteOfAnyEntry_NamesThatEntry()
    {
        var folder = await ExportFixture.Export(_temp, _key, 12, "export");
        var original = File.ReadAllBytes(Path.Combine(folder, LogExport.EntriesFile));
        var lineOf = new int[original.Length];
        for (int i = 0, line = 0; i < original.Length; i++)
        {
            lineOf[i] = line;
            if (original[i] == '\n')
            {
                line++;
            }
        }

        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            File.WriteAllBytes(Path.Combine(folder, LogExport.EntriesFile), tampered);

            var result = Verify(folder);

            Assert.False(result.IsValid, $"flipping byte {i} went unnoticed");
            if (original[i] != '\n')
            {
                Assert.True(lineOf[i] == result.EntryIndex, $"flipping byte {i} of entry {lineOf[i]} named entry {result.EntryIndex}: {result.Detail}");
            }
        }
    }

    [Fact]
    public async Task Verify_AnyFlippedByteOfCheckpoint_IsRejected()
    {
        var folder = await ExportFixture.Export(_temp, _key, 5, "export");
        var path = Path.Combine(folder, LogExport.CheckpointFile);
        var original = File.ReadAllBytes(path);

        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            File.WriteAllBytes(path, tampered);

            Assert.Equal(VerificationFailure.BadCheckpoint, Verify(folder).Failure);
        }
    }

    [Fact]
    public async Task Verify_EntryDeleted_NamesItsPosition()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var lines = ExportFixture.Lines(folder).ToList();
        lines.RemoveAt(17);
        ExportFixture.WriteLines(folder, lines);

        var result = Verify(folder);

        Assert.Equal(VerificationFailure.EntryOutOfOrder, result.Failure);
        Assert.Equal(17, result.EntryIndex);
    }

    [Fact]
    public async Task Verify_EntriesSwapped_NamesTheFirst()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var lines = ExportFixture.Lines(folder);
        (lines[9], lines[10]) = (lines[10], lines[9]);
        ExportFixture.WriteLines(folder, lines);

        var result = Verify(folder);

        Assert.Equal(VerificationFailure.EntryOutOfOrder, result.Failure);
        Assert.Equal(9, result.EntryIndex);
    }

    [Fact]
    public async Task Verify_EntryDuplicated_NamesTheCopy()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var lines = ExportFixture.Lines(folder).ToList();
        lines.Insert(21, lines[20]);
        ExportFixture.WriteLines(folder, lines);

        var result = Verify(folder);

        Assert.Equal(VerificationFailure.EntryOutOfOrder, result.Failure);
        Assert.Equal(21, result.EntryIndex);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public async Task Verify_Truncated_NamesTheFirstMissingEntry(int removed)
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        ExportFixture.WriteLines(folder, ExportFixture.Lines(folder)[..^removed]);

        var result = Verify(folder);

        Assert.Equal(VerificationFailure.SizeMismatch, result.Failure);
        Assert.Equal(Count - removed, result.EntryIndex);
    }

    [Fact]
    public async Task Verify_TruncatedMidLine_IsRejected()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var path = Path.Combine(folder, LogExport.EntriesFile);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^20]);

        Assert.False(Verify(folder).IsValid);
    }

    [Fact]
    public async Task Verify_CheckpointOfForkedLog_IsRejected()
    {
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var fork = await ExportFixture.Export(_temp, _key, Count, "fork", forkAt: 30);
        File.Copy(Path.Combine(fork, LogExport.CheckpointFile), Path.Combine(folder, LogExport.CheckpointFile), overwrite: true);

        var result = Verify(folder);

        Assert.Equal(VerificationFailure.RootMismatch, result.Failure);
    }

    [Fact]
    public async Task Verify_CheckpointOfOtherKey_IsRejected()
    {
        using var other = SignatureSuites.Ed25519.GenerateKey();
        var folder = await ExportFixture.Export(_temp, _key, Count, "export");
        var foreign = await ExportFixture.Export(_temp, other, Count, "foreign");
        File.Copy(Path.Combine(foreign, LogExport.CheckpointFile), Path.Combine(folder, LogExport.CheckpointFile), overwrite: true);

        Assert.Equal(VerificationFailure.BadCheckpoint, Verify(folder).Failure);
    }

    [Fact]
    public async Task Verify_WithState_AcceptsAppendsAndRejectsRewrittenHistory()
    {
        var state = _temp.Combine("auditor.json");
        var first = await ExportFixture.Export(_temp, _key, 30, "first");
        var grown = await ExportFixture.Export(_temp, _key, 45, "grown");
        var forked = await ExportFixture.Export(_temp, _key, 50, "forked", forkAt: 29);

        Assert.True(Verify(first, state).IsValid);
        Assert.True(Verify(grown, state).IsValid);
        var result = Verify(forked, state);

        Assert.Equal(VerificationFailure.Inconsistent, result.Failure);
        Assert.Equal(45, AuditorState.Load(state)!.Size);
    }

    [Fact]
    public async Task Verify_WithStateOfLargerLog_ReportsShrinking()
    {
        var state = _temp.Combine("auditor.json");
        Assert.True(Verify(await ExportFixture.Export(_temp, _key, 30, "big"), state).IsValid);

        var result = Verify(await ExportFixture.Export(_temp, _key, 20, "small"), state);

        Assert.Equal(VerificationFailure.Inconsistent, result.Failure);
        Assert.Contains("shrank", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NotAnExport_IsUnreadable()
    {
        Assert.Equal(VerificationFailure.Unreadable, Verify(_temp.Path).Failure);
    }

    public void Dispose()
    {
        _key.Dispose();
        _temp.Dispose();
    }

    private sealed class Collect(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
