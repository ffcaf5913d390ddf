namespace DataSpace.Policy.State;

/// <summary>An agreement's usage at one moment: reserved uses and spent budget, including open reservations.</summary>
public sealed record UsageSnapshot
{
    public required string AgreementId { get; init; }

    /// <summary>Uses reserved and not released.</summary>
    public long Uses { get; init; }

    /// <summary>Epsilon reserved and not released, a multiple of <see cref="BudgetAmount.Quantum"/>.</summary>
    public decimal Epsilon { get; init; }

    /// <summary>Delta reserved and not released, a multiple of <see cref="BudgetAmount.Quantum"/>.</summary>
    public decimal Delta { get; init; }
}
