using System.Collections.Concurrent;

namespace DataSpace.Policy.State;

/// <summary>
/// An <see cref="IUsageLedger"/> held in memory, lost on restart: uses atomic per agreement (one lock each), budget
/// atomic over all accounts (one lock, since a reservation charges several).
/// For tests and single-process use; the connector persists usage with its own implementations of the interface.
/// </summary>
internal sealed class InMemoryUsageLedger : IUsageLedger
{
    private readonly ConcurrentDictionary<string, AgreementUsage> _agreements = new(StringComparer.Ordinal);
    private readonly InMemoryBudgetAccounts _budget = new();

    public ValueTask<Reservation> TryReserveUseAsync(string agreementId, long limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(Agreement(agreementId).TryReserveUse(limit));
    }

    public ValueTask<Reservation> TryReserveBudgetAsync(
        string agreementId, PrivacyBudget requested, IReadOnlyList<BudgetAccountLimit> accounts, CancellationToken cancellationToken)
    {
        var request = BudgetDecision.Prepare(agreementId, requested, accounts);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(_budget.TryReserve(request, () => _agreements.TryGetValue(agreementId, out var usage) ? usage.Get().Uses : 0));
    }

    public ValueTask<IReadOnlyList<BudgetAccountBalance>> GetBudgetAsync(IReadOnlyList<BudgetAccountKey> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult<IReadOnlyList<BudgetAccountBalance>>(_budget.Get(accounts));
    }

    public ValueTask<IReadOnlyList<BudgetAccountBalance>> ListBudgetAsync(string datasetId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetId);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult<IReadOnlyList<BudgetAccountBalance>>(_budget.List(datasetId));
    }

    public ValueTask<bool> ReleaseAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(reservation.Kind == ReservationKind.Budget
            ? _budget.Release(reservation)
            : _agreements.TryGetValue(reservation.AgreementId, out var usage) && usage.Release(reservation));
    }

    public ValueTask<bool> CommitAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(reservation.Kind == ReservationKind.Budget
            ? _budget.Commit(reservation)
            : _agreements.TryGetValue(reservation.AgreementId, out var usage) && usage.Commit(reservation));
    }

    public ValueTask<UsageSnapshot> GetAsync(string agreementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        cancellationToken.ThrowIfCancellationRequested();

        var uses = _agreements.TryGetValue(agreementId, out var usage) ? usage.Get().Uses : 0;
        var budget = _budget.Agreement(agreementId);
        return ValueTask.FromResult(new UsageSnapshot { AgreementId = agreementId, Uses = uses, Epsilon = budget?.Epsilon ?? 0, Delta = budget?.Delta ?? 0 });
    }

    private AgreementUsage Agreement(string agreementId) =>
        _agreements.GetOrAdd(agreementId, static id => new AgreementUsage(id));
}
