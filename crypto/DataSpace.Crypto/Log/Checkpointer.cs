using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Log;

/// <summary>
/// Signs checkpoints of the log with the connector key: on demand, and in the background at most once per
/// interval while the log grows. The latest signed note is kept in the log directory's <c>checkpoint</c> file.
/// </summary>
public sealed class Checkpointer : IAsyncDisposable
{
    private readonly ITransparencyLog _log;
    private readonly SigningKey _key;
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private SignedCheckpoint? _latest;
    private long _latestSignedAtTicks;

    public Checkpointer(ITransparencyLog log, SigningKey key, string origin, string? path, TimeSpan interval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        NoteKeys.CheckName(origin);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _log = log;
        _key = key;
        _path = path;
        _time = time;
        Origin = origin;
        _loop = RunAsync(interval, _stop.Token);
    }

    public string Origin { get; }

    /// <summary>The most recent signed checkpoint (signing one now if none exists yet).</summary>
    public SignedCheckpoint Latest => Volatile.Read(ref _latest) ?? SignNow();

    /// <summary>The most recent checkpoint signed by this instance and when, without signing one; null before the first (metrics).</summary>
    public (SignedCheckpoint Checkpoint, DateTimeOffset SignedAt)? LatestSigned =>
        Volatile.Read(ref _latest) is { } latest ? (latest, new DateTimeOffset(Volatile.Read(ref _latestSignedAtTicks), TimeSpan.Zero)) : null;

    /// <summary>Signs a checkpoint of the log's acknowledged head now, unless the latest already covers it.</summary>
    public SignedCheckpoint SignNow()
    {
        lock (_gate)
        {
            var head = _log.Head;
            if (_latest is { } latest && latest.Checkpoint.Size == head.Size)
            {
                return latest;
            }

            var checkpoint = new Checkpoint(Origin, head.Size, head.RootHash);
            var signed = new SignedCheckpoint(checkpoint, CheckpointNote.Sign(checkpoint, _key));
            if (_path is not null)
            {
                // Durable before the rename, so a power cut leaves the old checkpoint or the new one, never an empty
                // file: the log's start-up check verifies against it (docs/audit-log.md, "Start-up verification and fsck").
                var temporary = _path + ".tmp";
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    file.Write(System.Text.Encoding.UTF8.GetBytes(signed.Note));
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, _path, overwrite: true);
            }

            Volatile.Write(ref _latestSignedAtTicks, _time.GetUtcNow().UtcTicks);
            Volatile.Write(ref _latest, signed);
            return signed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                SignNow();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The checkpoint file cannot be written now (a full disk): the next tick tries again, so signing resumes
                // by itself once it can; the latest checkpoint stays the last one written.
            }
        }
    }
}
