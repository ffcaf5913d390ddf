namespace DataSpace.Connector.Model;

/// <summary>The released result of a job (flow 7, "Deliver"): encrypted to the data user, with a signed receipt.</summary>
public sealed record JobResult
{
    public required string JobId { get; init; }

    /// <summary>The result encrypted to the data user (the crypto envelope's bytes).</summary>
    public required ReadOnlyMemory<byte> Envelope { get; init; }

    /// <summary>The signed receipt: job, module digest, agreement, dataset digests, output digest, log position and proof.</summary>
    public required string ReceiptJson { get; init; }

    public required string OutputDigest { get; init; }

    /// <summary>The index of the release entry in the signed log.</summary>
    public required long LogIndex { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
