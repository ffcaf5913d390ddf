using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Tests.Http;

public sealed class TrustedKeyCacheTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();
    private readonly SigningKey _key = SignatureSuites.P256.GenerateKey();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _key.Dispose();
        await _database.DisposeAsync();
    }

    private Party Operator() => new()
    {
        Id = "urn:party:operator",
        DisplayName = "Operator",
        Role = PartyRole.Operator,
        Keys = [new PartyKey(_key.PublicKey.KeyId, _key.PublicKey.ExportPem())],
        AddedAt = TestDatabase.Now,
    };

    [Fact]
    public async Task A_key_not_on_the_trust_list_is_not_remembered_so_it_is_trusted_as_soon_as_it_is_added()
    {
        var store = _database.OpenStore();
        var cache = new TrustedKeyCache(store, _database.Time);

        Assert.Null(await cache.FindAsync(_key.PublicKey.KeyId, CancellationToken.None));
        await store.AddPartyAsync(Operator(), CancellationToken.None);

        var found = await cache.FindAsync(_key.PublicKey.KeyId, CancellationToken.None);
        Assert.Equal(("urn:party:operator", _key.PublicKey), (found?.Party.Id, found?.Key));
    }

    [Fact]
    public async Task A_hit_is_served_from_the_cache_until_its_time_to_live_ends_then_read_again()
    {
        var database = _database.Open();
        var store = new SqlConnectorStore(database);
        var cache = new TrustedKeyCache(store, _database.Time);
        await store.AddPartyAsync(Operator(), CancellationToken.None);
        var first = await cache.FindAsync(_key.PublicKey.KeyId, CancellationToken.None);

        // A change made behind the connector's back (straight in the database) is seen once the entry expires.
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        await using (var delete = connection.Command("DELETE FROM party_keys"))
        {
            await delete.ExecuteNonQueryAsync();
        }

        var cached = await cache.FindAsync(_key.PublicKey.KeyId, CancellationToken.None);
        Assert.Same(first!.Value.Key, cached!.Value.Key);

        _database.Time.Advance(TrustedKeyCache.TimeToLive);
        Assert.Null(await cache.FindAsync(_key.PublicKey.KeyId, CancellationToken.None));
    }
}
