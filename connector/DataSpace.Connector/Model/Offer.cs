namespace DataSpace.Connector.Model;

/// <summary>An ODRL policy attached to a dataset (flow 2, "Offer").</summary>
public sealed record Offer
{
    public required string Id { get; init; }

    public required string DatasetId { get; init; }

    /// <summary>The ODRL policy as the supplier wrote it (JSON-LD).</summary>
    public required string PolicyJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the supplier withdrew the offer; null while it stands.</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }
}
