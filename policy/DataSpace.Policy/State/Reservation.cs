namespace DataSpace.Policy.State;

/// <summary>
/// The result of asking an <see cref="IUsageLedger"/> for a use or for budget: granted or not, with the amounts
/// requested, the limits applied and the agreement's usage after the decision, so a refusal can explain itself.
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

    /// <summary>The epsilon limit applied, rounded down to the grid (<see cref="BudgetAmount.ToLimit"/>).</summary>
    public decimal EpsilonLimit { get; init; }

    /// <summary>The delta limit applied, rounded down to the grid.</summary>
    public decimal DeltaLimit { get; init; }

    /// <summary>The agreement's usage right after the decision (including this reservation when granted).</summary>
    public required UsageSnapshot Usage { get; init; }
}
