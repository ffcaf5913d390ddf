namespace DataSpace.Connector.Federation;

/// <summary>
/// A connector's part in one federated job (docs/federation.md): the job it runs for it, the operator's signed
/// request, whether this connector aggregates, the participants' signed key set once the operator brought it, and
/// why the federation was aborted, if it was.
/// </summary>
public sealed record FederationRecord
{
    public required string FederationId { get; init; }

    public required string JobId { get; init; }

    /// <summary>The operator's signed request (<see cref="FederationRequest.Type"/>), canonical JSON.</summary>
    public required string RequestJson { get; init; }

    public required bool IsAggregator { get; init; }

    /// <summary>The participants' signed key statements, a JSON array; null until the operator brings them.</summary>
    public string? KeysJson { get; init; }

    /// <summary>Why the federation was aborted; null while it stands.</summary>
    public string? AbortedReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A participant's signed masked vector, as the aggregator received it.</summary>
public sealed record FederationVector
{
    public required string FederationId { get; init; }

    /// <summary>The participant connector's key id.</summary>
    public required string Participant { get; init; }

    /// <summary>The participant's signed statement (<see cref="FederationMessages.VectorType"/>), canonical JSON.</summary>
    public required string StatementJson { get; init; }

    /// <summary>The masked vector's digest (<c>SecureAggregation.DigestOf</c>).</summary>
    public required string Digest { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
