namespace DataSpace.Connector.Settlement;

/// <summary>A stored settlement statement: one agreement's closed period (docs/metering.md, "Settlement statement").</summary>
public sealed record ClosedSettlement
{
    /// <summary>The period, <c>yyyy-MM</c> (UTC+8).</summary>
    public required string Period { get; init; }

    public required string AgreementId { get; init; }

    /// <summary>The agreement's dataset (read with the agreement; not stored twice).</summary>
    public string? DatasetId { get; init; }

    /// <summary>The agreement's operator (read with the agreement; not stored twice).</summary>
    public string? OperatorId { get; init; }

    /// <summary>The signed statement's canonical JSON; null in lists.</summary>
    public string? StatementJson { get; init; }

    /// <summary>The statement's digest, as the <c>settlement.close</c> entry names it.</summary>
    public required string Digest { get; init; }

    public required long RunCount { get; init; }

    public required long ChargedFen { get; init; }

    public required long SupplierFen { get; init; }

    public required long OperatorFen { get; init; }

    /// <summary>The index of the <c>settlement.close</c> entry in the log.</summary>
    public required long LogIndex { get; init; }

    public required DateTimeOffset ClosedAt { get; init; }
}
