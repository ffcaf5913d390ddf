namespace DataSpace.Connector.Model;

/// <summary>An agreement signed by the supplier and an operator on an offer (flow 3, "Agree").</summary>
public sealed record Agreement
{
    public required string Id { get; init; }

    public required string OfferId { get; init; }

    public required string DatasetId { get; init; }

    /// <summary>The operator party holding the agreement.</summary>
    public required string OperatorId { get; init; }

    public required string Purpose { get; init; }

    /// <summary>The agreement policy (ODRL Agreement) computed from the offer for this operator, purpose and validity.</summary>
    public required string PolicyJson { get; init; }

    public required DateTimeOffset ValidFrom { get; init; }

    public required DateTimeOffset ValidUntil { get; init; }

    /// <summary>The supplier's signature over the agreement, base64.</summary>
    public required string SupplierSignature { get; init; }

    /// <summary>The operator's signature over the agreement, base64.</summary>
    public required string OperatorSignature { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the supplier revoked the agreement; null while it stands.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
