namespace DataSpace.Connector.Model;

/// <summary>One privacy-budget account: what it is, what it has spent, and the limit applied by its last charge.</summary>
public sealed record BudgetAccountView
{
    /// <summary>The account's key: <c>agreement/ID</c>, <c>dataset/ID/user/ID</c> or <c>dataset/ID/period/START</c>.</summary>
    public required string Account { get; init; }

    /// <summary><c>agreement</c>, <c>data-user</c> or <c>dataset-period</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The agreement's id, the data user's id, or the period's start.</summary>
    public required string Subject { get; init; }

    /// <summary>Epsilon spent (reserved and not returned), exact.</summary>
    public decimal Epsilon { get; init; }

    public decimal Delta { get; init; }

    /// <summary>The epsilon limit applied by the account's last charge (0 for an account migrated and not charged since).</summary>
    public decimal EpsilonLimit { get; init; }

    public decimal DeltaLimit { get; init; }
}
