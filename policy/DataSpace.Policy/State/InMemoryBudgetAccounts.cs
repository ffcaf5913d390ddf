namespace DataSpace.Policy.State;

/// <summary>
/// Privacy-budget accounts in memory. A reservation may charge several accounts, so every decision, release and read
/// happens under one lock: check and charge of all accounts are one atomic step.
/// </summary>
internal sealed class InMemoryBudgetAccounts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, BudgetAccountBalance> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Reservation> _open = [];

    public Reservation TryReserve(BudgetRequest request, Func<long> agreementUses)
    {
        lock (_lock)
        {
            var spent = request.Accounts.Select(a => Balance(a.Account)).ToArray();
            var reservation = BudgetDecision.Decide(request, spent, agreementUses());
            if (reservation.IsGranted)
            {
                foreach (var account in reservation.Accounts)
                {
                    _accounts[account.Account.ToString()] = account;
                }

                _open.Add(reservation.Id, reservation);
            }

            return reservation;
        }
    }

    public bool Release(Reservation reservation)
    {
        lock (_lock)
        {
            if (!_open.Remove(reservation.Id, out var held))
            {
                return false;
            }

            foreach (var account in held.Accounts)
            {
                var key = account.Account.ToString();
                var balance = _accounts[key];
                _accounts[key] = balance with { Epsilon = balance.Epsilon - held.RequestedEpsilon, Delta = balance.Delta - held.RequestedDelta };
            }

            return true;
        }
    }

    public bool Commit(Reservation reservation)
    {
        lock (_lock)
        {
            return _open.Remove(reservation.Id);
        }
    }

    public BudgetAccountBalance[] Get(IReadOnlyList<BudgetAccountKey> accounts)
    {
        lock (_lock)
        {
            return [.. accounts.Select(Balance)];
        }
    }

    public BudgetAccountBalance[] List(string datasetId)
    {
        lock (_lock)
        {
            return [.. _accounts.Values.Where(a => a.Account.DatasetId == datasetId).OrderBy(a => a.Account.ToString(), StringComparer.Ordinal)];
        }
    }

    /// <summary>The agreement's account, if it was ever charged.</summary>
    public BudgetAccountBalance? Agreement(string agreementId)
    {
        lock (_lock)
        {
            return _accounts.GetValueOrDefault("agreement/" + agreementId);
        }
    }

    private BudgetAccountBalance Balance(BudgetAccountKey account) =>
        _accounts.TryGetValue(account.ToString(), out var balance) ? balance : new BudgetAccountBalance { Account = account };
}
