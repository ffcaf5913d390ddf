using DataSpace.Crypto.Merkle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSpace.Crypto.Log;

/// <summary>
/// The transparency log on local disk (see docs/audit-log.md, "Storage"). One committer thread takes every
/// pending append, writes the batch with one write and one fsync, then acknowledges all of it (group commit).
/// A write that fails puts the log in a fault: appends are refused until a probe write succeeds again
/// (<c>FileLog.Faults.cs</c>; docs/audit-log.md, "Write failures").
/// </summary>
internal sealed partial class FileLog : ITransparencyLog
{
    private readonly LogOptions _options;
    private readonly ILogger _logger;
    private readonly EntryFile _entries;
    private readonly NodeFiles _nodes;
    private readonly MerkleProofs _proofs;
    private CompactRange _range;
    private readonly string _syncMarkPath;
    private readonly object _gate = new();
    private readonly Thread _committer;
    private List<PendingAppend> _queue = [];
    private LogHead _head;
    private bool _closing;
    private LogFault? _fault;

    private FileLog(LogOptions options, ILogger logger, EntryFile entries, NodeFiles nodes, CompactRange range, LogHead head, string syncMarkPath)
    {
        _options = options;
        _logger = logger;
        _entries = entries;
        _nodes = nodes;
        _range = range;
        _head = head;
        _syncMarkPath = syncMarkPath;
        Hasher = MerkleHasher.For(options.Digest);
        _proofs = new MerkleProofs(Hasher, nodes);
        _committer = new Thread(CommitLoop) { IsBackground = true, Name = "log-committer" };
        _committer.Start();
    }

    public MerkleHasher Hasher { get; }

    public LogHead Head => Volatile.Read(ref _head);

    public LogFault? Fault => Volatile.Read(ref _fault);

    /// <summary>Opens (or creates) the log in <see cref="LogOptions.Directory"/>, cutting any torn tail.</summary>
    public static FileLog Open(LogOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Recover(options, logger ?? (ILogger)NullLogger.Instance);
    }

    public ValueTask<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendCanonicalAsync(entry.ToCanonicalJson(), cancellationToken);
    }

    /// <summary>Appends an entry already in canonical JSON (the caller guarantees the form).</summary>
    internal ValueTask<long> AppendCanonicalAsync(ReadOnlyMemory<byte> canonicalEntry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (canonicalEntry.Length == 0 || canonicalEntry.Length > _options.MaxEntryBytes)
        {
            throw new ArgumentException($"a log entry must be 1 to {_options.MaxEntryBytes} bytes, not {canonicalEntry.Length}", nameof(canonicalEntry));
        }

        var pending = new PendingAppend(canonicalEntry);
        lock (_gate)
        {
            if (_fault is { } fault)
            {
                throw new LogUnavailableException($"the log refuses appends until it can write again ({fault.Reason})", notAppended: true);
            }

            ObjectDisposedException.ThrowIf(_closing, this);
            _queue.Add(pending);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        return new ValueTask<long>(pending.Completion.Task);
    }

    public byte[] ReadLeaf(long index)
    {
        CheckIndex(index, Head.Size);
        return _entries.ReadLeaf(index);
    }

    public void WriteLeaves(long start, long count, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var size = Head.Size;
        if (start < 0 || count < 0 || start > size - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"entries [{start}, {start + count}) are not all in the log of size {size}");
        }

        if (count == 0)
        {
            return;
        }

        var end = start + count == size ? _entries.DataLength : _entries.OffsetOf(start + count);
        var reader = new RecordReader(_entries.DataHandle, _entries.OffsetOf(start), end, Hasher, LogCheck.MaxLeafBytes);
        Span<byte> leafHash = stackalloc byte[MerkleHasher.HashSize];
        for (long i = 0; i < count; i++)
        {
            if (!reader.TryNext(out var leaf, leafHash))
            {
                throw new InvalidDataException($"log entry {start + i} is corrupt on disk");
            }

            destination.Write(leaf);
            destination.WriteByte((byte)'\n');
        }
    }

    public byte[] RootHash(long treeSize)
    {
        CheckSize(treeSize);
        return _proofs.RootHash(treeSize);
    }

    public byte[][] InclusionProof(long leafIndex, long treeSize)
    {
        CheckSize(treeSize);
        CheckIndex(leafIndex, treeSize);
        return _proofs.InclusionProof(leafIndex, treeSize);
    }

    public byte[][] ConsistencyProof(long oldSize, long newSize)
    {
        CheckSize(newSize);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        return _proofs.ConsistencyProof(oldSize, newSize);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            Monitor.Pulse(_gate);
        }

        await Task.Run(_committer.Join).ConfigureAwait(false);
        if (_fault is null)
        {
            SyncDerived();
        }

        _nodes.Dispose();
        _entries.Dispose();
    }

    private void CheckSize(long treeSize)
    {
        var size = Head.Size;
        if (treeSize < 0 || treeSize > size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"tree size must be between 0 and the log's size {size}");
        }
    }

    private static void CheckIndex(long index, long treeSize)
    {
        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"entry index must be below the tree size {treeSize}");
        }
    }

    private sealed class PendingAppend(ReadOnlyMemory<byte> entry)
    {
        public ReadOnlyMemory<byte> Entry { get; } = entry;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the append was queued (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for its latency metric.</summary>
        public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
    }
}
