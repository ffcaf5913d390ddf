using System.Globalization;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using Npgsql;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>
/// The connector's transparency log kept in PostgreSQL, so that every replica of one connector appends to one log
/// (docs/audit-log.md, "Shared log on PostgreSQL"; issue 18): leaves in <c>log_leaves</c>, every complete subtree's hash
/// in <c>log_nodes</c> (the same nodes the file log keeps in <c>nodes/</c>), both written only by the replica that holds
/// the log's advisory lock for the length of one transaction.
/// </summary>
/// <remarks>
/// <para>
/// <b>Appends.</b> Each replica queues its appends (group commit). Its committer takes the whole queue, opens a
/// transaction, takes <c>pg_advisory_xact_lock</c> (one integrator at a time across replicas), reads how far the shared
/// log has grown since it last looked and extends its own compact range with the hashes the others wrote, builds its
/// batch's leaves (index and <c>prev</c> chain as in the file log), inserts the leaves and the nodes they complete, and
/// commits. An append is acknowledged only after that commit: it is then durable in PostgreSQL (synchronous commit)
/// and integrated in the tree. A replica killed while it holds the lock leaves a transaction PostgreSQL rolls back and a
/// lock it releases at once; nothing it had not acknowledged is in the log, and the next replica takes the lock.
/// </para>
/// <para>
/// <b>No fork.</b> A leaf's index is its primary key and its content chains to the leaf before it, so two replicas
/// cannot both write index <i>n</i>; the tree of every size is therefore one tree, and two checkpoints of one size
/// always have one root whichever replica signs them.
/// </para>
/// <para>
/// <b>Reads.</b> Every replica serves leaves, proofs and exports from the same rows. Its head follows the shared log
/// every <see cref="RefreshInterval"/>, and at once when asked for a size it has not yet seen.
/// </para>
/// </remarks>
internal sealed partial class PostgresLog : ITransparencyLog
{
    /// <summary>The advisory lock's first key ("DSL" and a version); the second is the schema's (<c>LockSql</c>).</summary>
    public const int LockKey = 0x44534C01;

    /// <summary>How often an idle replica looks for entries other replicas appended.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(200);

    private readonly NpgsqlDataSource _source;
    private readonly LogOptions _options;
    private readonly ILogger _logger;
    private readonly PostgresLogNodes _nodes;
    private readonly MerkleProofs _proofs;
    private readonly SemaphoreSlim _state = new(1, 1);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _loop;
    private List<PendingAppend> _queue = [];
    private CompactRange _range;
    private byte[] _lastLeafHash;
    private LogHead _head;
    private LogFault? _fault;
    private bool _disposed;

    private PostgresLog(NpgsqlDataSource source, LogOptions options, ILogger logger, CompactRange range, byte[] lastLeafHash)
    {
        _source = source;
        _options = options;
        _logger = logger;
        Hasher = MerkleHasher.For(options.Digest);
        _nodes = new PostgresLogNodes(source);
        _proofs = new MerkleProofs(Hasher, _nodes);
        _range = range;
        _lastLeafHash = lastLeafHash;
        _head = new LogHead(range.Size, range.GetRoot());
        _loop = Task.Run(LoopAsync);
    }

    public MerkleHasher Hasher { get; }

    public LogHead Head => Volatile.Read(ref _head);

    public LogFault? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Opens the shared log on <paramref name="connectionString"/>: creates its tables on first use (under the advisory
    /// lock, so replicas starting together do not race), refuses a log made with another digest, and verifies every
    /// leaf (its index, its <c>prev</c> link, its hash against the stored level-0 node) and the root the stored nodes give,
    /// as the file log verifies itself at start; a mismatch throws <see cref="InvalidDataException"/> naming the entry.
    /// </summary>
    public static async Task<PostgresLog> OpenAsync(string connectionString, LogOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var source = NpgsqlDataSource.Create(connectionString);
        try
        {
            await CreateAsync(source, options.Digest, cancellationToken).ConfigureAwait(false);
            var hasher = MerkleHasher.For(options.Digest);
            var (range, last) = await VerifyAsync(source, hasher, cancellationToken).ConfigureAwait(false);
            CheckThisReplica(options, source, hasher, range);
            Log.Opened(logger, range.Size);
            return new PostgresLog(source, options, logger, range, last);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// What this replica's data directory says about the log, checked against the shared log before anything is appended:
    /// a file log there (the connector ran with <c>Storage:Log=File</c>) is not imported, so starting on the shared log
    /// would begin another history under the same origin: refused; and the last checkpoint this replica signed must be
    /// of a tree the shared log still holds, with the same root (a database restored from an older backup, or another
    /// database, is refused rather than written over).
    /// </summary>
    private static void CheckThisReplica(LogOptions options, NpgsqlDataSource source, MerkleHasher hasher, CompactRange range)
    {
        var entries = new FileInfo(Path.Combine(options.Directory, "entries"));
        if (entries.Exists && entries.Length > 0)
        {
            throw new InvalidDataException(
                $"{options.Directory} holds a file log ({entries.Length} bytes of entries) but Connector:Storage:Log is Postgres: the shared log does not "
                + "import a file log, and starting on it would begin a second history under the same origin. Keep Storage:Log=File for this connector, "
                + "or move the file log away (archived with its last export) if this connector's history starts anew");
        }

        var file = Path.Combine(options.Directory, "checkpoint");
        if (options.CheckpointKey is not { } key || !File.Exists(file))
        {
            return;
        }

        var origin = options.Origin ?? DataSpace.Crypto.Checkpoints.CheckpointNote.DefaultOrigin(key);
        if (!DataSpace.Crypto.Checkpoints.CheckpointNote.TryOpen(File.ReadAllText(file), key, origin, out var checkpoint, out var error))
        {
            throw new InvalidDataException($"{file}: this replica's last checkpoint does not verify: {error}");
        }

        if (checkpoint!.Size > range.Size)
        {
            throw new InvalidDataException(
                $"the shared log holds {range.Size} entries but this replica signed a checkpoint of {checkpoint.Size}: the database lost acknowledged "
                + "entries (restored from an older backup?). Restore the database to its latest state; never run replicas on an older log");
        }

        if (checkpoint.Size > 0 && !new MerkleProofs(hasher, new PostgresLogNodes(source)).RootHash(checkpoint.Size).AsSpan().SequenceEqual(checkpoint.RootHash.Span))
        {
            throw new InvalidDataException(
                $"the shared log's tree of size {checkpoint.Size} is not the one this replica signed a checkpoint of: it is another history, refused");
        }
    }

    public ValueTask<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var canonical = entry.ToCanonicalJson();
        if (canonical.Length == 0 || canonical.Length > _options.MaxEntryBytes)
        {
            throw new ArgumentException($"a log entry must be 1 to {_options.MaxEntryBytes} bytes, not {canonical.Length}", nameof(entry));
        }

        var pending = new PendingAppend(canonical);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_fault is { } fault)
            {
                throw new LogUnavailableException($"the log refuses appends until it can write again ({fault.Reason})", notAppended: true);
            }

            _queue.Add(pending);
        }

        _wake.Release();
        return new ValueTask<long>(pending.Completion.Task);
    }

