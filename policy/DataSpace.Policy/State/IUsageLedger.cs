namespace DataSpace.Policy.State;

/// <summary>
/// The state that must not be double-spent: how many times each agreement has been used, and how much
/// differential-privacy budget (epsilon, delta) each budget account (<see cref="BudgetAccountKey"/>: an agreement, a
/// data user on a dataset, a dataset in a period) has spent. Every implementation reserves atomically: under any number
/// of concurrent requests against a limit of N uses, exactly N are granted, and budget reservations never together
/// exceed any account's limit (docs/policy-profile.md, "Usage state"; docs/privacy-budget.md).
/// </summary>
/// <remarks>
/// A reservation is taken before a job runs. If the job is refused before it reads any data, the caller returns the
/// reservation with <see cref="ReleaseAsync"/>; once it has read data (budget: whatever happens after) or released
/// output, the caller seals it with <see cref="CommitAsync"/> and it can no longer be returned. A released budget
/// reservation returns its amount to every account it charged.
/// "Not enough" is a value (<see cref="Reservation.Outcome"/>), never an exception; exceptions are for bad
/// arguments (<see cref="ArgumentException"/>) and cancellation.
/// </remarks>
public interface IUsageLedger
{
    /// <summary>Reserves one use of the agreement: granted if and only if fewer than <paramref name="limit"/> uses are reserved.</summary>
    /// <exception cref="ArgumentException">The agreement id is empty or <paramref name="limit"/> is negative.</exception>
    public ValueTask<Reservation> TryReserveUseAsync(string agreementId, long limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves privacy budget on several accounts at once (docs/privacy-budget.md): granted if and only if, on every
    /// account, spent + requested stays within that account's limit, for epsilon and for delta alike; then every account
    /// is charged in the same atomic step, so under any number of concurrent requests no account ever exceeds its limit.
    /// Amounts are accounted as <see cref="decimal"/>s on a grid of <see cref="BudgetAmount.Quantum"/>; requests round
    /// up and limits round down, so rounding never grants budget (<see cref="BudgetAmount"/>). The reservation belongs
    /// to <paramref name="agreementId"/> (the run's agreement), whatever accounts it charges.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The agreement id is empty, no account is named or one twice, or an amount is NaN, infinite, negative or above
    /// <see cref="BudgetAmount.Max"/>.
    /// </exception>
    public ValueTask<Reservation> TryReserveBudgetAsync(
        string agreementId, PrivacyBudget requested, IReadOnlyList<BudgetAccountLimit> accounts, CancellationToken cancellationToken);

    /// <summary>
    /// The accounts' balances, in the order asked: spent amounts (all zero for an account never charged) and the limits
    /// applied by each account's last granted charge.
    /// </summary>
    public ValueTask<IReadOnlyList<BudgetAccountBalance>> GetBudgetAsync(IReadOnlyList<BudgetAccountKey> accounts, CancellationToken cancellationToken);

    /// <summary>Every account of the dataset that was ever charged, ordered by key.</summary>
    public ValueTask<IReadOnlyList<BudgetAccountBalance>> ListBudgetAsync(string datasetId, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a granted reservation that was not used: the job was refused before it read any data.
    /// Returns false (and changes nothing) for a refused, committed, already released or unknown reservation.
    /// </summary>
    public ValueTask<bool> ReleaseAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>
    /// Seals a granted reservation once the run has read data or released output, so it can never be returned.
    /// Returns false for a refused, committed, released or unknown reservation.
    /// </summary>
    public ValueTask<bool> CommitAsync(Reservation reservation, CancellationToken cancellationToken);

    /// <summary>The agreement's current usage (its uses, and its budget account's spent amounts); all zero for an agreement never seen.</summary>
    public ValueTask<UsageSnapshot> GetAsync(string agreementId, CancellationToken cancellationToken);
}
