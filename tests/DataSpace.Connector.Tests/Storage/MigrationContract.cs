using System.Globalization;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Policy.State;

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

    [Fact]
    public async Task Migration0006_PerAgreementBudget_BecomesAccountsAndEachDataUserIsChargedTheExactSum()
    {
        var database = Database.Open();
        await using (var connection = await database.OpenConnectionAsync(Token))
        {
            await using (var create = connection.Command(database.CreateMigrationsTableSql))
            {
                await create.ExecuteNonQueryAsync(Token);
            }

            foreach (var migration in SchemaMigrator.Load(database.MigrationFolder).Where(m => m.Version <= 5))
            {
                await using var apply = connection.Command(migration.Sql);
                await apply.ExecuteNonQueryAsync(Token);
                await using var record = connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)")
                    .With("v", migration.Version).With("n", migration.Name).With("at", database.ToDb(TestDatabase.Now));
                await record.ExecuteNonQueryAsync(Token);
            }

            string[] before =
            [
                "INSERT INTO parties (id, display_name, role, added_at) VALUES ('op', 'Operator', 'operator', @at)",
                "INSERT INTO datasets (id, name, format, location, schema_json, row_count, content_digest, classification_level, registered_at) VALUES ('tax', 'Tax', 'csv', '/tax.csv', '[]', 1, 'sha256:00', 1, @at)",
                "INSERT INTO offers (id, dataset_id, policy_json, created_at) VALUES ('offer', 'tax', '{}', @at)",
                .. new[] { "a1", "a2", "a3" }.Select(a => "INSERT INTO agreements (id, offer_id, dataset_id, operator_id, purpose, policy_json, valid_from, valid_until, supplier_signature, operator_signature, created_at) " +
                    $"VALUES ('{a}', 'offer', 'tax', 'op', 'p', '{{}}', @at, @at, 's', 's', @at)"),
                "INSERT INTO modules (digest, content, size) VALUES ('sha256:m', @blob, 1)",
                .. new[] { ("j1", "a1", "bank"), ("j2", "a2", "bank"), ("j3", "a1", "insurer"), ("j4", "a1", "bank") }.Select(j =>
                    "INSERT INTO jobs (id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, submitted_at) " +
                    $"VALUES ('{j.Item1}', '{j.Item2}', 'op', '{j.Item3}', 'pem', 'sha256:m', '{{}}', 'released', @at)"),
                "INSERT INTO usage_agreements (agreement_id, uses, epsilon, delta) VALUES ('a1', 3, '0.7', '0.000001')",
                "INSERT INTO usage_agreements (agreement_id, uses, epsilon, delta) VALUES ('a2', 1, '0.900000000000000001', '0')",
                "INSERT INTO usage_agreements (agreement_id, uses, epsilon, delta) VALUES ('a3', 2, '0', '0')",
                "INSERT INTO usage_reservations (id, agreement_id, kind, uses, epsilon, delta, state) VALUES ('11111111-1111-1111-1111-111111111111', 'a1', 'budget', 0, '0.2', '0', 'open')",
            ];
            foreach (var sql in before)
            {
                await using var insert = connection.Command(sql).With("at", database.ToDb(TestDatabase.Now)).With("blob", new byte[] { 0 });
                await insert.ExecuteNonQueryAsync(Token);
            }
        }

        var ledger = Database.OpenLedger();
        var balances = await ledger.GetBudgetAsync(
        [
            BudgetAccountKey.Agreement("tax", "a1"), BudgetAccountKey.Agreement("tax", "a2"),
            BudgetAccountKey.DataUser("tax", "bank"), BudgetAccountKey.DataUser("tax", "insurer"),
        ], Token);

        Assert.Equal([(0.7m, 0.000001m), (0.900000000000000001m, 0m), (1.600000000000000001m, 0.000001m), (0.7m, 0.000001m)], balances.Select(b => (b.Epsilon, b.Delta)));
        Assert.Equal((3L, 0.7m), ((await ledger.GetAsync("a1", Token)).Uses, (await ledger.GetAsync("a1", Token)).Epsilon));
        Assert.Equal(["agreement/a1", "agreement/a2", "dataset/tax/user/bank", "dataset/tax/user/insurer"], (await ledger.ListBudgetAsync("tax", Token)).Select(a => a.Account.ToString()));
        var open = new Reservation { Id = Guid.Parse("11111111-1111-1111-1111-111111111111"), AgreementId = "a1", Kind = ReservationKind.Budget, Usage = new UsageSnapshot { AgreementId = "a1" } };
        Assert.True(await ledger.ReleaseAsync(open, Token));
        Assert.Equal(0.5m, (await ledger.GetAsync("a1", Token)).Epsilon);
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
