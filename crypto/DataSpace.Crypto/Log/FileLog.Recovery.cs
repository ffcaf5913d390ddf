using System.Buffers.Binary;
using System.Text.Json;
using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Merkle;
using Microsoft.Extensions.Logging;

namespace DataSpace.Crypto.Log;

internal sealed partial class FileLog
{
    private const int LeafOverhead = 256;

    private static FileLog Recover(LogOptions options, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("the log directory is not set", nameof(options));
        }

        Directory.CreateDirectory(options.Directory);
        CheckDescriptor(Path.Combine(options.Directory, "log.json"), options.Digest);
        var hasher = MerkleHasher.For(options.Digest);
        var entries = new EntryFile(Path.Combine(options.Directory, "entries"), Path.Combine(options.Directory, "index"));
        var nodes = new NodeFiles(Path.Combine(options.Directory, "nodes"));

        // The entries file may have just been created: make its directory entry durable before any append is acknowledged.
        DirectorySync.Flush(options.Directory);
        try
        {
            var syncMarkPath = Path.Combine(options.Directory, "synced");
            var trusted = TrustedSize(SyncMark.Read(syncMarkPath).Size, entries, nodes);
            var start = trusted == 0 ? 0 : EndOfRecord(entries, trusted - 1);
            entries.TruncateIndex(trusted);
            nodes.Truncate(trusted);
            var range = CompactRange.Restore(hasher, trusted, nodes);
            var lastLeaf = new byte[MerkleHasher.HashSize];
            if (trusted > 0)
            {
                nodes.ReadNode(0, trusted - 1, lastLeaf);
            }

            var reader = new RecordReader(entries.DataHandle, start, entries.DataLength, hasher, options.MaxEntryBytes + LeafOverhead);
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

    /// <summary>The largest size up to the sync mark for which the index and every node level are complete on disk.</summary>
    private static long TrustedSize(long mark, EntryFile entries, NodeFiles nodes)
    {
        var size = Math.Min(mark, entries.IndexedCount);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var level = 0; level < 63 && (size >> level) > 0; level++)
            {
                var stored = nodes.Count(level);
                if (stored < size >> level)
                {
                    size = stored << level;
                    changed = true;
                }
            }
        }

        return size;
    }

    private static long EndOfRecord(EntryFile entries, long index)
    {
        var offset = entries.OffsetOf(index);
        return offset + EntryFile.HeaderSize + entries.ReadLeaf(index).Length + EntryFile.TrailerSize;
    }

    /// <summary><c>log.json</c> fixes the format and digest when the log is created; a mismatch is refused.</summary>
    private static void CheckDescriptor(string path, DigestAlgorithm digest)
    {
        if (File.Exists(path))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : -1;
            var stored = root.TryGetProperty("digest", out var d) ? d.GetString() : null;
            if (format != 1)
            {
                throw new InvalidDataException($"{path}: unsupported log format {format}; this connector reads format 1");
            }

            if (stored != digest.Name())
            {
                throw new InvalidDataException($"{path}: the log was created with digest '{stored}', but '{digest.Name()}' is configured");
            }

            return;
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, $"{{\"digest\":\"{digest.Name()}\",\"format\":1}}\n");
        using (var handle = File.OpenHandle(temporary, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
