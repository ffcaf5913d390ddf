using DataSpace.Policy.State;

namespace DataSpace.Policy.Tests.State;

/// <summary>
/// What every <see cref="IUsageLedger"/> must do. A test class for an implementation derives from this one and
/// says how to create a fresh, empty ledger; xUnit runs these tests for each derived class.
/// </summary>
public abstract class UsageLedgerContract
{
    private const int Concurrency = 64;

    /// <summary>The dataset the contract's accounts belong to.</summary>
    protected const string ContractDataset = "urn:dataset:contract";

    /// <summary>A fresh ledger with no usage recorded.</summary>
    protected abstract IUsageLedger CreateLedger();

    protected static CancellationToken Token => CancellationToken.None;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(63)]
    public async Task TryReserveUse_64ConcurrentRequests_ExactlyLimitGranted(long limit)
    {
        var ledger = CreateLedger();

        var results = await RunConcurrently(() => ledger.TryReserveUseAsync("urn:agreement:uses", limit, Token));

        Assert.Equal(limit, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal(ReservationOutcome.UseLimitReached, r.Outcome));
        Assert.Equal(limit, (await ledger.GetAsync("urn:agreement:uses", Token)).Uses);
    }

    [Theory]
    [InlineData(0.1, 1.0, 10)]
    [InlineData(0.1, 0.3, 3)]
    [InlineData(0.25, 2.0, 8)]
    [InlineData(0.7, 0.5, 0)]
    public async Task TryReserveBudget_64ConcurrentRequests_ExactlyWhatFitsGranted(double epsilon, double limit, int expected)
    {
        var ledger = CreateLedger();

        var results = await RunConcurrently(() => ReserveOnAgreementAsync(ledger,
            "urn:agreement:budget", new PrivacyBudget(epsilon), new PrivacyBudget(limit), Token));

        Assert.Equal(expected, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal(ReservationOutcome.EpsilonLimitExceeded, r.Outcome));
        Assert.Equal((decimal)epsilon * expected, (await ledger.GetAsync("urn:agreement:budget", Token)).Epsilon);
    }

    [Fact]
    public async Task TryReserveBudget_64ConcurrentDeltaRequests_ExactlyWhatFitsGranted()
    {
        var ledger = CreateLedger();

        var results = await RunConcurrently(() => ReserveOnAgreementAsync(ledger,
            "urn:agreement:delta", new PrivacyBudget(0.01, 1e-7), new PrivacyBudget(10, 1e-6), Token));

        Assert.Equal(10, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal(ReservationOutcome.DeltaLimitExceeded, r.Outcome));
        var usage = await ledger.GetAsync("urn:agreement:delta", Token);
        Assert.Equal((0.1m, 0.000001m), (usage.Epsilon, usage.Delta));
    }

    [Fact]
    public async Task TryReserveUse_LimitReached_RefusalCarriesTheAmounts()
    {
        var ledger = CreateLedger();
        await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        var refused = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        Assert.False(refused.IsGranted);
        Assert.Equal((ReservationKind.Use, ReservationOutcome.UseLimitReached), (refused.Kind, refused.Outcome));
        Assert.Equal((1L, 1L, 1L), (refused.RequestedUses, refused.UseLimit, refused.Usage.Uses));
    }

    [Fact]
    public async Task TryReserveBudget_LimitExceeded_RefusalCarriesTheAmounts()
    {
        var ledger = CreateLedger();
        await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.75), new PrivacyBudget(1.0), Token);

        var refused = await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.5), new PrivacyBudget(1.0), Token);

        Assert.Equal(ReservationOutcome.EpsilonLimitExceeded, refused.Outcome);
        Assert.Equal((0.5m, 1.0m, 0.75m), (refused.RequestedEpsilon, refused.EpsilonLimit, refused.Usage.Epsilon));
    }

    [Fact]
    public async Task TryReserveBudget_ExactlyTheRemainder_Granted()
    {
        var ledger = CreateLedger();
        await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.1), new PrivacyBudget(0.3), Token);
        await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.2), new PrivacyBudget(0.3), Token);

        var last = await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0), new PrivacyBudget(0.3), Token);

        Assert.True(last.IsGranted);
        Assert.Equal(0.3m, last.Usage.Epsilon);
    }

    [Fact]
    public async Task TryReserveBudget_AmountBelowTheGrid_IsChargedNotFree()
    {
        var ledger = CreateLedger();

        var tiny = await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(1e-30), new PrivacyBudget(0), Token);

        Assert.Equal(ReservationOutcome.EpsilonLimitExceeded, tiny.Outcome);
        Assert.Equal(BudgetAmount.Quantum, tiny.RequestedEpsilon);
    }

    [Fact]
    public async Task TryReserveBudget_RequestJustAboveTheLimit_Refused()
    {
        var ledger = CreateLedger();
        var aboveOne = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + 1);

        var result = await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(aboveOne), new PrivacyBudget(1.0), Token);

        Assert.Equal(ReservationOutcome.EpsilonLimitExceeded, result.Outcome);
    }

    [Fact]
    public async Task Release_GrantedUse_ReturnsCapacity()
    {
        var ledger = CreateLedger();
        var first = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        var released = await ledger.ReleaseAsync(first, Token);
        var second = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        Assert.True(released);
        Assert.True(second.IsGranted);
        Assert.Equal(1, (await ledger.GetAsync("urn:agreement:a", Token)).Uses);
    }

    [Fact]
    public async Task Release_GrantedBudget_ReturnsCapacity()
    {
        var ledger = CreateLedger();
        var reservation = await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.6, 1e-6), new PrivacyBudget(1.0, 1e-6), Token);

        Assert.True(await ledger.ReleaseAsync(reservation, Token));

        Assert.Equal(new UsageSnapshot { AgreementId = "urn:agreement:a" }, await ledger.GetAsync("urn:agreement:a", Token));
    }

    [Fact]
    public async Task Release_Twice_ReturnsCapacityOnce()
    {
        var ledger = CreateLedger();
        await ledger.TryReserveUseAsync("urn:agreement:a", 5, Token);
        var reservation = await ledger.TryReserveUseAsync("urn:agreement:a", 5, Token);

        await ledger.ReleaseAsync(reservation, Token);
        var again = await ledger.ReleaseAsync(reservation, Token);

        Assert.False(again);
        Assert.Equal(1, (await ledger.GetAsync("urn:agreement:a", Token)).Uses);
    }

    [Fact]
    public async Task Release_AfterCommit_Refused()
    {
        var ledger = CreateLedger();
        var reservation = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        Assert.True(await ledger.CommitAsync(reservation, Token));
        var released = await ledger.ReleaseAsync(reservation, Token);

        Assert.False(released);
        Assert.Equal(1, (await ledger.GetAsync("urn:agreement:a", Token)).Uses);
    }

    [Fact]
    public async Task Release_ConcurrentWithReservations_NeverExceedsTheLimitAndReturnsAll()
    {
        var ledger = CreateLedger();

        var results = await RunConcurrently(async () =>
        {
            var reservation = await ledger.TryReserveUseAsync("urn:agreement:churn", 4, Token);
            if (reservation.IsGranted)
            {
                Assert.InRange((await ledger.GetAsync("urn:agreement:churn", Token)).Uses, 1, 4);
                Assert.True(await ledger.ReleaseAsync(reservation, Token));
            }

            return reservation;
        });

        Assert.Contains(results, r => r.IsGranted);
        Assert.All(results, r => Assert.InRange(r.Usage.Uses, 0, 4));
        Assert.Equal(0, (await ledger.GetAsync("urn:agreement:churn", Token)).Uses);
    }

    [Fact]
    public async Task Commit_RefusedOrTwice_Refused()
    {
        var ledger = CreateLedger();
        var granted = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);
        var refused = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        Assert.True(await ledger.CommitAsync(granted, Token));
        Assert.False(await ledger.CommitAsync(granted, Token));
        Assert.False(await ledger.CommitAsync(refused, Token));
    }

    [Fact]
    public async Task Release_RefusedReservation_ChangesNothing()
    {
        var ledger = CreateLedger();
        await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);
        var refused = await ledger.TryReserveUseAsync("urn:agreement:a", 1, Token);

        var released = await ledger.ReleaseAsync(refused, Token);

        Assert.False(released);
        Assert.Equal(1, (await ledger.GetAsync("urn:agreement:a", Token)).Uses);
    }

    [Fact]
    public async Task Get_UnknownAgreement_IsAllZero()
    {
        var ledger = CreateLedger();

        var usage = await ledger.GetAsync("urn:agreement:never", Token);

        Assert.Equal(new UsageSnapshot { AgreementId = "urn:agreement:never" }, usage);
    }

    [Fact]
    public async Task Get_SeparateAgreements_AreCountedApart()
    {
        var ledger = CreateLedger();
        await ledger.TryReserveUseAsync("urn:agreement:a", 5, Token);
        await ledger.TryReserveUseAsync("urn:agreement:a", 5, Token);
        await ReserveOnAgreementAsync(ledger, "urn:agreement:b", new PrivacyBudget(0.5), new PrivacyBudget(1), Token);

        var a = await ledger.GetAsync("urn:agreement:a", Token);
        var b = await ledger.GetAsync("urn:agreement:b", Token);

        Assert.Equal((2L, 0m), (a.Uses, a.Epsilon));
        Assert.Equal((0L, 0.5m), (b.Uses, b.Epsilon));
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(-0.1, 0)]
    [InlineData(0.1, double.NaN)]
    [InlineData(0.1, -1e-9)]
    [InlineData(0.1, double.NegativeInfinity)]
    [InlineData(2e9, 0)]
    public async Task TryReserveBudget_BadRequest_Throws(double epsilon, double delta)
    {
        var ledger = CreateLedger();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(epsilon, delta), new PrivacyBudget(1, 1e-6), Token));
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(double.PositiveInfinity, 0)]
    [InlineData(-1, 0)]
    [InlineData(1, double.NaN)]
    [InlineData(1, -1e-6)]
    public async Task TryReserveBudget_BadLimit_Throws(double epsilon, double delta)
    {
        var ledger = CreateLedger();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await ReserveOnAgreementAsync(ledger, "urn:agreement:a", new PrivacyBudget(0.1), new PrivacyBudget(epsilon, delta), Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task TryReserve_EmptyAgreementId_Throws(string agreementId)
    {
        var ledger = CreateLedger();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.TryReserveUseAsync(agreementId, 1, Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await ReserveOnAgreementAsync(ledger, agreementId, new PrivacyBudget(0.1), new PrivacyBudget(1), Token));
    }

    [Fact]
    public async Task TryReserveUse_NegativeLimit_Throws()
    {
        var ledger = CreateLedger();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.TryReserveUseAsync("urn:agreement:a", -1, Token));
    }

    [Fact]
    public async Task TryReserveBudget_64ConcurrentOnTwoAgreementsOfOneDataUser_NeverExceedTheDataUserLimit()
    {
        var ledger = CreateLedger();
        var period = BudgetAccountKey.DatasetPeriod(ContractDataset, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var user = BudgetAccountKey.DataUser(ContractDataset, "urn:party:bank");

        var results = await RunConcurrently(i => ledger.TryReserveBudgetAsync(i % 2 == 0 ? "urn:agreement:first" : "urn:agreement:second", new PrivacyBudget(0.1),
        [
            new BudgetAccountLimit(BudgetAccountKey.Agreement(ContractDataset, i % 2 == 0 ? "urn:agreement:first" : "urn:agreement:second"), new PrivacyBudget(10)),
            new BudgetAccountLimit(user, new PrivacyBudget(1.0)),
            new BudgetAccountLimit(period, new PrivacyBudget(100)),
        ], Token));

        Assert.Equal(10, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal(user, r.RefusedBy));
        var balances = await ledger.GetBudgetAsync([user, period, BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:first"), BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:second")], Token);
        Assert.Equal((1.0m, 1.0m), (balances[0].Epsilon, balances[1].Epsilon));
        Assert.Equal(1.0m, balances[2].Epsilon + balances[3].Epsilon);
        Assert.All(results, r => Assert.All(r.Accounts, a => Assert.InRange(a.Epsilon, 0m, a.EpsilonLimit)));
    }

    [Fact]
    public async Task TryReserveBudget_64ConcurrentColludingDataUsers_ShareTheDatasetTotal()
    {
        var ledger = CreateLedger();
        var period = BudgetAccountKey.DatasetPeriod(ContractDataset, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var results = await RunConcurrently(i => ledger.TryReserveBudgetAsync($"urn:agreement:{i % 8}", new PrivacyBudget(0.25),
        [
            new BudgetAccountLimit(BudgetAccountKey.Agreement(ContractDataset, $"urn:agreement:{i % 8}"), new PrivacyBudget(10)),
            new BudgetAccountLimit(BudgetAccountKey.DataUser(ContractDataset, $"urn:party:user-{i % 8}"), new PrivacyBudget(10)),
            new BudgetAccountLimit(period, new PrivacyBudget(2.0)),
        ], Token));

        Assert.Equal(8, results.Count(r => r.IsGranted));
        Assert.All(results.Where(r => !r.IsGranted), r => Assert.Equal((period, ReservationOutcome.EpsilonLimitExceeded), (r.RefusedBy, r.Outcome)));
        Assert.Equal(2.0m, (await ledger.GetBudgetAsync([period], Token))[0].Epsilon);
    }

    [Fact]
    public async Task TryReserveBudget_OneAccountFull_RefusedNamingItAndNothingCharged()
    {
        var ledger = CreateLedger();
        var user = BudgetAccountKey.DataUser(ContractDataset, "urn:party:bank");
        var first = BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:first");
        var second = BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:second");
        await ledger.TryReserveBudgetAsync("urn:agreement:first", new PrivacyBudget(0.8),
            [new(first, new PrivacyBudget(1)), new(user, new PrivacyBudget(1))], Token);

        var refused = await ledger.TryReserveBudgetAsync("urn:agreement:second", new PrivacyBudget(0.8),
            [new(second, new PrivacyBudget(1)), new(user, new PrivacyBudget(1))], Token);

        Assert.Equal((ReservationOutcome.EpsilonLimitExceeded, user), (refused.Outcome, refused.RefusedBy));
        Assert.Equal((0.8m, 1m), (refused.Accounts.Single(a => a.Account == user).Epsilon, refused.EpsilonLimit));
        var balances = await ledger.GetBudgetAsync([second, user], Token);
        Assert.Equal((0m, 0.8m), (balances[0].Epsilon, balances[1].Epsilon));
        Assert.Equal(0m, (await ledger.GetAsync("urn:agreement:second", Token)).Epsilon);
    }

    [Fact]
    public async Task Release_MultiAccountReservation_ReturnsTheAmountToEveryAccount()
    {
        var ledger = CreateLedger();
        BudgetAccountKey[] accounts = [BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:a"), BudgetAccountKey.DataUser(ContractDataset, "urn:party:bank"),
            BudgetAccountKey.DatasetPeriod(ContractDataset, DateTimeOffset.UnixEpoch)];
        await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.25, 1e-7), [.. accounts.Select(a => new BudgetAccountLimit(a, new PrivacyBudget(1, 1e-6)))], Token);
        var reservation = await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.5, 1e-7),
            [.. accounts.Select(a => new BudgetAccountLimit(a, new PrivacyBudget(1, 1e-6)))], Token);

        Assert.True(await ledger.ReleaseAsync(reservation, Token));
        Assert.False(await ledger.ReleaseAsync(reservation, Token));

        Assert.All(await ledger.GetBudgetAsync(accounts, Token), b => Assert.Equal((0.25m, 0.0000001m), (b.Epsilon, b.Delta)));
    }

    [Fact]
    public async Task Commit_MultiAccountReservation_CannotBeReturned()
    {
        var ledger = CreateLedger();
        var user = BudgetAccountKey.DataUser(ContractDataset, "urn:party:bank");
        var reservation = await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.5),
            [new(BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:a"), new PrivacyBudget(1)), new(user, new PrivacyBudget(1))], Token);

        Assert.True(await ledger.CommitAsync(reservation, Token));

        Assert.False(await ledger.ReleaseAsync(reservation, Token));
        Assert.Equal(0.5m, (await ledger.GetBudgetAsync([user], Token))[0].Epsilon);
    }

    [Fact]
    public async Task ListBudget_ChargedAccountsOfTheDatasetInKeyOrderWithTheirLimits()
    {
        var ledger = CreateLedger();
        await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.5),
        [
            new(BudgetAccountKey.DataUser(ContractDataset, "urn:party:bank"), new PrivacyBudget(2)),
            new(BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:a"), new PrivacyBudget(1)),
        ], Token);
        await ledger.TryReserveBudgetAsync("urn:agreement:other", new PrivacyBudget(0.5),
            [new(BudgetAccountKey.Agreement("urn:dataset:other", "urn:agreement:other"), new PrivacyBudget(1))], Token);

        var listed = await ledger.ListBudgetAsync(ContractDataset, Token);

        Assert.Equal(["agreement/urn:agreement:a", "dataset/urn:dataset:contract/user/urn:party:bank"], listed.Select(a => a.Account.ToString()));
        Assert.Equal([(0.5m, 1m), (0.5m, 2m)], listed.Select(a => (a.Epsilon, a.EpsilonLimit)));
        Assert.Equal(BudgetAccountKind.DataUser, listed[1].Account.Kind);
    }

    [Fact]
    public async Task GetBudget_AccountNeverCharged_IsZero()
    {
        var ledger = CreateLedger();
        var account = BudgetAccountKey.DataUser(ContractDataset, "urn:party:never");

        var balance = Assert.Single(await ledger.GetBudgetAsync([account], Token));

        Assert.Equal(new BudgetAccountBalance { Account = account }, balance);
    }

    [Fact]
    public async Task TryReserveBudget_NoAccountOrOneNamedTwice_Throws()
    {
        var ledger = CreateLedger();
        var account = new BudgetAccountLimit(BudgetAccountKey.Agreement(ContractDataset, "urn:agreement:a"), new PrivacyBudget(1));

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.1), [], Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await ledger.TryReserveBudgetAsync("urn:agreement:a", new PrivacyBudget(0.1), [account, account with { Limit = new PrivacyBudget(2) }], Token));
    }

    /// <summary>A budget reservation on the agreement's own account only (dataset <c>urn:dataset:contract</c>).</summary>
    public static ValueTask<Reservation> ReserveOnAgreementAsync(
        IUsageLedger ledger, string agreementId, PrivacyBudget requested, PrivacyBudget limit, CancellationToken cancellationToken) =>
        ledger.TryReserveBudgetAsync(agreementId, requested, [new BudgetAccountLimit(BudgetAccountKey.Agreement(ContractDataset, agreementId), limit)], cancellationToken);

    /// <summary>Starts 64 requests on the thread pool behind one gate, so they reach the ledger together.</summary>
    private static Task<Reservation[]> RunConcurrently(Func<ValueTask<Reservation>> request) => RunConcurrently(_ => request());

    /// <summary>As above, each request given its number (0 to 63).</summary>
    private static async Task<Reservation[]> RunConcurrently(Func<int, ValueTask<Reservation>> request)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Concurrency)
            .Select(i => Task.Run(async () =>
            {
                await gate.Task;
                return await request(i);
            }))
            .ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
