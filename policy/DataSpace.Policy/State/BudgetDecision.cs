namespace DataSpace.Policy.State;

/// <summary>
/// The decision every <see cref="IUsageLedger"/> makes on a budget reservation, so that all implementations agree: the
/// reservation is granted if and only if, for every account, spent + requested stays within its limit, for epsilon and
/// for delta alike; then every account is charged the same amount in one atomic step.
/// </summary>
public static class BudgetDecision
{
    /// <summary>Checks and converts a request (<see cref="BudgetAmount"/>: requests round up, limits round down).</summary>
    /// <exception cref="ArgumentException">
    /// The agreement id is empty, no account is named, an account is named twice, or an amount is NaN, infinite,
    /// negative or above <see cref="BudgetAmount.Max"/>.
    /// </exception>
    public static BudgetRequest Prepare(string agreementId, PrivacyBudget requested, IReadOnlyList<BudgetAccountLimit> accounts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(accounts);
        if (accounts.Count == 0)
        {
            throw new ArgumentException("a budget reservation charges at least one account", nameof(accounts));
        }

        var epsilon = BudgetAmount.ToRequest(requested.Epsilon, nameof(requested));
        var delta = BudgetAmount.ToRequest(requested.Delta, nameof(requested));
        var limits = new SortedDictionary<string, BudgetAccountBalance>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account);
            ArgumentNullException.ThrowIfNull(account.Account);
            ArgumentNullException.ThrowIfNull(account.Limit);
            var balance = new BudgetAccountBalance
            {
                Account = account.Account,
                EpsilonLimit = BudgetAmount.ToLimit(account.Limit.Epsilon, nameof(accounts)),
                DeltaLimit = BudgetAmount.ToLimit(account.Limit.Delta, nameof(accounts)),
            };
            if (!limits.TryAdd(account.Account.ToString(), balance))
            {
                throw new ArgumentException($"account {account.Account} is named twice", nameof(accounts));
            }
        }

        return new BudgetRequest { AgreementId = agreementId, Epsilon = epsilon, Delta = delta, Accounts = [.. limits.Values] };
    }

    /// <summary>
    /// Decides on <paramref name="request"/> given each account's spent amount before it (<paramref name="spent"/>, in
    /// the order of <see cref="BudgetRequest.Accounts"/>); <paramref name="agreementUses"/> fills the snapshot.
    /// </summary>
    public static Reservation Decide(BudgetRequest request, IReadOnlyList<BudgetAccountBalance> spent, long agreementUses)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spent);
        if (spent.Count != request.Accounts.Count)
        {
            throw new ArgumentException("one spent amount per account", nameof(spent));
        }

        var outcome = ReservationOutcome.Granted;
        BudgetAccountBalance? refusedBy = null;
        for (var i = 0; i < spent.Count && refusedBy is null; i++)
        {
            var limit = request.Accounts[i];
            outcome = spent[i].Epsilon + request.Epsilon > limit.EpsilonLimit ? ReservationOutcome.EpsilonLimitExceeded
                : spent[i].Delta + request.Delta > limit.DeltaLimit ? ReservationOutcome.DeltaLimitExceeded
                : ReservationOutcome.Granted;
            refusedBy = outcome == ReservationOutcome.Granted ? null : limit;
        }

        var granted = refusedBy is null;
        var after = new BudgetAccountBalance[spent.Count];
        for (var i = 0; i < after.Length; i++)
        {
            after[i] = request.Accounts[i] with
            {
                Epsilon = spent[i].Epsilon + (granted ? request.Epsilon : 0),
                Delta = spent[i].Delta + (granted ? request.Delta : 0),
            };
        }

        var shown = refusedBy ?? request.Accounts[0];
        var agreement = Array.Find(after, a => a.Account.Kind == BudgetAccountKind.Agreement && a.Account.Subject == request.AgreementId);
        return new Reservation
        {
            Id = Guid.NewGuid(),
            AgreementId = request.AgreementId,
            Kind = ReservationKind.Budget,
            Outcome = outcome,
            RequestedEpsilon = request.Epsilon,
            RequestedDelta = request.Delta,
            EpsilonLimit = shown.EpsilonLimit,
            DeltaLimit = shown.DeltaLimit,
            Accounts = after,
            RefusedBy = refusedBy?.Account,
            Usage = new UsageSnapshot
            {
                AgreementId = request.AgreementId,
                Uses = agreementUses,
                Epsilon = agreement?.Epsilon ?? 0,
                Delta = agreement?.Delta ?? 0,
            },
        };
    }
}
