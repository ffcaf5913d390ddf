namespace DataSpace.Policy.State;

/// <summary>
/// One privacy-budget account at one moment: what is spent (reserved and not returned; multiples of
/// <see cref="BudgetAmount.Quantum"/>) and the limit applied (by the decision that produced this balance, or, read back
/// from a ledger, by the account's last granted charge; zero for an account never charged).
/// </summary>
public sealed record BudgetAccountBalance
{
    public required BudgetAccountKey Account { get; init; }

    public decimal Epsilon { get; init; }

    public decimal Delta { get; init; }

    public decimal EpsilonLimit { get; init; }

    public decimal DeltaLimit { get; init; }
}
