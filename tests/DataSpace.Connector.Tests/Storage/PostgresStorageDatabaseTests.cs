using System.Globalization;
using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>The PostgreSQL engine's settings: the busy timeout becomes the lock timeout; the search path picks the schema.</summary>
public sealed class PostgresStorageDatabaseTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    [Theory]
    [InlineData("SHOW lock_timeout", "30s")]
    [InlineData("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'jobs'", "1")]
    public async Task Open_AfterInitialize_ConnectionHasTheSetting(string query, string expected)
    {
        await using var connection = await _database.Open().OpenAsync(CancellationToken.None);
        await using var command = connection.Command(query);
        var value = Convert.ToString(await command.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture);

        Assert.Equal(expected, value);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
