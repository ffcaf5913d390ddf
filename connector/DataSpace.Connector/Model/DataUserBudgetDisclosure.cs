namespace DataSpace.Connector.Model;

/// <summary>The privacy budget one data user has spent on a dataset over all its agreements, for the disclosure report.</summary>
public sealed record DataUserBudgetDisclosure
{
    public required string DataUserId { get; init; }

    public decimal Epsilon { get; init; }

    public decimal Delta { get; init; }
}
