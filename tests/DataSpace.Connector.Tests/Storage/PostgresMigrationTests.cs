namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="MigrationContract"/> on Postgres.</summary>
public sealed class PostgresMigrationTests : MigrationContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
