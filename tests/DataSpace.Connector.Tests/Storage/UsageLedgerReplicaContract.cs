using DataSpace.Policy.State;
using DataSpace.Policy.Tests.State;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// What the persistent ledgers owe beyond the policy's <c>UsageLedgerContract</c>: atomic across replicas (separate
/// instances on one database) and durable across restarts.
/// </summary>
public abstract class UsageLedgerReplicaContract : StorageContract
{
    private const int Requests = 64;

    [Fact]
    public async Task TryReserveBudget_ConcurrentOnTwoReplicas_NeverOverspends()
    {
        var replicas = new IUsageLedger[] { Database.OpenLedger(), Database.OpenLedger() };

        var results = await RunConcurrently(Requests, async i => await UsageLedgerContract.ReserveOnAgreementAsync(replicas[i % 2],
            "urn:agreement:budget", new PrivacyBudget(0.1, 1e-8), new PrivacyBudget(1.0, 1e-6), Token));

        Assert.Equal(10, results.Count(r => r.IsGranted));
        var usage = await replicas[0].GetAsync("urn:agreement:budget", Token);
        Assert.Equal((1.0m, 0.0000001m), (usage.Epsilon, usage.Delta));
        Assert.All(results, r => Assert.InRange(r.Usage.Epsilon, 0m, 1.0m));
    }

    [Fact]
    public async Task TryReserveBudget_TwoAgreementsOfOneDataUserOnTwoReplicas_NeverExceedTheDataUsersAccount()
    {
        var replicas = new IUsageLedger[] { Database.OpenLedger(), Database.OpenLedger() };
        var user = BudgetAccountKey.DataUser("urn:dataset:tax", "urn:party:bank");
        var period = BudgetAccountKey.DatasetPeriod("urn:dataset:tax", DateTimeOffset.UnixEpoch);

        var results = await RunConcurrently(Requests, async i =>
        {
            var agreement = i % 4 < 2 ? "urn:agreement:first" : "urn:agreement:second";
            return await replicas[i % 2].TryReserveBudgetAsync(agreement, new PrivacyBudget(0.1, 1e-8),
            [
                new BudgetAccountLimit(BudgetAccountKey.Agreement("urn:dataset:tax", agreement), new PrivacyBudget(5, 1e-6)),
                new BudgetAccountLimit(user, new PrivacyBudget(1.0, 1e-6)),
                new BudgetAccountLimit(period, new PrivacyBudget(5, 1e-6)),
            ], Token);
        });

        Assert.Equal(10, results.Count(r => r.IsGranted));
        var balances = await replicas[1].GetBudgetAsync([user, period], Token);
        Assert.Equal([(1.0m, 0.0000001m), (1.0m, 0.0000001m)], balances.Select(b => (b.Epsilon, b.Delta)));
    }

    [Fact]
    public async Task TryReserveUse_ConcurrentOnTwoReplicas_ExactlyTheLimit()
    {
        var replicas = new IUsageLedger[] { Database.OpenLedger(), Database.OpenLedger() };

        var results = await RunConcurrently(Requests, async i => await replicas[i % 2].TryReserveUseAsync("urn:agreement:uses", 7, Token));

        Assert.Equal(7, results.Count(r => r.IsGranted));
        Assert.Equal(7, (await replicas[1].GetAsync("urn:agreement:uses", Token)).Uses);
    }

    [Fact]
    public async Task Release_AfterRestart_ReturnsTheReservation()
    {
        var before = Database.OpenLedger();
        var reservation = await UsageLedgerContract.ReserveOnAgreementAsync(before, "urn:agreement:a", new PrivacyBudget(0.4), new PrivacyBudget(1), Token);
        await before.TryReserveUseAsync("urn:agreement:a", 3, Token);

        var after = Database.OpenLedger();
        Assert.Equal((1L, 0.4m), await UsageAsync(after));
        Assert.True(await after.ReleaseAsync(reservation, Token));
        Assert.False(await before.ReleaseAsync(reservation, Token));

        Assert.Equal((1L, 0m), await UsageAsync(after));
    }

    [Fact]
    public async Task Commit_AfterRestart_SealsTheReservation()
    {
        var reservation = await Database.OpenLedger().TryReserveUseAsync("urn:agreement:a", 1, Token);

        var after = Database.OpenLedger();
        Assert.True(await after.CommitAsync(reservation, Token));
        Assert.False(await after.ReleaseAsync(reservation, Token));

        Assert.Equal((1L, 0m), await UsageAsync(after));
    }

    [Fact]
    public async Task TryReserveBudget_LargestAmounts_KeptExactly()
    {
        var ledger = Database.OpenLedger();
        var almostAll = 999_999_999.5;

        var first = await UsageLedgerContract.ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(almostAll), new PrivacyBudget(BudgetAmount.Max), Token);
        var tiny = await UsageLedgerContract.ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(1e-18), new PrivacyBudget(BudgetAmount.Max), Token);

        Assert.True(first.IsGranted);
        Assert.True(tiny.IsGranted);
        Assert.Equal(999_999_999.500000000000000001m, (await Database.OpenLedger().GetAsync("urn:agreement:a", Token)).Epsilon);
    }

    private static async Task<(long Uses, decimal Epsilon)> UsageAsync(IUsageLedger ledger)
    {
        var usage = await ledger.GetAsync("urn:agreement:a", Token);
        return (usage.Uses, usage.Epsilon);
    }
}
