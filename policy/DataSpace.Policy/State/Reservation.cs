namespace DataSpace.Policy.State;

/// <summary>
/// The result of asking an <see cref="IUsageLedger"/> for a use or for budget: granted or not, with the amounts
/// requested, the limits applied and the agreement's usage after the decision, so a refusal can explain itself. A budget
/// reservation also lists every account it charges (<see cref="Accounts"/>) and, when refused, the one that said no.
/// </summary>
public sealed record Reservation
{
    /// <summary>Identifies a granted reservation for <see cref="IUsageLedger.ReleaseAsync"/> and <see cref="IUsageLedger.CommitAsync"/>.</summary>
    public Guid Id { get; init; }

    public required string AgreementId { get; init; }

    public ReservationKind Kind { get; init; }

    public ReservationOutcome Outcome { get; init; }

    public bool IsGranted => Outcome == ReservationOutcome.Granted;

    /// <summary>Uses requested: 1 for a use reservation, 0 for budget.</summary>
    public long RequestedUses { get; init; }

    /// <summary>The use limit applied; 0 for a budget reservation.</summary>
    public long UseLimit { get; init; }

    /// <summary>Epsilon requested, rounded up to the grid (<see cref="BudgetAmount.ToRequest"/>).</summary>
    public decimal RequestedEpsilon { get; init; }

    /// <summary>Delta requested, rounded up to the grid.</summary>
    public decimal RequestedDelta { get; init; }

    /// <summary>
    /// The epsilon limit applied, rounded down to the grid (<see cref="BudgetAmount.ToLimit"/>): for a budget reservation,
    /// that of the refusing account, or of the first account (in key order) when granted.
    /// </summary>
    public decimal EpsilonLimit { get; init; }

    /// <summary>The delta limit applied, rounded down to the grid.</summary>
    public decimal DeltaLimit { get; init; }

    /// <summary>
    /// The agreement's usage right after the decision (including this reservation when granted); for a budget
    /// reservation its epsilon and delta are the agreement's account's, zero when that account is not charged.
    /// </summary>
    public required UsageSnapshot Usage { get; init; }

    /// <summary>
    /// For a budget reservation, every account it charges (granted) or was checked against (refused), in key order, each
    /// with its spent amount right after the decision and the limit applied; empty for a use.
    /// </summary>
    public IReadOnlyList<BudgetAccountBalance> Accounts { get; init; } = [];

    /// <summary>The account whose limit refused a budget reservation; null when granted, and for a use.</summary>
    public BudgetAccountKey? RefusedBy { get; init; }
}
