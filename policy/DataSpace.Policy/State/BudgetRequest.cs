namespace DataSpace.Policy.State;

/// <summary>
/// A budget reservation checked and converted to the ledger's grid by <see cref="BudgetDecision.Prepare"/>: the amount
/// rounded up, each account's limit rounded down, the accounts in key order (the order a ledger locks them in).
/// </summary>
public sealed record BudgetRequest
{
    public required string AgreementId { get; init; }

    public required decimal Epsilon { get; init; }

    public required decimal Delta { get; init; }

    /// <summary>The accounts with their limits (spent amounts zero), ordered by key.</summary>
    public required IReadOnlyList<BudgetAccountBalance> Accounts { get; init; }
}
