namespace DataSpace.Connector.Model;

/// <summary>An analysis job: a module and its manifest under an agreement (flows 4 to 7).</summary>
public sealed record Job
{
    public required string Id { get; init; }

    public required string AgreementId { get; init; }

    public required string OperatorId { get; init; }

    /// <summary>The data user the result is encrypted to.</summary>
    public required string DataUserId { get; init; }

    /// <summary>The data user's public key as PEM SubjectPublicKeyInfo, as the manifest names it.</summary>
    public required string DataUserPublicKeyPem { get; init; }

    /// <summary>The digest of the WebAssembly module, or of the plan's canonical JSON; the bytes are stored under it.</summary>
    public required string ModuleDigest { get; init; }

    /// <summary>Whether <see cref="ModuleDigest"/> names a module or a plan.</summary>
    public JobProgram Program { get; init; } = JobProgram.Module;

    public required string ManifestJson { get; init; }

    /// <summary>
    /// The digest of the module's C source submitted with it (docs/module-review.md), stored under it; null when the
    /// job came without source, and then the supplier cannot approve it.
    /// </summary>
    public string? SourceDigest { get; init; }

    public required JobState State { get; init; }

    /// <summary>Why the job was rejected, refused or failed; null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>The supplier's signature over the module digest, base64; null until approved.</summary>
    public string? ApprovalSignature { get; init; }

    /// <summary>The runner (replica) that started the job; null until it runs.</summary>
    public string? RunnerId { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How many times the job has started running; 0 before the first run.</summary>
    public int Attempt { get; init; }

    /// <summary>Rows the job has read, over all attempts (for the disclosure report).</summary>
    public long RowsProcessed { get; init; }

    /// <summary>
    /// The meter of the job's last run (docs/metering.md, "Meter record"), with the supplier's counters; its published
    /// form is the <c>meter</c> detail of the log entry that ended the run. Null until a run ends.
    /// </summary>
    public DataSpace.Crypto.Statements.MeterRecord? Meter { get; init; }
}
