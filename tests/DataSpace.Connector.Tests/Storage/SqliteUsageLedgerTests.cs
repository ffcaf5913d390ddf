using DataSpace.Policy.State;
using DataSpace.Policy.Tests.State;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The policy's <see cref="UsageLedgerContract"/> against the Sqlite ledger: each ledger on its own empty database.</summary>
public sealed class SqliteUsageLedgerTests : UsageLedgerContract, IAsyncLifetime
{
    private readonly List<TestDatabase> _databases = [];

    protected override IUsageLedger CreateLedger()
    {
        var database = new SqliteTestDatabase();
        _databases.Add(database);
        return database.OpenLedger();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
