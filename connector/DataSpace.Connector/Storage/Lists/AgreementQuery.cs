namespace DataSpace.Connector.Storage;

/// <summary>One page of agreements by id after <see cref="After"/>, passing every filter given (docs/connector-service.md, "Lists").</summary>
public sealed record AgreementQuery
{
    public required int Limit { get; init; }

    /// <summary>The id of the last agreement of the previous page, or null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Only this operator's agreements: an operator's own view, or the supplier's filter.</summary>
    public string? OperatorId { get; init; }

    public string? DatasetId { get; init; }

    /// <summary>Where the agreements stand at <see cref="Now"/>.</summary>
    public AgreementStanding? Standing { get; init; }

    /// <summary>The time <see cref="Standing"/> is judged at.</summary>
    public DateTimeOffset Now { get; init; }
}
