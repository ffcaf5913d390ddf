using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Privacy;
using DataSpace.Connector.Tests.Jobs;
using DataSpace.Connector.Tests.Support;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Tests.Privacy;

/// <summary>
/// The attacks on a per-agreement budget, against the connector's accounts on the real store, ledger and log (SQLite and
/// PostgreSQL): a new agreement does not reset a data user's budget, a debited run cannot get its budget back (a failure
/// after reading is charged), colluding data users share the dataset's total, and the debit's entry and the ledger's
/// charge agree even when the store fails.
/// </summary>
public sealed class BudgetAccountsTests
{
    private const string Bank = "urn:party:bank";

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static BudgetAccounts Accounts(LifecycleHarness harness, PrivacyBudgetOptions? privacy = null, DataSpace.Connector.Storage.IConnectorStore? store = null, AuditTrail? audit = null) =>
        new(harness.Ledger, store ?? harness.Store, audit ?? harness.Audit, Options.Create(new ConnectorOptions { Privacy = privacy ?? new PrivacyBudgetOptions() }));

    private static Task<Reservation> ReserveAsync(BudgetAccounts budgets, IUsageLedger ledger, string agreement, string dataUser, double epsilon, double agreementLimit = 1.0) =>
        ledger.TryReserveBudgetAsync(agreement, new PrivacyBudget(epsilon),
            budgets.For(agreement, LifecycleHarness.Dataset, dataUser, new PrivacyBudget(agreementLimit), Now), CancellationToken.None).AsTask();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Reserve_NewAgreementOfTheSameDataUserAfterTheBudgetIsSpent_RefusedByTheDataUsersAccount(string engine)
    {
        await using var harness = await LifecycleHarness.StartAsync(engine);
        var budgets = Accounts(harness);
        Assert.True((await ReserveAsync(budgets, harness.Ledger, "a-1", Bank, 0.8)).IsGranted);

        var second = await ReserveAsync(budgets, harness.Ledger, "a-2", Bank, 0.8);

        Assert.Equal(BudgetAccountKey.DataUser(LifecycleHarness.Dataset, Bank), second.RefusedBy);
        Assert.Contains("a new agreement does not reset it", BudgetAccounts.Refusal(second), StringComparison.Ordinal);
        Assert.Contains("cannot cover epsilon 0.8: 0.8 of 1 is spent or reserved", BudgetAccounts.Refusal(second), StringComparison.Ordinal);
        Assert.True((await ReserveAsync(budgets, harness.Ledger, "a-2", Bank, 0.2)).IsGranted);
        Assert.Contains("a new agreement does not reset it", await budgets.ShortfallAsync(
            budgets.For("a-3", LifecycleHarness.Dataset, Bank, new PrivacyBudget(1), Now), new PrivacyBudget(0.1), CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_AgreementAllowingMore_LetsTheDataUserReachItsLimitNotTheSum()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var budgets = Accounts(harness);
        await ReserveAsync(budgets, harness.Ledger, "a-1", Bank, 1.0);

        var granted = await ReserveAsync(budgets, harness.Ledger, "a-2", Bank, 2.0, agreementLimit: 3.0);
        var refused = await ReserveAsync(budgets, harness.Ledger, "a-2", Bank, 0.001, agreementLimit: 3.0);

        Assert.True(granted.IsGranted);
        Assert.Equal(BudgetAccountKey.DataUser(LifecycleHarness.Dataset, Bank), refused.RefusedBy);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Reserve_64ConcurrentRunsUnderTwoAgreementsOfOneDataUser_NeverExceedTheDataUsersLimit(string engine)
    {
        await using var harness = await LifecycleHarness.StartAsync(engine);
        var budgets = Accounts(harness);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await ReserveAsync(budgets, harness.Ledger, i % 2 == 0 ? "a-1" : "a-2", Bank, 0.1);
        })).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(runs);

        Assert.Equal(10, results.Count(r => r.IsGranted));
        var spent = await harness.Ledger.GetBudgetAsync([BudgetAccountKey.DataUser(LifecycleHarness.Dataset, Bank)], CancellationToken.None);
        Assert.Equal(1.0m, spent[0].Epsilon);
    }

    [Fact]
    public async Task Reserve_ColludingDataUsers_RefusedByTheDatasetsPeriodAccount()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var budgets = Accounts(harness, new PrivacyBudgetOptions { DatasetEpsilon = 1.0 });
        await ReserveAsync(budgets, harness.Ledger, "a-1", Bank, 0.6);

