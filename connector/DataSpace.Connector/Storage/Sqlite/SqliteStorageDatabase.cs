using System.Data.Common;
using System.Globalization;
using DataSpace.Connector.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DataSpace.Connector.Storage.Sqlite;

/// <summary>
/// The embedded engine: one SQLite file (<see cref="StorageOptions.SqliteFileName"/>) under the data directory, in WAL
/// mode, foreign keys on. Writers take the file's write lock at the start of their transaction (BEGIN IMMEDIATE) and
/// wait up to the busy timeout for it, which makes every read-check-write atomic across threads and processes.
/// </summary>
internal sealed class SqliteStorageDatabase : StorageDatabase
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintForeignKey = 787;
    private const long MicrosecondsPerTick = TimeSpan.TicksPerMicrosecond;

    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteStorageDatabase(StorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : base(timeProvider, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var directory = Path.GetFullPath(options.DataDirectory!);
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, StorageOptions.SqliteFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
        // busy_timeout makes SQLite itself wait for a lock; synchronous=FULL makes a commit durable in WAL mode.
        _pragmas = string.Create(
            CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
    }

    public string FilePath { get; }

    public override StorageEngine Engine => StorageEngine.Sqlite;

    public override string ForUpdate => string.Empty;

    public override string SkipLocked => string.Empty;

    public override string MigrationFolder => "Sqlite";

    public override string Name => FilePath;

    /// <summary>
    /// Missing when the file is not there; otherwise opened without creating it, <c>PRAGMA quick_check</c> (every page
    /// and b-tree, O(size of the file)), then whether any migration was applied. A damaged page, a file that is not a
    /// database or one that cannot be opened is <see cref="StorageCondition.Unreadable"/> with SQLite's message.
    /// </summary>
    public override async Task<StorageInspection> InspectAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return new StorageInspection(StorageCondition.Missing, FilePath);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var check = connection.Command("PRAGMA quick_check(1)"))
            {
                var result = await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                if (result != "ok")
                {
                    return new StorageInspection(StorageCondition.Unreadable, FilePath, $"its integrity check failed: {result}");
                }
            }

            await using var applied = connection.Command(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations') THEN 1 ELSE 0 END");
            if (Convert.ToInt64(await applied.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return new StorageInspection(StorageCondition.Empty, FilePath);
            }

            await using var count = connection.Command("SELECT count(*) FROM schema_migrations");
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0
                ? new StorageInspection(StorageCondition.Empty, FilePath)
                : new StorageInspection(StorageCondition.Ready, FilePath);
        }
        catch (SqliteException exception)
        {
            return new StorageInspection(StorageCondition.Unreadable, FilePath, exception.Message);
        }
    }

    public override async Task PrepareMigrationsAsync(DbConnection connection, bool done, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var pragma = connection.Command(done ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task CheckMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var check = connection.Command("PRAGMA foreign_key_check", transaction);
        await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new StorageSchemaException(
                $"a migration left a broken foreign key: table {reader.GetString(0)}, row {reader.GetValue(1)}, referring to {reader.GetString(2)}; nothing was changed");
        }
    }

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.Command(_pragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // BEGIN IMMEDIATE: take the write lock now, not at the first write, so no other writer slips in between.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A deferred transaction reads one WAL snapshot from its first read to its end.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
    }

    /// <summary>Nothing to do: the migration transaction is BEGIN IMMEDIATE, which already excludes every other writer.</summary>
    public override Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public override object ToDb(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / MicrosecondsPerTick;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * MicrosecondsPerTick);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintForeignKey };

    /// <summary>
    /// Puts the file in WAL mode, so readers never block the writer. The mode belongs to the file and cannot change
    /// inside a transaction, hence before migrating; repeating it is harmless.
    /// </summary>
    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var wal = connection.Command("PRAGMA journal_mode = WAL");
        await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
