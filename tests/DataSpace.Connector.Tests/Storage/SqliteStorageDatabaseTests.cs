using System.Globalization;
using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The SQLite engine's settings: WAL, a busy timeout, foreign keys, durable commits.</summary>
public sealed class SqliteStorageDatabaseTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    [Theory]
    [InlineData("journal_mode", "wal")]
    [InlineData("busy_timeout", "30000")]
    [InlineData("foreign_keys", "1")]
    [InlineData("synchronous", "2")]
    public async Task Open_AfterInitialize_ConnectionHasTheSetting(string pragma, string expected)
    {
        var database = _database.Open();
        await database.InitializeAsync(CancellationToken.None);

        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.Command($"PRAGMA {pragma}");
        var value = Convert.ToString(await command.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture);

        Assert.Equal(expected, value);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
