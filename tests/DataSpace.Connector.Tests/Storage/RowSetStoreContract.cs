using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// Query-set overlap control through the store (docs/analysis-plans.md, "Release"): a group of an exact release that
/// differs from one released before over the same dataset by at least one row and fewer than the minimum group size is
/// refused, whoever asks; the check and the record are one step, even under concurrency.
/// </summary>
public abstract class RowSetStoreContract : StorageContract
{
    private string _dataset = "";
    private string _digest = "";

    [Fact]
    public async Task A_group_one_row_away_from_an_earlier_one_is_refused_and_nothing_is_recorded()
    {
        await SeedAsync();
        Assert.Null(await ReleaseAsync("job-1", 10, Enumerable.Range(0, 50)));

        // "All enterprises of the region" and then "all but the one with 1234 employees": the difference is the target.
        var conflict = await ReleaseAsync("job-2", 10, Enumerable.Range(0, 49));

        Assert.Equal(new RowSetConflict("north", "job-1", "north"), conflict);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Groups_at_least_the_minimum_apart_identical_ones_and_other_contents_pass()
    {
        await SeedAsync();
        Assert.Null(await ReleaseAsync("job-1", 10, Enumerable.Range(0, 50)));

        Assert.Null(await ReleaseAsync("job-2", 10, Enumerable.Range(0, 40)));
        Assert.Null(await ReleaseAsync("job-3", 10, Enumerable.Range(0, 50)));
        Assert.Null(await ReleaseAsync("job-4", 10, Enumerable.Range(0, 49), digest: "sha256:another-content"));

        // The repeat of job-1's group is not recorded twice.
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task The_larger_minimum_of_the_two_releases_decides()
    {
        await SeedAsync();
        Assert.Null(await ReleaseAsync("job-1", 20, Enumerable.Range(0, 60)));

        // 15 rows apart: enough for this release's minimum of 10, not for the earlier release's 20.
        Assert.NotNull(await ReleaseAsync("job-2", 10, Enumerable.Range(0, 45)));
        Assert.Null(await ReleaseAsync("job-3", 10, Enumerable.Range(0, 40)));
    }

    [Fact]
    public async Task Concurrent_releases_one_row_apart_are_serialised_so_exactly_one_goes_out()
    {
        await SeedAsync();

        var conflicts = await RunConcurrently(8, i => ReleaseAsync($"job-{i}", 10, Enumerable.Range(0, 50).Where(r => r != i)));

        Assert.Single(conflicts, c => c is null);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Every_replica_gets_the_same_sketch_key_made_once()
    {
        var keys = await RunConcurrently(8, _ => Database.OpenStore().GetOrCreateSecretAsync(OverlapControl.KeyName,
            () => System.Security.Cryptography.RandomNumberGenerator.GetBytes(8), Token));

        Assert.Single(keys.Select(Convert.ToHexString).Distinct());
        Assert.Equal(8, keys[0].Length);
    }

    private async Task SeedAsync()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        _dataset = agreement.DatasetId;
        _digest = (await Store.GetDatasetAsync(_dataset, Token))!.ContentDigest;
        for (var i = 0; i < 8; i++)
        {
            await Store.AddJobAsync(StoreSamples.Job($"job-{i}", agreement.Id, agreement.OperatorId, JobState.Running), Token);
        }
    }

    private async Task<RowSetConflict?> ReleaseAsync(string job, long minGroupSize, IEnumerable<int> rows, string? digest = null)
    {
        var control = new OverlapControl(Store);
        var collector = await control.CollectorAsync(Token);
        var count = 0;
        foreach (var row in rows)
        {
            collector.Add(0, row);
            count++;
        }

        var result = new PlanResult
        {
            Dimensions = ["region"],
            Measures = [],
            Groups = [new PlanResultGroup(["north"], count, []) { Index = 0 }],
            SuppressedGroups = 0,
            Mechanism = NoiseMechanism.None,
            MinGroupSize = minGroupSize,
            Queries = 0,
            EpsilonSpent = 0,
            DeltaSpent = 0,
            PrivacyUnit = "row",
            RowsPerUnit = 1,
        };
        return await control.CheckAndRecordAsync(_dataset, digest ?? _digest, job, minGroupSize, collector, result, Token);
    }

    private async Task<long> CountAsync()
    {
        await using var database = Database.Open();
        await using var connection = await database.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM released_row_sets";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The <see cref="RowSetStoreContract"/> on SQLite.</summary>
public sealed class SqliteRowSetStoreTests : RowSetStoreContract
{
    internal override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

/// <summary>The <see cref="RowSetStoreContract"/> on PostgreSQL.</summary>
public sealed class PostgresRowSetStoreTests : RowSetStoreContract
{
    internal override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
