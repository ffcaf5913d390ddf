using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>
/// One page of jobs in submission order, <c>(submitted_at, id)</c> (docs/connector-service.md, "Lists"): the jobs after
/// <see cref="After"/> that pass every filter given (null filters pass all), at most <see cref="Limit"/>.
/// </summary>
public sealed record JobQuery
{
    /// <summary>How many jobs at most (1 or more).</summary>
    public required int Limit { get; init; }

    /// <summary>The sort key of the last job of the previous page (keyset pagination), or null for the first page.</summary>
    public (DateTimeOffset SubmittedAt, string Id)? After { get; init; }

    /// <summary>
    /// The party the list is for when it may see only its own jobs (those it operates or receives results of); null for a
    /// caller that sees every job (the supplier and auditors). Applied in the query, so no page is ever padded with or
    /// cut short by jobs the caller may not see.
    /// </summary>
    public string? VisibleTo { get; init; }

    public JobState? State { get; init; }

    public string? OperatorId { get; init; }

    public string? AgreementId { get; init; }

    /// <summary>Jobs under an agreement on this dataset.</summary>
    public string? DatasetId { get; init; }
}
