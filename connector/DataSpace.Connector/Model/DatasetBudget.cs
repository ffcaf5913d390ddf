namespace DataSpace.Connector.Model;

/// <summary>
/// One dataset's privacy budget as <c>GET /api/v1/budget</c> and <c>dsc budget</c> show it (docs/privacy-budget.md): the
/// configured limits and the accounts the caller may see, each with its spent amount and limit.
/// </summary>
public sealed record DatasetBudget
{
    public required string DatasetId { get; init; }

    /// <summary>The limits configured for this dataset (<c>Connector:Privacy</c>).</summary>
    public required BudgetLimits Limits { get; init; }

    /// <summary>The accounts the caller may see, ordered by key: suppliers and auditors all, a data user its own, an operator its agreements'.</summary>
    public required IReadOnlyList<BudgetAccountView> Accounts { get; init; }
}
