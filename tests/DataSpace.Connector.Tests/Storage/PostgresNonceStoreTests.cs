using DataSpace.Connector.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// The replay store the replicas of one connector share (docs/gateway.md, "Replays"): a nonce one replica took is a
/// replay at every other until it expires, and can be taken again after.
/// </summary>
public sealed class PostgresNonceStoreTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void ANonceTakenAtOneReplica_IsAReplayAtAnother_UntilItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        using var first = new PostgresNonceStore(_database.Options.ConnectionString!, clock);
        using var second = new PostgresNonceStore(_database.Options.ConnectionString!, clock);
        var expires = clock.GetUtcNow().AddMinutes(5);

        Assert.True(first.TryRemember("key-1", "n-1", expires));
        Assert.True(second.IsRemembered("key-1", "n-1"));
        Assert.False(second.TryRemember("key-1", "n-1", expires));
        Assert.True(second.TryRemember("key-2", "n-1", expires)); // another key's nonce is another nonce

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(first.IsRemembered("key-1", "n-1"));
        Assert.True(second.TryRemember("key-1", "n-1", clock.GetUtcNow().AddMinutes(5)));
        Assert.False(first.TryRemember("key-1", "n-1", clock.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public void ADatabaseThatCannotAnswer_RemembersNothing_SoTheRequestIsRefused()
    {
        var clock = new FakeTimeProvider();
        using var store = new PostgresNonceStore(_database.Options.ConnectionString!, clock);
        using (var connection = new Npgsql.NpgsqlConnection(_database.Options.ConnectionString))
        {
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand("DROP TABLE request_nonces", connection);
            drop.ExecuteNonQuery();
        }

        Assert.False(store.TryRemember("key-1", "n-1", clock.GetUtcNow().AddMinutes(5)));
    }
}
