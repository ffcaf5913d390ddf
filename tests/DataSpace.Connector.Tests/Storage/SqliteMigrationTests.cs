namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="MigrationContract"/> on Sqlite.</summary>
public sealed class SqliteMigrationTests : MigrationContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}
