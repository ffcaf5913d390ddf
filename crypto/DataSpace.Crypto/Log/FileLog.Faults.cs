using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Log;

/// <summary>
/// Write failures (docs/audit-log.md, "Write failures"). When a commit or a sync fails (a full disk, an I/O error) the
/// log enters a fault: the batch is cut back to the acknowledged size on disk and in memory before its appenders hear of
/// the failure, and every append is refused at once. Every <see cref="LogOptions.RetryInterval"/> the committer tries to
/// write again: the cut (if it failed), a probe of <see cref="LogOptions.RetryProbeBytes"/> made durable, and the
/// derived files' sync. When all succeed the fault ends and appends resume, without a restart; nothing the log did not
/// make durable was acknowledged, and nothing it reported as failed stays in it.
/// </summary>
internal sealed partial class FileLog
{
    private const string ProbeFile = ".write-probe";

    private bool _rolledBack;

    /// <summary>Enters the fault: cuts the batch back, then fails it and everything queued behind it.</summary>
    private void Fail(List<PendingAppend> batch, Exception error)
    {
        Log.CommitFailed(_logger, error);
        List<PendingAppend> queued;
        lock (_gate)
        {
            _fault = new LogFault(error.Message, Head.Size, 0);
            queued = _queue;
            _queue = [];
        }

        _rolledBack = TryRollBack(out _);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetException(new LogUnavailableException(
                $"the log could not make the entry durable: {error.Message}", notAppended: _rolledBack, error));
        }

        foreach (var pending in queued)
        {
            pending.Completion.TrySetException(new LogUnavailableException(
                $"the log refuses appends until it can write again ({error.Message})", notAppended: true, error));
        }
    }

    /// <summary>One attempt to end the fault; on failure the fault stays, with the latest reason.</summary>
    private void TryResume()
    {
        var fault = Volatile.Read(ref _fault)!;
        try
        {
            if (!_rolledBack)
            {
                _rolledBack = TryRollBack(out var rollBackError);
                if (!_rolledBack)
                {
                    throw rollBackError!;
                }
            }

            Probe();

            // A failed fsync may have dropped pages the kernel then calls clean: sync every derived file again before
            // the sync mark vouches for them (the start-up check rebuilds them if even that was not enough).
            _nodes.MarkAllDirty();
            _entries.MarkIndexDirty();
            _syncedSize = -1;
            SyncDerived();
        }
        catch (Exception e)
        {
            var failed = fault with { Reason = e.Message, FailedRetries = fault.FailedRetries + 1 };
            lock (_gate)
            {
                _fault = failed;
            }

            Log.RetryFailed(_logger, failed.FailedRetries, e);
            return;
        }

        lock (_gate)
        {
            _fault = null;
        }

        Log.Resumed(_logger, fault.FailedRetries, Head.Size);
    }

    /// <summary>
    /// Puts files and memory back to the acknowledged head: <c>entries</c> and <c>index</c> cut to the acknowledged
    /// records (durably), node levels to the acknowledged tree, the compact range and last leaf hash reloaded from them.
    /// </summary>
    private bool TryRollBack(out Exception? error)
    {
        try
        {
            var size = Head.Size;
            _entries.RollBack();
            _nodes.Truncate(size);
            _range = CompactRange.Restore(Hasher, size, _nodes);
            if (size > 0)
            {
                _nodes.ReadNode(0, size - 1, _lastLeafHash);
            }
            else
            {
                Array.Clear(_lastLeafHash);
            }

            error = null;
            return true;
        }
        catch (Exception e)
        {
            error = e;
            return false;
        }
    }

    /// <summary>Writes <see cref="LogOptions.RetryProbeBytes"/> to a scratch file in the log's folder and makes them durable.</summary>
    private void Probe()
    {
        var path = Path.Combine(_options.Directory, ProbeFile);
        var chunk = new byte[Math.Min(_options.RetryProbeBytes, 1 << 16)];
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
            for (long written = 0; written < _options.RetryProbeBytes; written += chunk.Length)
            {
                RandomAccess.Write(handle, chunk.AsSpan(0, (int)Math.Min(chunk.Length, _options.RetryProbeBytes - written)), written);
            }

            RandomAccess.FlushToDisk(handle);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
