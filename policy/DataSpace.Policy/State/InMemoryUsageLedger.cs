using System.Collections.Concurrent;

namespace DataSpace.Policy.State;

/// <summary>
/// An <see cref="IUsageLedger"/> held in memory: atomic per agreement (one lock each), lost on restart.
/// For tests and single-process use; the connector persists usage with its own implementations of the interface.
/// </summary>
internal sealed class InMemoryUsageLedger : IUsageLedger
{
    private readonly ConcurrentDictionary<string, AgreementUsage> _agreements = new(StringComparer.Ordinal);

    public ValueTask<Reservation> TryReserveUseAsync(string agreementId, long limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(Agreement(agreementId).TryReserveUse(limit));
    }

    public ValueTask<Reservation> TryReserveBudgetAsync(
        string agreementId, PrivacyBudget requested, PrivacyBudget limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(limit);
        var epsilon = BudgetAmount.ToRequest(requested.Epsilon, nameof(requested));
        var delta = BudgetAmount.ToRequest(requested.Delta, nameof(requested));
        var epsilonLimit = BudgetAmount.ToLimit(limit.Epsilon, nameof(limit));
        var deltaLimit = BudgetAmount.ToLimit(limit.Delta, nameof(limit));
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(Agreement(agreementId).TryReserveBudget(epsilon, delta, epsilonLimit, deltaLimit));
    }

    public ValueTask<bool> ReleaseAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(_agreements.TryGetValue(reservation.AgreementId, out var usage) && usage.Release(reservation));
    }

    public ValueTask<bool> CommitAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(_agreements.TryGetValue(reservation.AgreementId, out var usage) && usage.Commit(reservation));
    }

    public ValueTask<UsageSnapshot> GetAsync(string agreementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        cancellationToken.ThrowIfCancellationRequested();

        return ValueTask.FromResult(_agreements.TryGetValue(agreementId, out var usage)
            ? usage.Get()
            : new UsageSnapshot { AgreementId = agreementId });
    }

    private AgreementUsage Agreement(string agreementId) =>
        _agreements.GetOrAdd(agreementId, static id => new AgreementUsage(id));
}
