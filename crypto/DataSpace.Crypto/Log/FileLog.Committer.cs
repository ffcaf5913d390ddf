using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using DataSpace.Crypto.Merkle;

namespace DataSpace.Crypto.Log;

internal sealed partial class FileLog
{
    private readonly byte[] _lastLeafHash = new byte[MerkleHasher.HashSize];
    private long _syncedSize;

    private void CommitLoop()
    {
        var batch = new List<PendingAppend>();
        var records = new ArrayBufferWriter<byte>(1 << 16);
        var offsets = new ArrayBufferWriter<byte>(1 << 12);
        var syncEvery = Stopwatch.Frequency * _options.DerivedSyncInterval.Ticks / TimeSpan.TicksPerSecond;
        var lastSync = Stopwatch.GetTimestamp();
        while (true)
        {
            lock (_gate)
            {
                while (_queue.Count == 0 && !_closing)
                {
                    var faulted = _fault is not null;
                    if (!Monitor.Wait(_gate, faulted ? _options.RetryInterval : _options.DerivedSyncInterval) && (faulted || Head.Size != _syncedSize))
                    {
                        break;
                    }
                }

                if (_queue.Count == 0 && _closing)
                {
                    return;
                }

                (batch, _queue) = (_queue, batch);
            }

            if (_fault is not null)
            {
                // Appends are refused while the log is faulted, so the batch is empty: try to write again.
                TryResume();
                continue;
            }

            try
            {
                if (batch.Count > 0)
                {
                    Commit(batch, records, offsets);
                }

                if (Stopwatch.GetTimestamp() - lastSync >= syncEvery)
                {
                    SyncDerived();
                    lastSync = Stopwatch.GetTimestamp();
                }
            }
            catch (Exception e)
            {
                Fail(batch, e);
            }

            batch.Clear();
        }
    }

    private void Commit(List<PendingAppend> batch, ArrayBufferWriter<byte> records, ArrayBufferWriter<byte> offsets)
    {
        var started = Stopwatch.GetTimestamp();
        records.ResetWrittenCount();
        offsets.ResetWrittenCount();
        var baseOffset = _entries.DataLength;
        var first = _range.Size;
        Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
        foreach (var pending in batch)
        {
            var start = records.WrittenCount;
            records.Advance(EntryFile.HeaderSize);
            var length = LogLeaf.Write(records, pending.Entry.Span, _range.Size, _lastLeafHash);
            var written = MemoryMarshal.AsMemory(records.WrittenMemory).Span;
            BinaryPrimitives.WriteInt32LittleEndian(written.Slice(start, EntryFile.HeaderSize), length);
            Hasher.HashLeaf(written.Slice(start + EntryFile.HeaderSize, length), leafHash);
            leafHash[..EntryFile.TrailerSize].CopyTo(records.GetSpan(EntryFile.TrailerSize));
            records.Advance(EntryFile.TrailerSize);
            BinaryPrimitives.WriteInt64LittleEndian(offsets.GetSpan(EntryFile.OffsetSize), baseOffset + start);
            offsets.Advance(EntryFile.OffsetSize);
            _range.Append(leafHash, _nodes);
            leafHash.CopyTo(_lastLeafHash);
        }

        _nodes.Flush();
        _entries.Append(records.WrittenSpan, offsets.WrittenSpan);
        Volatile.Write(ref _head, new LogHead(_range.Size, _range.GetRoot()));
        var durable = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(first + i);
            LogMetrics.Appended(batch[i].QueuedAt, durable);
        }

        LogMetrics.Committed(batch.Count, started, durable);

        Log.Committed(_logger, batch.Count, _range.Size);
    }

    /// <summary>Makes the index and node hashes durable and records how far they are trusted.</summary>
    private void SyncDerived()
    {
        var size = Head.Size;
        if (size == _syncedSize)
        {
            return;
        }

        _nodes.Sync();
        _entries.SyncIndex();
        SyncMark.Write(_syncMarkPath, size, _entries.DataLength);
        _syncedSize = size;
    }
}
