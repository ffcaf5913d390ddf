namespace DataSpace.Connector.Storage;

/// <summary>
/// What a job state transition writes besides the state. A null property leaves the column as it is; there is no way
/// to clear a column, since nothing in the job's life needs one cleared.
/// </summary>
public sealed record JobChanges
{
    public static JobChanges None { get; } = new();

    public string? Reason { get; init; }

    public string? ApprovalSignature { get; init; }

    /// <summary>The runner (replica) starting the job; recorded so that its restart fails only its own jobs.</summary>
    public string? RunnerId { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
