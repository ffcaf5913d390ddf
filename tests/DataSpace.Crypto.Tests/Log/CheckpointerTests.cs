using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.Log;

public sealed class CheckpointerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();

    [Fact]
    public async Task SignNow_AfterAppends_CoversTheAcknowledgedHeadAndIsStored()
    {
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log") });
        await log.AppendAsync(LogEntries.Make("r/0"));
        var path = _temp.Combine("log", "checkpoint");
        await using var checkpointer = new Checkpointer(log, _key, "test.example/log", path, TimeSpan.FromSeconds(1), new FakeTimeProvider());

        var signed = checkpointer.SignNow();

        Assert.Equal(1, signed.Checkpoint.Size);
        Assert.Equal(log.Head.RootHash.ToArray(), signed.Checkpoint.RootHash.ToArray());
        Assert.Equal(signed.Note, File.ReadAllText(path));
        Assert.True(CheckpointNote.TryOpen(signed.Note, _key.PublicKey, "test.example/log", out _, out var error), error);
    }

    [Fact]
    public async Task SignNow_NothingAppendedSince_ReturnsTheSameCheckpoint()
    {
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log") });
        await log.AppendAsync(LogEntries.Make("r/0"));
        await using var checkpointer = new Checkpointer(log, _key, "test.example/log", null, TimeSpan.FromSeconds(1), new FakeTimeProvider());

        Assert.Same(checkpointer.SignNow(), checkpointer.SignNow());
    }

    [Fact]
    public async Task Background_SignsAtMostOncePerIntervalWhileTheLogGrows()
    {
        var time = new FakeTimeProvider();
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log") });
        await using var checkpointer = new Checkpointer(log, _key, "test.example/log", null, TimeSpan.FromSeconds(1), time);
        var first = checkpointer.Latest;

        await log.AppendAsync(LogEntries.Make("r/0"));
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Task.Delay(50);
        Assert.Same(first, checkpointer.Latest);

        time.Advance(TimeSpan.FromMilliseconds(500));
        var signed = await WaitFor(() => checkpointer.Latest.Checkpoint.Size == 1 ? checkpointer.Latest : null);
        Assert.Equal(1, signed.Checkpoint.Size);
    }

    [Fact]
    public async Task Constructor_InvalidOrigin_Throws()
    {
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log") });

        Assert.Throws<ArgumentException>(() => new Checkpointer(log, _key, "has space", null, TimeSpan.FromSeconds(1), TimeProvider.System));
    }

    private static async Task<T> WaitFor<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 200; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the condition did not hold within 2 s");
    }

    public void Dispose()
    {
        _key.Dispose();
        _temp.Dispose();
    }
}
