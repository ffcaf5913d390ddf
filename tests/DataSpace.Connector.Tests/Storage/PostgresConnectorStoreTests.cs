namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="ConnectorStoreContract"/> on Postgres.</summary>
public sealed class PostgresConnectorStoreTests : ConnectorStoreContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
