using System.Diagnostics.Metrics;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Log;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Telemetry;

/// <summary>
/// The connector's instruments, on the meter <see cref="MeterName"/> (docs/connector-service.md, "Metrics"; aspnetcore's
/// <c>RateLimitingMetrics</c> is the model). Every label is a small fixed vocabulary (a transition, a state, an outcome, a
/// failure reason): never an id, a party, a path or a value from the data, so a series can neither identify nor leak.
/// </summary>
internal sealed class ConnectorMetrics
{
    public const string MeterName = "DataSpace.Connector";

    private readonly Counter<long> _signatureFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _jobTransitions;
    private readonly Counter<long> _jobRows;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<long> _fuel;
    private readonly Counter<long> _tasks;

    public ConnectorMetrics(IMeterFactory meters, ITransparencyLog log, Checkpointer checkpointer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(checkpointer);
        ArgumentNullException.ThrowIfNull(time);
        var meter = meters.Create(MeterName, ConnectorAssembly.Version);
        _signatureFailures = meter.CreateCounter<long>(
            "dataspace.connector.signature.failures", "{request}", "Requests whose signature or gateway assertion was refused, by scheme and reason");
        _rateLimited = meter.CreateCounter<long>(
            "dataspace.connector.rate_limit.rejections", "{request}", "Refusals turned into 429 because the address's bucket of refusals ran dry");
        _jobTransitions = meter.CreateCounter<long>(
            "dataspace.connector.job.transitions", "{transition}", "Job transitions made, by transition and the state reached");
        _jobRows = meter.CreateCounter<long>(
            "dataspace.connector.job.rows", "{row}", "Dataset rows processed by job runs (the datasets' row counts, not what a job pulled)");
        _runDuration = meter.CreateHistogram(
            "dataspace.connector.job.run.duration", "s", "Run time of a job in the sandbox or of a plan in the host, by program and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        _fuel = meter.CreateHistogram<long>(
            "dataspace.connector.job.fuel", "{fuel}", "Wasmtime fuel a module's run consumed, by outcome",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000, 50_000_000_000, 100_000_000_000] });
        _tasks = meter.CreateCounter<long>(
            "dataspace.connector.job.tasks", "{task}", "Tasks of split jobs this replica's task runners ran, by outcome (done, failed, lost)");
        meter.CreateObservableGauge("dataspace.connector.log.size", () => log.Head.Size, "{entry}", "Entries in the transparency log");
        meter.CreateObservableGauge(
            "dataspace.connector.checkpoint.size",
            () => checkpointer.LatestSigned is { } latest ? [new Measurement<long>(latest.Checkpoint.Checkpoint.Size)] : Array.Empty<Measurement<long>>(),
            "{entry}",
            "Entries covered by the latest signed checkpoint; below dataspace.connector.log.size while checkpoints lag");
        meter.CreateObservableGauge(
            "dataspace.connector.checkpoint.age",
            () => checkpointer.LatestSigned is { } latest
                ? [new Measurement<double>((time.GetUtcNow() - latest.SignedAt).TotalSeconds)]
                : Array.Empty<Measurement<double>>(),
            "s",
            "Seconds since the latest checkpoint was signed (checkpoints are signed only while the log grows)");
    }

    /// <summary>A request's signature (<c>signature</c>) or gateway assertion (<c>gateway_assertion</c>) was refused.</summary>
    public void SignatureRefused(string scheme, string reason) =>
        _signatureFailures.Add(1, new KeyValuePair<string, object?>("scheme", scheme), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A refusal was turned into 429 by <c>Connector:RateLimit</c> (the address's bucket of refusals was empty).</summary>
    public void RateLimited() => _rateLimited.Add(1);

    /// <summary>A job transition was made; rows processed by the run it ends are counted.</summary>
    public void Transitioned(JobTransition transition, Job job, long rowsProcessed)
    {
        _jobTransitions.Add(1, new KeyValuePair<string, object?>("transition", Label(transition)), new KeyValuePair<string, object?>("state", job.State.ToString()));
        if (rowsProcessed > 0)
        {
            _jobRows.Add(rowsProcessed, new KeyValuePair<string, object?>("program", Program(job.Program)));
        }
    }

    /// <summary>A module ran in the sandbox.</summary>
    public void ModuleRan(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var label = new KeyValuePair<string, object?>("outcome", Outcome(outcome.Status));
        _runDuration.Record(outcome.Statistics.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("program", "module"), label);
        _fuel.Record(outcome.Statistics.FuelConsumed, label);
    }

    /// <summary>
    /// A task runner of this replica ended a task (docs/connector-service.md, "Tasks"): <c>done</c>, <c>failed</c>, or
    /// <c>lost</c> when its attempt no longer held the task (its lease ended and another runner claimed it).
    /// </summary>
    public void TaskEnded(string outcome) => _tasks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>A plan was evaluated by the host, released or not.</summary>
    public void PlanRan(TimeSpan elapsed, JobStatus status) =>
        _runDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("program", "plan"), new KeyValuePair<string, object?>("outcome", Outcome(status)));

    /// <summary>A transition's label: its name in snake case (<c>refuse_before_start</c>).</summary>
    public static string Label(JobTransition transition) => transition.Name.Replace(' ', '_');

    private static string Program(JobProgram program) => program == JobProgram.Plan ? "plan" : "module";

    private static string Outcome(JobStatus status) => status switch
    {
        JobStatus.Released => "released",
        JobStatus.PendingReview => "pending_review",
        JobStatus.Refused => "refused",
        _ => "failed",
    };
}
