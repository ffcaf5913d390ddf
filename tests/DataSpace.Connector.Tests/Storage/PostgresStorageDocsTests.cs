using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="StorageDocsContract"/> on PostgreSQL.</summary>
public sealed class PostgresStorageDocsTests : StorageDocsContract
{
    protected override int TypeColumn => 2;

    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    internal override async Task<SortedSet<string>> ReadActualSchemaAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenAsync(Token);
        await using var command = connection.Command(
            "SELECT table_name, column_name, CASE data_type WHEN 'timestamp with time zone' THEN 'timestamptz' ELSE data_type END " +
            "FROM information_schema.columns WHERE table_schema = current_schema()");
        await using var reader = await command.ExecuteReaderAsync(Token);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Token))
        {
            columns.Add($"{reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2).ToUpperInvariant()}");
        }

        return columns;
    }
}