    public byte[] ReadLeaf(long index)
    {
        EnsureSeen(index + 1);
        CheckIndex(index, Head.Size);
        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand("SELECT leaf FROM log_leaves WHERE seq = $1", connection) { Parameters = { new() { Value = index } } };
        return command.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"log entry {index} is missing from log_leaves");
    }

    public void WriteLeaves(long start, long count, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        EnsureSeen(start + count);
        var size = Head.Size;
        if (start < 0 || count < 0 || start > size - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"entries [{start}, {start + count}) are not all in the log of size {size}");
        }

        using var connection = _source.OpenConnection();
        using var command = new NpgsqlCommand("SELECT seq, leaf FROM log_leaves WHERE seq >= $1 AND seq < $2 ORDER BY seq", connection)
        {
            Parameters = { new() { Value = start }, new() { Value = start + count } },
        };
        using var reader = command.ExecuteReader();
        var expected = start;
        while (reader.Read())
        {
            if (reader.GetInt64(0) != expected)
            {
                throw new InvalidDataException($"log entry {expected} is missing from log_leaves");
            }

            destination.Write((byte[])reader.GetValue(1));
            destination.WriteByte((byte)'\n');
            expected++;
        }

        if (expected != start + count)
        {
            throw new InvalidDataException($"log entry {expected} is missing from log_leaves");
        }
    }

    public byte[] RootHash(long treeSize)
    {
        EnsureSeen(treeSize);
        CheckSize(treeSize);
        var head = Head;
        return treeSize == head.Size ? head.RootHash.ToArray() : _proofs.RootHash(treeSize);
    }

    public byte[][] InclusionProof(long leafIndex, long treeSize)
    {
        EnsureSeen(treeSize);
        CheckSize(treeSize);
        CheckIndex(leafIndex, treeSize);
        return _proofs.InclusionProof(leafIndex, treeSize);
    }

    public byte[][] ConsistencyProof(long oldSize, long newSize)
    {
        EnsureSeen(newSize);
        CheckSize(newSize);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        return _proofs.ConsistencyProof(oldSize, newSize);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _wake.Release();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        List<PendingAppend> left;
        lock (_gate)
        {
            (left, _queue) = (_queue, []);
        }

        foreach (var pending in left)
        {
            pending.Completion.TrySetException(new LogUnavailableException("the log closed before this entry was written", notAppended: true));
        }

        await _source.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _state.Dispose();
        _wake.Dispose();
    }

    /// <summary>When asked for more than this replica has seen, looks at the shared log now rather than at the next refresh.</summary>
    private void EnsureSeen(long size)
    {
        if (size > Head.Size && !_disposed)
        {
            _state.Wait();
            try
            {
                using var connection = _source.OpenConnection();
                CatchUp(connection, null, SharedSize(connection, null));
            }
            catch (InvalidOperationException e)
            {
                // The shared log lost entries this replica saw: refuse appends (the size asked for is then refused too).
                Volatile.Write(ref _fault, new LogFault(e.Message, Head.Size, (Fault?.FailedRetries ?? 0) + 1));
            }
            finally
            {
                _state.Release();
            }
        }
    }

    private void CheckSize(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        var size = Head.Size;
        if (treeSize > size)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), string.Create(CultureInfo.InvariantCulture, $"the log has {size} entries, not {treeSize}"));
        }
    }

    private static void CheckIndex(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), string.Create(CultureInfo.InvariantCulture, $"entry {index} is not in the log of size {size}"));
        }
    }

    private sealed class PendingAppend(ReadOnlyMemory<byte> entry)
    {
        public ReadOnlyMemory<byte> Entry { get; } = entry;

        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SharedLogOpened, Level = LogLevel.Information, Message = "Shared log opened on PostgreSQL with {Size} entries, verified")]
        public static partial void Opened(ILogger logger, long size);

        [LoggerMessage(EventId = EventIds.SharedLogAppendFailed, Level = LogLevel.Error, Message = "Shared log: the append of {Count} entries failed; they are not acknowledged")]
        public static partial void AppendFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(EventId = EventIds.SharedLogResumed, Level = LogLevel.Information, Message = "Shared log writes again at size {Size}")]
        public static partial void Resumed(ILogger logger, long size);
    }
}
