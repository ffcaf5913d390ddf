using System.Data;
using System.Data.Common;
using System.Globalization;
using DataSpace.Connector.Storage.Sql;
using Npgsql;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>
/// The engine for several replicas: a PostgreSQL database named by the connection string (its <c>Search Path</c>
/// picks the schema). Write transactions run at READ COMMITTED and lock the rows they check with SELECT ... FOR
/// UPDATE, so a check and the write that follows it are atomic across connections and replicas.
/// </summary>
internal sealed class PostgresStorageDatabase : StorageDatabase
{
    /// <summary>The channel of <see cref="NotifyAsync"/>'s hints.</summary>
    internal const string HintChannel = "dataspace_hints";

    /// <summary>How long <see cref="ListenAsync"/> waits on a quiet connection before checking it.</summary>
    private static readonly TimeSpan ListenCheck = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;

    public PostgresStorageDatabase(StorageOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : base(timeProvider, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString!);
        // A write waits at most the busy timeout for a row lock, as on SQLite; set once per connection at start-up.
        builder.ConnectionStringBuilder.Options = string.Create(
            CultureInfo.InvariantCulture, $"{builder.ConnectionStringBuilder.Options} -c lock_timeout={(long)options.BusyTimeout.TotalMilliseconds}").Trim();
        builder.UseLoggerFactory(loggerFactory);
        _dataSource = builder.Build();
        var where = builder.ConnectionStringBuilder;
        Name = string.Create(CultureInfo.InvariantCulture, $"PostgreSQL database '{where.Database}' on {where.Host}:{where.Port}")
            + (string.IsNullOrEmpty(where.SearchPath) ? "" : $" (schema {where.SearchPath})");
    }

    public override string Name { get; }

    public override StorageEngine Engine => StorageEngine.Postgres;

    public override string ForUpdate => " FOR UPDATE";

    public override string SkipLocked => " FOR UPDATE OF t SKIP LOCKED";

    public override string MigrationFolder => "Postgres";

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    /// <summary>Empty when <c>schema_migrations</c> is missing or has no row; unreadable when the server cannot be reached or refuses.</summary>
    public override async Task<StorageInspection> InspectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = connection.Command("SELECT to_regclass('schema_migrations') IS NOT NULL");
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return new StorageInspection(StorageCondition.Empty, Name);
            }

            await using var count = connection.Command("SELECT count(*) FROM schema_migrations");
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0
                ? new StorageInspection(StorageCondition.Empty, Name)
                : new StorageInspection(StorageCondition.Ready, Name);
        }
        catch (DbException exception)
        {
            return new StorageInspection(StorageCondition.Unreadable, Name, exception.Message);
        }
    }

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var readOnly = connection.Command("SET TRANSACTION READ ONLY", transaction);
            await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Replicas starting together migrate one at a time: a transaction-scoped advisory lock keyed by the schema
    /// (so databases sharing a server but not a schema do not wait for each other), taken before the migrations
    /// table is even created.
    /// </summary>
    public override async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT pg_advisory_xact_lock(hashtext('dataspace.schema_migrations:' || COALESCE(current_schema(), '')))", transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One channel for the whole server, <c>dataspace_hints</c>, with the schema in each payload (<c>schema:topic</c>):
    /// connectors sharing a server but not a schema ignore each other's hints, and a schema name needs no quoting.
    /// </summary>
    public override async Task NotifyAsync(DbConnection connection, string topic)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        try
        {
            await using var notify = connection.Command($"SELECT pg_notify('{HintChannel}', COALESCE(current_schema(), '') || ':' || @topic)")
                .With("topic", topic);
            await notify.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
        {
            // The hint is lost (the connection broke after the commit, or the server's notification queue is full): the
            // other replicas find what it told of at their next look.
        }
    }

    public override async Task ListenAsync(Action<string> received, Action listening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(listening);
        await using var connection = (NpgsqlConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
        string prefix;
        await using (var schema = connection.Command("SELECT COALESCE(current_schema(), '')"))
        {
            prefix = (string)(await schema.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! + ":";
        }

        // Raised on this connection's reader, inside WaitAsync below: no other thread touches the connection meanwhile.
        connection.Notification += (_, e) =>
        {
            if (e.Channel == HintChannel && e.Payload.StartsWith(prefix, StringComparison.Ordinal))
            {
                received(e.Payload[prefix.Length..]);
            }
        };
        await using (var listen = connection.Command($"LISTEN {HintChannel}"))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        listening();
        try
        {
            while (true)
            {
                // A quiet connection is checked now and then, so one a firewall or the server dropped fails here and the
                // caller reconnects, rather than listening on a connection that will never deliver again.
                if (!await connection.WaitAsync(ListenCheck, cancellationToken).ConfigureAwait(false))
                {
                    await using var check = connection.Command("SELECT 1");
                    await check.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // The connection goes back to the pool: it must not keep delivering to nobody. A broken one is not reused.
            if (connection.FullState == ConnectionState.Open)
            {
                try
                {
                    await using var unlisten = connection.Command("UNLISTEN *");
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
                {
                }
            }
        }
    }

    public override object ToDb(DateTimeOffset value) => value.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