        var accomplice = await ReserveAsync(budgets, harness.Ledger, "a-rival", "urn:party:accomplice", 0.6);

        Assert.Equal(BudgetAccountKind.DatasetPeriod, accomplice.RefusedBy?.Kind);
        Assert.Contains("shared by all data users", BudgetAccounts.Refusal(accomplice), StringComparison.Ordinal);
        var nextPeriod = await harness.Ledger.TryReserveBudgetAsync("a-rival", new PrivacyBudget(0.6),
            budgets.For("a-rival", LifecycleHarness.Dataset, "urn:party:accomplice", new PrivacyBudget(1), Now.AddDays(30)), CancellationToken.None);
        Assert.True(nextPeriod.IsGranted);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Debit_LogsTheChargeAndSealsIt_SoAFailedRunCannotGetItsBudgetBack(string engine)
    {
        await using var harness = await LifecycleHarness.StartAsync(engine);
        var budgets = Accounts(harness);
        var job = await harness.SubmitAsync("j-1");
        var use = await harness.Ledger.TryReserveUseAsync("a-1", long.MaxValue, CancellationToken.None);
        var budget = await ReserveAsync(budgets, harness.Ledger, "a-1", job.DataUserId, 0.6);

        await budgets.DebitAsync(job, LifecycleHarness.Dataset, budget, [use, budget], CancellationToken.None);

        // The run fails after reading: what the executor's end returns is nothing.
        Assert.False(await harness.Ledger.ReleaseAsync(budget, CancellationToken.None));
        Assert.False(await harness.Ledger.ReleaseAsync(use, CancellationToken.None));
        Assert.Equal((1L, 0.6m), ((await harness.Ledger.GetAsync("a-1", default)).Uses, (await harness.Ledger.GetAsync("a-1", default)).Epsilon));
        var debit = Assert.Single(harness.Entries(), e => e.Action == AuditActions.BudgetDebit);
        Assert.Equal((AuditDecisions.Permit, "job/j-1"), (debit.Decision, debit.Resource));
        Assert.Equal(("j-1", "a-1", LifecycleHarness.Dataset, job.DataUserId, "0.6", "0"),
            (debit.Details!["job"], debit.Details["agreement"], debit.Details["dataset"], debit.Details["dataUser"], debit.Details["epsilon"], debit.Details["delta"]));
        Assert.Equal(budget.Accounts.Select(a => a.Account.ToString()), debit.Details["accounts"].Split(','));
        Assert.Empty(await harness.Store.ListOperationsAsync("urn:connector:tax@test", CancellationToken.None));
    }

    [Fact]
    public async Task Debit_StoreFailsToSeal_AbortedEntryAndTheReservationCanStillBeReturned()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var store = FaultInjectingStore.Wrap(harness.Store, out var faults);
        var audit = new AuditTrail(harness.Log, store, new ConnectorReplica("urn:connector:tax@test"), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var budgets = Accounts(harness, store: store, audit: audit);
        var job = await harness.SubmitAsync("j-1");
        var budget = await ReserveAsync(budgets, harness.Ledger, "a-1", job.DataUserId, 0.6);
        faults.FailNext(nameof(DataSpace.Connector.Storage.IConnectorStore.SealReservationsAsync));

        await Assert.ThrowsAsync<IOException>(() => budgets.DebitAsync(job, LifecycleHarness.Dataset, budget, [budget], CancellationToken.None));

        var entries = harness.Entries().Where(e => e.Action == AuditActions.BudgetDebit).ToList();
        Assert.Equal([AuditDecisions.Permit, AuditDecisions.Aborted], entries.Select(e => e.Decision));
        Assert.Equal(entries[0].Details!["operation"], entries[1].Details!["operation"]);
        Assert.True(await harness.Ledger.ReleaseAsync(budget, CancellationToken.None));
        Assert.Equal(0m, (await harness.Ledger.GetAsync("a-1", default)).Epsilon);
    }

    [Fact]
    public void AgreementLimit_PolicyLimitOutOfRange_IsAProblemNamingTheConstraint()
    {
        var decision = new Decision
        {
            Effect = DecisionEffect.Permit,
            Obligations = [new Obligation { Kind = ObligationKind.SpendEpsilon, Value = 1e300, Source = "permission[0].constraint[0]" }],
        };

        var (_, problem) = BudgetAccounts.AgreementLimit(decision);

        Assert.StartsWith("the policy's dsc:epsilon: a privacy budget limit must be a number from 0 to 1000000000", problem, StringComparison.Ordinal);
    }
}
