using System.Buffers.Binary;
using System.Diagnostics;
using DataSpace.Crypto.Merkle;
using Microsoft.Extensions.Logging;

namespace DataSpace.Crypto.Log;

internal sealed partial class FileLog
{
    private static FileLog Recover(LogOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("the log directory is not set", nameof(options));
        }

        Directory.CreateDirectory(options.Directory);
        LogDescriptor.CheckOrCreate(Path.Combine(options.Directory, LogDescriptor.FileName), options.Digest);
        var hasher = MerkleHasher.For(options.Digest);
        var entries = new EntryFile(Path.Combine(options.Directory, "entries"), Path.Combine(options.Directory, "index"));
        var nodes = new NodeFiles(Path.Combine(options.Directory, "nodes"));

        // The entries file may have just been created: make its directory entry durable before any append is acknowledged.
        DirectorySync.Flush(options.Directory);
        try
        {
            var syncMarkPath = Path.Combine(options.Directory, "synced");
            var trusted = LogCheck.TrustedSize(SyncMark.Read(syncMarkPath).Size, entries.IndexedCount, nodes.Count);

            // Every entry is checked before anything is cut or appended: damage to an acknowledged entry refuses the open.
            var started = Stopwatch.GetTimestamp();
            var check = LogCheck.Verify(options.Directory, hasher, entries.DataHandle, entries.DataLength, options.CheckpointKey, trusted, null, CancellationToken.None);
            if (!check.IsValid)
            {
                Log.VerificationFailed(logger, check.Failure, check.EntryIndex, check.Detail);
                throw new LogCorruptException(check);
            }

            Log.Verified(logger, check.Entries, check.Checkpoint?.Size, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (check.DerivedFilesStale)
            {
                Log.DerivedFilesRebuilt(logger, check.Detail);
                trusted = 0;
            }

            var start = trusted == 0 ? 0 : EndOfRecord(entries, trusted - 1);
            entries.TruncateIndex(trusted);
            nodes.Truncate(trusted);
            var range = CompactRange.Restore(hasher, trusted, nodes);
            var lastLeaf = new byte[MerkleHasher.HashSize];
            if (trusted > 0)
            {
                nodes.ReadNode(0, trusted - 1, lastLeaf);
            }

            var reader = new RecordReader(entries.DataHandle, start, entries.DataLength, hasher, LogCheck.MaxLeafBytes);
            Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
            Span<byte> offset = stackalloc byte[EntryFile.OffsetSize];
            var recordStart = reader.Offset;
            while (reader.TryNext(out _, leafHash))
            {
                BinaryPrimitives.WriteInt64LittleEndian(offset, recordStart);
                entries.AppendIndex(offset);
                range.Append(leafHash, nodes);
                leafHash.CopyTo(lastLeaf);
                recordStart = reader.Offset;
            }

            if (reader.Offset < entries.DataLength)
            {
                Log.TornTailCut(logger, entries.DataLength - reader.Offset, reader.Offset, range.Size);
                entries.TruncateData(reader.Offset);
            }

            nodes.Flush();
            nodes.Sync();
            entries.SyncIndex();
            SyncMark.Write(syncMarkPath, range.Size, entries.DataLength);
            Log.Recovered(logger, range.Size, range.Size - trusted);
            var log = new FileLog(options, logger, entries, nodes, range, new LogHead(range.Size, range.GetRoot()), syncMarkPath);
            lastLeaf.CopyTo(log._lastLeafHash, 0);
            log._syncedSize = range.Size;
            return log;
        }
        catch
        {
            nodes.Dispose();
            entries.Dispose();
            throw;
        }
    }

    private static long EndOfRecord(EntryFile entries, long index)
    {
        var offset = entries.OffsetOf(index);
        return offset + EntryFile.HeaderSize + entries.ReadLeaf(index).Length + EntryFile.TrailerSize;
    }
}
