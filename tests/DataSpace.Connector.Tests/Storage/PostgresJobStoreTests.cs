namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="JobStoreContract"/> on Postgres.</summary>
public sealed class PostgresJobStoreTests : JobStoreContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
