using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// One empty database for one test: a temporary directory for SQLite, a fresh schema for PostgreSQL. Opens any
/// number of <see cref="StorageDatabase"/> instances on it (each one stands for a replica or a restarted process)
/// and disposes them all with itself.
/// </summary>
internal abstract class TestDatabase : IAsyncDisposable
{
    private readonly List<StorageDatabase> _opened = [];

    public static DateTimeOffset Now { get; } = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero).AddTicks(1_234_560);

    public FakeTimeProvider Time { get; } = new(Now);

    public abstract StorageOptions Options { get; }

    /// <summary>A new database instance on the same data, as another replica or a restarted connector sees it.</summary>
    public StorageDatabase Open()
    {
        var database = StorageDatabaseFactory.Create(Options, Time);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public SqlConnectorStore OpenStore() => new(Open());

    public SqlUsageLedger OpenLedger() => new(Open());

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }
}
