namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="JobStoreContract"/> on Sqlite.</summary>
public sealed class SqliteJobStoreTests : JobStoreContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}
