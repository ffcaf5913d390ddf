using System.Globalization;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>What the schema migrations must do on every engine.</summary>
public abstract class MigrationContract : StorageContract
{
    [Fact]
    public async Task Initialize_FreshDatabase_AppliesEveryMigrationInOrder()
    {
        var database = Database.Open();

        await database.InitializeAsync(Token);

        var known = SchemaMigrator.Load(database.MigrationFolder);
        Assert.True(known.Count >= 2);
        Assert.Equal(known.Select(m => (long)m.Version), await AppliedVersionsAsync(database));
    }

    [Fact]
    public async Task Initialize_Rerun_AppliesNothingAndKeepsTheData()
    {
        await Store.AddDatasetAsync(StoreSamples.Dataset("urn:dataset:a"), Token);
        var before = await AppliedVersionsAsync(Database.Open());

        var restarted = Database.OpenStore();
        await restarted.InitializeAsync(Token);
        await restarted.InitializeAsync(Token);

        Assert.Equal(before, await AppliedVersionsAsync(Database.Open()));
        Assert.NotNull(await restarted.GetDatasetAsync("urn:dataset:a", Token));
    }

    [Fact]
    public async Task Initialize_NewerSchemaVersion_RefusedWithoutChangingIt()
    {
        var database = Database.Open();
        await database.InitializeAsync(Token);
        await ExecuteAsync(database, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_from_the_future', @at)",
            database.ToDb(TestDatabase.Now));

        var newer = Database.OpenStore();
        var refusal = await Assert.ThrowsAsync<StorageSchemaException>(() => newer.InitializeAsync(Token));
        await Assert.ThrowsAsync<StorageSchemaException>(() => newer.ListDatasetsAsync(Token));

        Assert.Contains("999", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(999, (await AppliedVersionsAsync(database)).Max());
    }

    [Fact]
    public async Task Initialize_ConcurrentReplicas_MigrateOnce()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToArray();

        await RunConcurrently(replicas.Length, async i =>
        {
            await replicas[i].InitializeAsync(Token);
            return true;
        });

        Assert.Equal(SchemaMigrator.Load(replicas[0].MigrationFolder).Count, (await AppliedVersionsAsync(replicas[0])).Count);
    }

    private static async Task<List<long>> AppliedVersionsAsync(StorageDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(Token);
        await using var command = connection.Command("SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(Token);
        var versions = new List<long>();
        while (await reader.ReadAsync(Token))
        {
            versions.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return versions;
    }

    private static async Task ExecuteAsync(StorageDatabase database, string sql, object at)
    {
        await using var connection = await database.OpenConnectionAsync(Token);
        await using var command = connection.Command(sql).With("at", at);
        await command.ExecuteNonQueryAsync(Token);
    }
}
