namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="ConnectorStoreContract"/> on Sqlite.</summary>
public sealed class SqliteConnectorStoreTests : ConnectorStoreContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}
