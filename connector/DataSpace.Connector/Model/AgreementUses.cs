namespace DataSpace.Connector.Model;

/// <summary>
/// How often an agreement has been used and how often it may be (<c>GET /api/v1/agreements/{id}/usage</c>): the runs the
/// usage ledger counted against it and the bound its policy's <c>count</c> constraints set (ODRL 2.2 §"count").
/// </summary>
public sealed record AgreementUses
{
    public required string AgreementId { get; init; }

    public required string DatasetId { get; init; }

    /// <summary>The operator holding the agreement.</summary>
    public required string OperatorId { get; init; }

    /// <summary>Runs counted against the agreement (reserved and not returned: a run the connector gave back is not counted).</summary>
    public long Uses { get; init; }

    /// <summary>The most uses the agreement's policy permits (<see cref="Jobs.UseLimit"/>); null when it sets no bound.</summary>
    public long? UseLimit { get; init; }
}
