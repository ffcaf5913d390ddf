using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>Where a task of a split job stands (docs/connector-service.md, "Tasks").</summary>
internal enum JobTaskState
{
    /// <summary>Made by the job's runner, waiting for a claim.</summary>
    Pending,

    /// <summary>A runner of some replica holds it until its lease ends (and renews the lease while it runs).</summary>
    Claimed,

    /// <summary>Ran to the end: its unreleased state waits for the job's runner to merge it.</summary>
    Done,

    /// <summary>Failed: the job fails with it.</summary>
    Failed,

    /// <summary>The job ended (another task failed, the wall time ran out): nobody runs it any more.</summary>
    Cancelled,
}

/// <summary>
/// What every task of one job runs: the granted columns, the vetting its run checks (group keys, measures; the release is
/// the job's), its share of the job's limits, the job's deadline, which is every task's, and how many tasks the job has.
/// </summary>
internal sealed record JobTaskRequest(IReadOnlyList<string> Columns, JobVetting Vetting, JobTaskLimits Limits, DateTimeOffset Deadline, int Tasks);

/// <summary>
/// A task's limits: fuel and host calls are its share of the job's (in proportion to its files' bytes, so the tasks together
/// never exceed the job's); memory, table and batch size are the job's, each task being one instance of the module.
/// </summary>
internal sealed record JobTaskLimits(long Fuel, long HostCalls, long MemoryBytes, uint TableElements, int BatchRows, int OutputBytes);

/// <summary>
/// How a task ended, as its runner recorded it: the run's status, the fixed reason and the supplier's detail of a failure,
/// the columns it asked for and was denied, its counters, and for a task run to the end its exact, unreleased state.
/// </summary>
internal sealed record JobTaskOutcome
{
    public required JobStatus Status { get; init; }

    public JobFailureKind? Failure { get; init; }

    public string? Reason { get; init; }

    public string? Detail { get; init; }

    public string? JobMessage { get; init; }

    /// <summary>
    /// Set when the task found a file of the dataset changed since registration and read nothing: the job fails with this
    /// reason (<c>dataset refused: …</c>, naming the file), as a whole run does; nothing in it is the job's.
    /// </summary>
    public string? DatasetRefusal { get; init; }

    public IReadOnlyList<string> DeniedColumns { get; init; } = [];

    public JobStatistics Statistics { get; init; } = new();

    /// <summary>Unreleased statistics: never shown, only merged and released by <see cref="SandboxHost.ReleaseParts"/>.</summary>
    public AggregateState? State { get; init; }

    public static JobTaskOutcome Of(JobOutcome outcome) => new()
    {
        Status = outcome.Status,
        Failure = outcome.Failure,
        Reason = outcome.Reason,
        Detail = outcome.Detail,
        JobMessage = outcome.JobMessage,
        DeniedColumns = outcome.DeniedColumns,
        Statistics = outcome.Statistics,
        State = outcome.PartialState,
    };
}

/// <summary>One task of a split job, as the store holds it: its files (paths inside the dataset's folder) and its claim.</summary>
internal sealed record JobTask(
    string JobId, int Number, IReadOnlyList<string> Parts, JobTaskRequest Request, JobTaskState State, int Attempt, string? ClaimedBy,
    DateTimeOffset? LeaseUntil, JobTaskOutcome? Outcome);

/// <summary>The JSON of a task's request and outcome in <c>job_tasks</c>: enums by name, doubles exactly (round-trip).</summary>
internal static class JobTaskJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <exception cref="InvalidOperationException">The stored JSON is not a <typeparamref name="T"/> (a damaged store).</exception>
    public static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"a job task's stored {what} does not read: {e.Message}", e);
        }
    }
}
