using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Models;
using DataSpace.Sandbox.Vetting;

namespace DataSpace.Sandbox.Hosting;

/// <summary>How a job run ended.</summary>
public enum JobStatus
{
    /// <summary>Vetted output is ready to release: host-computed aggregates or model parameters.</summary>
    Released,

    /// <summary>Custom output passed the automatic leak check and waits for the supplier's review.</summary>
    PendingReview,

    /// <summary>The job ran, but vetting refused its output (a leak, too few rows); nothing is released.</summary>
    Refused,

    /// <summary>The job did not complete: it trapped, broke a rule or hit a limit; nothing is released.</summary>
    Failed,
}

/// <summary>Why a job failed.</summary>
public enum JobFailureKind
{
    /// <summary>The module does not speak this host's ABI version.</summary>
    AbiVersion,

    /// <summary>The module could not be instantiated within the limits (initial memory or table too large, a trap in its start function).</summary>
    Instantiation,

    /// <summary>A WebAssembly trap: unreachable, out-of-bounds access, division by zero, bad indirect call.</summary>
    Trap,

    /// <summary>The job used up its CPU budget (fuel).</summary>
    CpuLimit,

    /// <summary>The job ran past its wall-time limit.</summary>
    WallTime,

    /// <summary>The run was cancelled by the host.</summary>
    Cancelled,

    /// <summary>WebAssembly stack overflow (deep recursion).</summary>
    StackOverflow,

    /// <summary>The job broke a rule of the ABI: a column not granted, a bad buffer, NaN, too much output, too many host calls.</summary>
    Violation,

    /// <summary>A model job asked <c>dsc_train</c> for a model other than the one its approved manifest declares.</summary>
    ModelMismatch,

    /// <summary>dsc_run returned non-zero; the job's own message is in <see cref="JobOutcome.JobMessage"/>.</summary>
    JobError,

    /// <summary>The host could not do its part (for example the data file is corrupt).</summary>
    HostError,
}

/// <summary>
/// Counters of one run, for the supplier, metering and the audit log. Fuel, host calls, batches and
/// time can depend on data values (a job can loop as many times as a value says), so they must not be
/// shown to the operator or data user as they are.
/// </summary>
public sealed record JobStatistics
{
    /// <summary>Rows fed to the job: how many it pulled, its choice; never shown as the rows a run processed.</summary>
    public long RowsRead { get; init; }

    /// <summary>Batches fed to the job.</summary>
    public int Batches { get; init; }

    /// <summary>Bytes copied into the job's linear memory.</summary>
    public long BytesFed { get; init; }

    /// <summary>Calls the job made into the host.</summary>
    public long HostCalls { get; init; }

    /// <summary>Fuel consumed (0 when fuel metering is off).</summary>
    public long FuelConsumed { get; init; }

    /// <summary>From the start of the run to the first instruction of <c>dsc_run</c>.</summary>
    public TimeSpan Startup { get; init; }

    /// <summary>The whole run, vetting included.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>CPU time of the run's thread (<see cref="ThreadCpuTime"/>): the module, its host calls and vetting; the wall time where no per-thread clock exists.</summary>
    public TimeSpan CpuTime { get; init; }
}

/// <summary>The result of one run: status, reason and the vetted output, if any.</summary>
public sealed record JobOutcome
{
    public required string JobId { get; init; }

    public required string ModuleDigest { get; init; }

    public required OutputKind OutputKind { get; init; }

    public required JobStatus Status { get; init; }

    /// <summary>Set when <see cref="Status"/> is <see cref="JobStatus.Failed"/>.</summary>
    public JobFailureKind? Failure { get; init; }

    /// <summary>
    /// Why the job failed or its output was refused, fit for the operator and the data user: for a failure, the
    /// fixed reason of its kind (<see cref="JobReasons"/>); never a data value, nor a number or text the job chose.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The full story of a failure or refusal (the rule and the row, the value <c>dsc_run</c> returned, a trap's
    /// message, the leak check's findings), for the supplier only: it can hold what the job chose, such as a name
    /// it asked for, a code or a size. The connector keeps it for the supplier and logs only a keyed binding of it.
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>
    /// The message the job gave to <c>dsc_error</c>. Written by untrusted code that has seen the data, so
    /// it is for the supplier only, never for the operator, the data user or the audit log.
    /// </summary>
    public string? JobMessage { get; init; }

    /// <summary>Columns the job asked for that it was not granted (each ask stops the job); names the job chose, for the supplier and the log.</summary>
    public IReadOnlyList<string> DeniedColumns { get; init; } = [];

    /// <summary>Released aggregates (output kind aggregate).</summary>
    public AggregateResult? Aggregate { get; init; }

    /// <summary>Released model parameters and metrics (output kind model).</summary>
    public ModelResult? Model { get; init; }

    /// <summary>The custom output held for review (status <see cref="JobStatus.PendingReview"/>), never set when refused.</summary>
    public ReadOnlyMemory<byte>? CustomOutput { get; init; }

    /// <summary>The leak check's verdict (output kind custom), for the supplier: its row numbers depend on what the job wrote.</summary>
    public CustomOutputVerdict? LeakCheck { get; init; }

    public required JobStatistics Statistics { get; init; }

    /// <summary>
    /// A partial run's exact aggregate (<see cref="JobRequest.Partial"/>), with the rows it did not pull counted in its
    /// total where the release is exact: unreleased statistics that must stay inside the connector until
    /// <see cref="SandboxHost.ReleaseParts"/> vets the merged whole. Null for any other run.
    /// </summary>
    public AggregateState? PartialState { get; init; }
}
