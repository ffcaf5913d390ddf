using DataSpace.Crypto.Statements;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Jobs;

/// <summary>An approved job, with everything needed to decide, run, vet and deliver it.</summary>
public sealed record JobExecution
{
    public required string JobId { get; init; }

    /// <summary>The operator's party id: the assignee of the agreement.</summary>
    public required string OperatorId { get; init; }

    public required string AgreementId { get; init; }

    /// <summary>The purpose stated in the agreement.</summary>
    public string? Purpose { get; init; }

    /// <summary>The agreement's policy, as agreed.</summary>
    public required OdrlPolicy Policy { get; init; }

    /// <summary>When the agreement started (for <c>odrl:elapsedTime</c>).</summary>
    public required DateTimeOffset AgreementStart { get; init; }

    public required JobManifest Manifest { get; init; }

    public required JobModule Module { get; init; }

    /// <summary>The dataset, opened.</summary>
    public required IDataSource Data { get; init; }

    /// <summary>The dataset's content digest, as registered.</summary>
    public required string DatasetDigest { get; init; }

    /// <summary>The data user's party id, for <c>odrl:recipient</c>; the recipient key id when null.</summary>
    public string? RecipientId { get; init; }

    /// <summary>The dataset's classification level, as registered.</summary>
    public long? ClassificationLevel { get; init; }
}

/// <summary>How an execution ended.</summary>
public enum ExecutionStatus
{
    /// <summary>The policy (or the privacy budget) refused the run; no data was read.</summary>
    Denied,

    /// <summary>The vetted result was logged, sealed to the data user and given a receipt.</summary>
    Released,

    /// <summary>Custom output passed the leak check and waits for the supplier's review.</summary>
    PendingReview,

    /// <summary>The job ran, but vetting refused its output.</summary>
    Refused,

    /// <summary>The job failed (trap, limit, rule broken, host error).</summary>
    Failed,
}

/// <summary>The result of <see cref="JobExecutor.ExecuteAsync"/>.</summary>
public sealed record ExecutionResult
{
    public required ExecutionStatus Status { get; init; }

    /// <summary>Why, fit for the operator (never data values or job-chosen text).</summary>
    public string? Reason { get; init; }

    public Decision? Decision { get; init; }

    /// <summary>The sandbox's outcome, with its supplier-side details; null when denied.</summary>
    public JobOutcome? Outcome { get; init; }

    /// <summary>The result sealed to the data user (<c>SealedEnvelope</c> bytes), when released.</summary>
    public byte[]? SealedOutput { get; init; }

    /// <summary>The signed receipt, when released.</summary>
    public SignedStatement? Receipt { get; init; }

    /// <summary>The log index of the release entry, when released.</summary>
    public long? ReleaseIndex { get; init; }

    /// <summary>Custom output held for the supplier's review (plaintext, supplier-side only).</summary>
    public byte[]? HeldOutput { get; init; }

    /// <summary>Rows fed to the job.</summary>
    public long RowsProcessed { get; init; }
}
