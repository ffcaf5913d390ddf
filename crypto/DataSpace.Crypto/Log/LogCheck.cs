using System.Globalization;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using Microsoft.Win32.SafeHandles;

namespace DataSpace.Crypto.Log;

/// <summary>
/// Checks a log directory against itself and its last signed checkpoint (docs/audit-log.md, "Start-up verification
/// and fsck"), in one sequential pass at hashing speed: each record's length and check, each leaf's index and chain,
/// the tree recomputed to the checkpoint's root, and the derived files against the entries. Opening the log runs the
/// same check and refuses a log that fails it; <c>dsc audit fsck</c> runs it offline.
/// </summary>
public static class LogCheck
{
    /// <summary>The largest record leaf accepted when reading: the largest entry <see cref="LogOptions"/> allows, plus the leaf's framing.</summary>
    internal const int MaxLeafBytes = (1 << 20) + 256;

    internal const string EntriesFile = "entries";
    internal const string IndexFile = "index";
    internal const string NodesFolder = "nodes";
    internal const string SyncMarkFile = "synced";
    internal const string CheckpointFile = "checkpoint";

    private const int MaxLevels = 63;

    /// <summary>
    /// Checks the log in <paramref name="directory"/> without changing it. With <paramref name="checkpointKey"/> the
    /// checkpoint's signature is verified too. An <see cref="IOException"/> when a running connector holds the log.
    /// </summary>
    public static LogCheckResult Run(string directory, PublicKey? checkpointKey, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var descriptor = Path.Combine(directory, LogDescriptor.FileName);
        var entries = Path.Combine(directory, EntriesFile);
        if (!File.Exists(descriptor) || !File.Exists(entries))
        {
            return Fail(LogCheckFailure.NotALog, $"{directory} is not a log directory: it needs '{LogDescriptor.FileName}' and '{EntriesFile}'");
        }

        Digests.DigestAlgorithm digest;
        try
        {
            digest = LogDescriptor.Read(descriptor);
        }
        catch (InvalidDataException e)
        {
            return Fail(LogCheckFailure.NotALog, e.Message);
        }

        SafeFileHandle data;
        try
        {
            // A shared lock: refused while a connector holds the log's exclusive one.
            data = File.OpenHandle(entries, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (IOException e)
        {
            throw new IOException($"{entries} is in use by a running connector: stop it first", e);
        }

        using (data)
        {
            var mark = SyncMark.Read(Path.Combine(directory, SyncMarkFile)).Size;
            var indexed = LengthOf(Path.Combine(directory, IndexFile)) / EntryFile.OffsetSize;
            var nodes = Path.Combine(directory, NodesFolder);
            var trusted = TrustedSize(mark, indexed, level => LengthOf(Path.Combine(nodes, level.ToString("D2", CultureInfo.InvariantCulture))) / MerkleHasher.HashSize);
            return Verify(directory, MerkleHasher.For(digest), data, RandomAccess.GetLength(data), checkpointKey, trusted, progress, cancellationToken);
        }
    }

    /// <summary>
    /// Checks the log and, if it is valid but has a torn tail or stale derived files, opens it once so recovery cuts the
    /// tail (never an entry the checkpoint or sync mark vouches for: such damage fails the check and nothing is changed)
    /// and rebuilds them; returns the check after the repair, or the failed check untouched.
    /// </summary>
    public static async Task<LogCheckResult> RepairAsync(string directory, PublicKey? checkpointKey, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var before = Run(directory, checkpointKey, progress, cancellationToken);
        if (!before.IsValid || (before.TornBytes == 0 && !before.DerivedFilesStale))
        {
            return before;
        }

        var options = new LogOptions
        {
            Directory = directory,
            Digest = LogDescriptor.Read(Path.Combine(directory, LogDescriptor.FileName)),
            CheckpointKey = checkpointKey,
        };
        await FileLog.Open(options).DisposeAsync().ConfigureAwait(false);
        return Run(directory, checkpointKey, progress, cancellationToken);
    }

    /// <summary>The check itself, over an open entries file of <paramref name="dataLength"/> bytes.</summary>
    internal static LogCheckResult Verify(
        string directory, MerkleHasher hasher, SafeFileHandle data, long dataLength, PublicKey? checkpointKey, long derivedTrusted,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var entriesPath = Path.Combine(directory, EntriesFile);
        var checkpointPath = Path.Combine(directory, CheckpointFile);
        Checkpoint? checkpoint = null;
        if (File.Exists(checkpointPath) && !TryReadCheckpoint(File.ReadAllText(checkpointPath), checkpointKey, out checkpoint, out var error))
        {
            return Fail(LogCheckFailure.BadCheckpoint, $"{checkpointPath}: {error}");
        }

        var markSize = SyncMark.Read(Path.Combine(directory, SyncMarkFile)).Size;
        var protectedSize = Math.Max(checkpoint?.Size ?? 0, markSize);
        var vouchedBy = checkpoint is not null && checkpoint.Size >= markSize
            ? $"the signed checkpoint covers {checkpoint.Size} entries"
            : $"the sync mark records {markSize} entries as durable";
        using var derived = new DerivedFilesCheck(Path.Combine(directory, IndexFile), Path.Combine(directory, NodesFolder), derivedTrusted);
        var range = new CompactRange(hasher);
        var reader = new RecordReader(data, 0, dataLength, hasher, MaxLeafBytes);
        Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
        Span<byte> previous = stackalloc byte[MerkleHasher.HashSize];
        previous.Clear();
        var rootAtCheckpoint = checkpoint is { Size: 0 } ? hasher.EmptyRoot.ToArray() : null;
        long index = 0;
        long start = 0;
        long previousStart = 0;
        while (reader.TryNext(out var leaf, leafHash))
        {
            if (!LogLeaf.HasPosition(leaf, index, previous))
            {
                return BrokenChain(reader, leafHash, index, start, previousStart, entriesPath, checkpoint);
            }

            derived.CheckOffset(index, start);
            range.Append(leafHash, derived);
            leafHash.CopyTo(previous);
            index++;
            previousStart = start;
            start = reader.Offset;
            if (checkpoint is not null && index == checkpoint.Size)
            {
                rootAtCheckpoint = range.GetRoot();
            }

            if ((index & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(index);
            }
        }

        progress?.Report(index);
        if (reader.StoppedAtBadRecord && index < protectedSize)
        {
            var damage = reader.Damage == RecordDamage.Truncated
                ? "is cut short: its record runs past the end of the file"
                : "is corrupt: its length or check does not match its bytes";
            return Fail(LogCheckFailure.CorruptEntry,
                $"entry {index} at byte offset {start} of {entriesPath} {damage}; {vouchedBy}, so it was acknowledged and this is not a torn tail",
                index, start, index, checkpoint);
        }

        if (index < protectedSize)
        {
            return Fail(LogCheckFailure.MissingEntries,
                $"{entriesPath} holds {index} entries but {vouchedBy}: entries from {index} on are missing (the file was cut at byte {start})",
                index, start, index, checkpoint);
        }

        if (checkpoint is not null && !checkpoint.RootHash.Span.SequenceEqual(rootAtCheckpoint))
        {
            return Fail(LogCheckFailure.RootMismatch,
                $"the first {checkpoint.Size} entries do not hash to the signed checkpoint's root though each chains to the one before: entry {checkpoint.Size - 1} was altered, or the whole history rewritten",
                checkpoint.Size - 1, null, index, checkpoint);
        }

        var torn = dataLength - start;
        var detail = $"{index} entries verify: records, chain and tree"
            + (checkpoint is null ? " (no signed checkpoint yet)" : $", against the signed checkpoint at size {checkpoint.Size}")
            + (torn > 0 ? $"; a torn tail of {torn} bytes at offset {start}, after every acknowledged entry, is cut on open" : "")
            + (derived.Stale is { } stale ? $"; the derived files disagree with the entries at {stale} and are rebuilt on open" : "");
        return new LogCheckResult
        {
            Detail = detail,
            Entries = index,
            RootHash = range.GetRoot(),
            Checkpoint = checkpoint,
            CheckpointSignatureChecked = checkpoint is not null && checkpointKey is not null,
            ProtectedSize = protectedSize,
            TornBytes = torn,
            TornOffset = start,
            DerivedFilesStale = derived.Stale is not null,
        };
    }

    /// <summary>The largest size up to the sync mark for which the index and every node level are complete on disk.</summary>
    internal static long TrustedSize(long mark, long indexed, Func<int, long> nodeCount)
    {
        var size = Math.Min(mark, indexed);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var level = 0; level < MaxLevels && (size >> level) > 0; level++)
            {
                var stored = nodeCount(level);
                if (stored < size >> level)
                {
                    size = stored << level;
                    changed = true;
                }
            }
        }

        return size;
    }

    /// <summary>
    /// Record <paramref name="index"/> is intact but does not follow entry index-1. Either entry index-1 was rewritten
    /// (its check recomputed), or this one's "index"/"prev": if the next record follows this one, the earlier was altered.
    /// </summary>
    private static LogCheckResult BrokenChain(
        RecordReader reader, ReadOnlySpan<byte> leafHash, long index, long start, long previousStart, string entriesPath, Checkpoint? checkpoint)
    {
        Span<byte> hash = stackalloc byte[MerkleHasher.HashSize];
        leafHash.CopyTo(hash);
        Span<byte> nextHash = stackalloc byte[MerkleHasher.HashSize];
        var earlier = index > 0 && reader.TryNext(out var next, nextHash) && LogLeaf.HasPosition(next, index + 1, hash);
        var altered = earlier ? index - 1 : index;
        var detail = earlier
            ? $"entry {altered} at byte offset {previousStart} of {entriesPath} was altered: entry {index} chains to a different entry {altered}"
            : $"entry {index} at byte offset {start} of {entriesPath} does not follow entry {index - 1}: its \"index\" or \"prev\" is wrong (an entry was altered, removed or moved)";
        return Fail(LogCheckFailure.BrokenChain, detail, altered, earlier ? previousStart : start, altered, checkpoint);
    }

    private static bool TryReadCheckpoint(string note, PublicKey? key, out Checkpoint? checkpoint, out string? error)
    {
        checkpoint = null;
        if (!SignedNote.TryParse(note, out var signed, out error) || !Checkpoint.TryParse(signed!.Text, out checkpoint, out error))
        {
            error = $"not a signed checkpoint: {error}";
            return false;
        }

        if (key is not null && !signed.IsSignedBy(key, checkpoint!.Origin))
        {
            error = $"not signed by the connector key {key.KeyId} under its origin '{checkpoint.Origin}'";
            checkpoint = null;
            return false;
        }

        return true;
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static LogCheckResult Fail(
        LogCheckFailure failure, string detail, long? entry = null, long? offset = null, long entries = 0, Checkpoint? checkpoint = null) =>
        new() { Failure = failure, Detail = detail, EntryIndex = entry, Offset = offset, Entries = entries, Checkpoint = checkpoint };
}
