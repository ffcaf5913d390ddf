namespace DataSpace.Connector.Model;

/// <summary>One agreement as the disclosure report shows it: who holds it, for what, until when.</summary>
public sealed record AgreementDisclosure
{
    public required string AgreementId { get; init; }

    public required string OperatorId { get; init; }

    public required string OperatorName { get; init; }

    public required string Purpose { get; init; }

    public required DateTimeOffset ValidUntil { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
