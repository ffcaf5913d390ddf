using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>
/// The end of a job transition (<see cref="IConnectorStore.FinalizeJobAsync"/>): the new state and what it writes,
/// stored in one transaction with the end of the operation that claimed the job.
/// </summary>
public sealed record JobFinalization
{
    public required string JobId { get; init; }

    /// <summary>The operation holding the job's claim.</summary>
    public required string OperationId { get; init; }

    public required JobState To { get; init; }

    public JobChanges Changes { get; init; } = JobChanges.None;

    /// <summary>The released result, stored with a move to Released (the held output, if any, is forgotten).</summary>
    public JobResult? Result { get; init; }

    /// <summary>Custom output kept for the supplier's review, with a move to PendingReview.</summary>
    public ReadOnlyMemory<byte>? HeldOutput { get; init; }

    /// <summary>The leak check's verdict on <see cref="HeldOutput"/>, JSON, kept with it for the review.</summary>
    public string? HeldLeakCheckJson { get; init; }

    /// <summary>What the end holds back for the supplier (a failure's or refusal's detail), stored with the new state.</summary>
    public HeldDetail? Detail { get; init; }

    /// <summary>Rows the run processed (the dataset's rows it was given), added to the job's counter.</summary>
    public long RowsProcessed { get; init; }

    /// <summary>The meter of the run this transition ends (with the supplier's counters), stored with the job; null leaves it as it is.</summary>
    public DataSpace.Crypto.Statements.MeterRecord? Meter { get; init; }
}
