using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The <see cref="StorageDocsContract"/> on SQLite.</summary>
public sealed class SqliteStorageDocsTests : StorageDocsContract
{
    protected override int TypeColumn => 1;

    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    internal override async Task<SortedSet<string>> ReadActualSchemaAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenAsync(Token);
        await using var command = connection.Command(
            "SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p " +
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
        await using var reader = await command.ExecuteReaderAsync(Token);
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Token))
        {
            columns.Add($"{reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2).ToUpperInvariant()}");
        }

        return columns;
    }
}
