using System.Data.Common;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// One database and what differs between engines: opening connections, how a write transaction takes its lock,
/// how timestamps are stored and how constraint violations are reported. The store and the ledger above it are
/// written once against this class, so both engines behave the same.
/// </summary>
internal abstract class StorageDatabase(TimeProvider timeProvider, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private volatile bool _initialized;

    public abstract StorageEngine Engine { get; }

    /// <summary>The clock for timestamps the store sets itself (migrations applied, jobs failed on restart).</summary>
    public TimeProvider Time => timeProvider;

    public ILoggerFactory LoggerFactory => loggerFactory;

    /// <summary>Appended to a SELECT that reads rows a write transaction will change: <c> FOR UPDATE</c> on PostgreSQL.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// Appended to a SELECT of <c>job_tasks t</c> whose rows a claim takes: <c> FOR UPDATE OF t SKIP LOCKED</c> on PostgreSQL, so
    /// claimers on several replicas pass each other's locked rows by; nothing on SQLite, whose writer is one at a time.
    /// </summary>
    public abstract string SkipLocked { get; }

    /// <summary>
    /// Tells the other replicas that <paramref name="topic"/> happened, after the write that made it so committed on
    /// <paramref name="connection"/>: a hint that wakes their waiting loops at once instead of at their next look
    /// (<see cref="ListenAsync"/>). On PostgreSQL a <c>NOTIFY</c> carrying this schema; nothing on SQLite, whose one process
    /// wakes its own loops directly. It never throws: the write stands whatever becomes of its hint, and a lost hint only
    /// delays, since every loop also looks on its own.
    /// </summary>
    public virtual Task NotifyAsync(DbConnection connection, string topic) => Task.CompletedTask;

    /// <summary>
    /// Receives the topics this schema's replicas (this one included) <see cref="NotifyAsync"/>, calling
    /// <paramref name="received"/> for each, until cancelled or the connection fails (it throws what the engine throws);
    /// <paramref name="listening"/> is called once the subscription holds. Returns at once on an engine without them.
    /// </summary>
    public virtual Task ListenAsync(Action<string> received, Action listening, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The embedded resource folder holding this engine's numbered migration scripts.</summary>
    public abstract string MigrationFolder { get; }

    /// <summary>The database as messages name it: the SQLite file's path, or the PostgreSQL database and host (no password).</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Looks at the database without creating or migrating it (at start, before anything else opens it): missing,
    /// empty, unreadable (with the engine's message) or ready. Never throws for a damaged or unreachable database.
    /// </summary>
    public abstract Task<StorageInspection> InspectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The readiness probe: writes <paramref name="replica"/>'s row of <c>health_probes</c> with a fresh token in a
    /// committed write transaction, then reads it back. Throws what the engine throws when it cannot.
    /// </summary>
    public async Task ProbeAsync(string replica, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await using var write = connection.Command(
                "INSERT INTO health_probes (replica, token, probed_at) VALUES (@replica, @token, @at) "
                + "ON CONFLICT (replica) DO UPDATE SET token = excluded.token, probed_at = excluded.probed_at", transaction)
                .With("@replica", replica).With("@token", token).With("@at", ToDb(Time.GetUtcNow()));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = connection.Command("SELECT token FROM health_probes WHERE replica = @replica").With("@replica", replica);
        if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string != token)
        {
            throw new InvalidOperationException("the probe's row did not read back as written");
        }
    }

    /// <summary>Opens a connection after applying pending migrations (once per instance).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies pending migrations unless this instance already has.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await PrepareAsync(cancellationToken).ConfigureAwait(false);
                await new SchemaMigrator(this, loggerFactory.CreateLogger<SchemaMigrator>()).MigrateAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <summary>Engine set-up that must happen before the migration transaction.</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Opens a connection without migrating.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a transaction that may write. On SQLite it takes the database's write lock at once (BEGIN IMMEDIATE),
    /// so a read inside it cannot go stale; on PostgreSQL, rows are locked by the reads that name <see cref="ForUpdate"/>.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Begins a read-only transaction that sees one consistent snapshot.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises migrations between processes; called first inside the migration transaction.</summary>
    public abstract Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Prepares the migrations' connection before their transaction begins, and undoes it after (<paramref name="done"/>):
    /// SQLite turns foreign key enforcement off, so that a migration may rebuild a table others refer to, as SQLite's
    /// documented procedure for schema changes ALTER TABLE cannot make (https://www.sqlite.org/lang_altertable.html).
    /// </summary>
    public virtual Task PrepareMigrationsAsync(DbConnection connection, bool done, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Checks, inside the migrations' transaction and before it commits, what the migrations must leave true (SQLite: every foreign key).</summary>
    public virtual Task CheckMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The SQL that creates the migrations table if it is missing.</summary>
    public abstract string CreateMigrationsTableSql { get; }

    /// <summary>A timestamp as the engine stores it.</summary>
    public abstract object ToDb(DateTimeOffset value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract bool IsUniqueViolation(DbException exception);

    public abstract bool IsForeignKeyViolation(DbException exception);

    public virtual ValueTask DisposeAsync()
    {
        _initializeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public object ToDb(DateTimeOffset? value) => value is { } time ? ToDb(time) : DBNull.Value;
}
