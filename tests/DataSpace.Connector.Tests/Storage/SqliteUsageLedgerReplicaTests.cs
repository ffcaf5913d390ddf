namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="UsageLedgerReplicaContract"/> on Sqlite.</summary>
public sealed class SqliteUsageLedgerReplicaTests : UsageLedgerReplicaContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}
