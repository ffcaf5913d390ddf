namespace DataSpace.Connector.Storage;

/// <summary>One page of offers by id after <see cref="After"/>, of one dataset or all.</summary>
public sealed record OfferQuery
{
    public required int Limit { get; init; }

    public string? After { get; init; }

    public string? DatasetId { get; init; }

    /// <summary>Leave out withdrawn offers (what the catalogue shows every party).</summary>
    public bool StandingOnly { get; init; }
}
