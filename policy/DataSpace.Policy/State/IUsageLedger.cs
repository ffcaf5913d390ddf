namespace DataSpace.Policy.State;

/// <summary>
/// The state of an agreement that must not be double-spent: how many times it has been used and how much
/// differential-privacy budget (epsilon, delta) has been spent. Every implementation reserves atomically per
/// agreement: under any number of concurrent requests against a limit of N uses, exactly N are granted, and
/// budget reservations never together exceed the limit (docs/policy-profile.md, "Usage state").
/// </summary>
/// <remarks>
/// A reservation is taken before a job runs. If the job is refused or fails before anything it produced is
/// released to the recipient, the caller returns the reservation with <see cref="ReleaseAsync"/>; once any output
/// has been released, the caller seals it with <see cref="CommitAsync"/> and it can no longer be returned.
/// "Not enough" is a value (<see cref="Reservation.Outcome"/>), never an exception; exceptions are for bad
/// arguments (<see cref="ArgumentException"/>) and cancellation.
/// </remarks>
public interface IUsageLedger
{
    /// <summary>Reserves one use of the agreement: granted if and only if fewer than <paramref name="limit"/> uses are reserved.</summary>
    /// <exception cref="ArgumentException">The agreement id is empty or <paramref name="limit"/> is negative.</exception>
    public ValueTask<Reservation> TryReserveUseAsync(string agreementId, long limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves privacy budget: granted if and only if spent + requested stays within the limit, for epsilon and
    /// for delta alike. Amounts are accounted as <see cref="decimal"/>s on a grid of <see cref="BudgetAmount.Quantum"/>;
    /// requests round up and limits round down, so rounding never grants budget (<see cref="BudgetAmount"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The agreement id is empty, or an amount is NaN, infinite, negative or above <see cref="BudgetAmount.Max"/>.
    /// </exception>
    public ValueTask<Reservation> TryReserveBudgetAsync(
        string agreementId, PrivacyBudget requested, PrivacyBudget limit, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a granted reservation that was not used: the job was refused or failed before any output was released.
    /// Returns false (and changes nothing) for a refused, committed, already released or unknown reservation.
    /// </summary>
    public ValueTask<bool> ReleaseAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>
    /// Seals a granted reservation once output has been released, so it can never be returned.
    /// Returns false for a refused, committed, released or unknown reservation.
    /// </summary>
    public ValueTask<bool> CommitAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>The agreement's current usage; all zero for an agreement never seen.</summary>
    public ValueTask<UsageSnapshot> GetAsync(string agreementId, CancellationToken cancellationToken);
}
