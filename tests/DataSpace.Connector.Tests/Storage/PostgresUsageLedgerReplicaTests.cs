namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="UsageLedgerReplicaContract"/> on Postgres.</summary>
public sealed class PostgresUsageLedgerReplicaTests : UsageLedgerReplicaContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
