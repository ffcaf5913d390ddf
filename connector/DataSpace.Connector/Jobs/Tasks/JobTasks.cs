using System.Diagnostics;
using DataSpace.Connector.Data;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>Wakes the task runners of this replica when tasks are made, and the job's runner when one of its tasks ends.</summary>
public sealed class JobTaskSignal : WakeSignal;

/// <summary>
/// The job's side of a split run (docs/connector-service.md, "Tasks"). An aggregate module job over a folder dataset of
/// several files is split into tasks (<see cref="JobTaskSplit"/>) that the task runners of every replica claim
/// (<see cref="JobTaskRunner"/>). The job's runner, which alone decided and debited the run, logs every task's read (one
/// <c>dataset.read</c> per task, naming its files) before it makes the tasks, so the log's times say nothing of how long
/// any task ran (a task's claim comes when another ended, which the job can steer); then it waits for them, fails the job with the first failed task, or merges their exact states and releases
/// once (<see cref="SandboxHost.ReleaseParts"/>). Fuel and host calls are shared out among the tasks by bytes and the wall
/// time is one deadline for all, so the limits hold for the job as a whole; the job then ends through its lifecycle as a
/// single run does: one decision, one release.
/// </summary>
internal sealed class JobTasks(
    JobTaskStore store, JobTaskSignal signal, JobTaskRunnerSignal runners, SandboxHost sandbox, Audit.AuditTrail audit, TimeProvider time, int tasksPerJob, TimeSpan lease)
{
    /// <summary>How often the job's runner looks at its tasks when no local wake came (tasks of other replicas end unseen).</summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether <paramref name="execution"/> runs as tasks: an aggregate module job of this connector alone over a folder of several files.</summary>
    public bool Splits(JobExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return execution.Module is not null && execution.Federation is null && execution.Dataset is { } dataset && Splits(execution.Job, execution.Manifest, dataset);
    }

    /// <summary>Whether a job of this connector alone (not a federated contribution) with this manifest over this dataset runs as tasks.</summary>
    public bool Splits(Model.Job job, JobManifest manifest, Model.Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(dataset);
        return tasksPerJob > 1 && job.Program == Model.JobProgram.Module && manifest.Output == OutputKind.Aggregate
            && dataset.PartsJson is { } parts && DatasetParts.Read(parts).Count > 1;
    }

    /// <summary>
    /// Runs <paramref name="request"/> (the whole job's, with its limits) as tasks and returns the job's outcome: released
    /// with the merged aggregate, or failed with the first failed task's kind and the job's fixed reason for it.
    /// </summary>
    public async Task<JobOutcome> RunAsync(JobExecution execution, JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var limits = sandbox.Options.DefaultLimits.Min(request.Limits ?? sandbox.Options.DefaultLimits);
        var parts = DatasetParts.Read(execution.Dataset!.PartsJson!);
        var split = JobTaskSplit.Of(parts, tasksPerJob);
        var deadline = time.GetUtcNow() + limits.WallTime;
        var bytes = split.Select(files => files.Sum(p => Math.Max(p.Size, 1))).ToList();
        var (fuel, hostCalls) = (JobTaskSplit.Shares(limits.Fuel, bytes), JobTaskSplit.Shares(limits.HostCalls, bytes));
        var made = split.Select((files, i) => (
            (IReadOnlyList<string>)[.. files.Select(p => p.RelativePath)],
            new JobTaskRequest(request.Columns, request.Vetting,
                new JobTaskLimits(fuel[i], hostCalls[i], limits.MemoryBytes, limits.TableElements, limits.BatchRows, limits.OutputBytes),
                deadline, split.Count))).ToList();

        // Every read logged before any task exists: a task re-run after its runner died reads the same files under the same entry.
        var job = execution.Job;
        foreach (var ((files, task), number) in made.Select((m, i) => (m, i + 1)))
        {
            await audit.AppendAsync(job.OperatorId, Audit.AuditActions.DatasetRead, "job/" + job.Id, Audit.AuditDecisions.Permit,
                new Dictionary<string, string>
                {
                    ["agreement"] = job.AgreementId,
                    ["dataset"] = execution.Manifest.DatasetId,
                    ["columns"] = string.Join(",", request.Columns),
                    ["task"] = $"{number} of {task.Tasks}",
                    ["files"] = string.Join(",", files),
                },
                new Dictionary<string, string> { ["dataset"] = execution.DatasetDigest, ["module"] = execution.ProgramDigest }).ConfigureAwait(false);
        }

        await store.CreateAsync(job.Id, made, cancellationToken).ConfigureAwait(false);
        runners.Wake();
        try
        {
            while (true)
            {
                // Polled without the outcomes (each done task's state can be large); read whole once the job can end.
                var tasks = await store.ListAsync(execution.Job.Id, cancellationToken, outcomes: false).ConfigureAwait(false);
                if (tasks.Any(t => t.State == JobTaskState.Failed) || tasks.All(t => t.State == JobTaskState.Done))
                {
                    tasks = await store.ListAsync(execution.Job.Id, cancellationToken).ConfigureAwait(false);
                }

                if (tasks.FirstOrDefault(t => t.State == JobTaskState.Failed) is { Outcome: { } failed })
                {
                    return Outcome(request, tasks, started) with
                    {
                        Status = JobStatus.Failed,
                        Failure = failed.Failure ?? JobFailureKind.HostError,
                        Reason = failed.DatasetRefusal ?? JobReasons.For(failed.Failure ?? JobFailureKind.HostError, limits),
                        Detail = failed.Detail,
                        JobMessage = failed.JobMessage,
                    };
                }

                if (tasks.All(t => t.State == JobTaskState.Done))
                {
                    var aggregate = sandbox.ReleaseParts(request.Vetting, [.. tasks.Select(t => t.Outcome!.State!)]);
                    return Outcome(request, tasks, started) with { Status = JobStatus.Released, Aggregate = aggregate };
                }

                // A task's runner stops it at the deadline; one that died holds it until its lease ends, then another claims
                // it and finds the deadline passed. Past both, the job has run out of time whatever its tasks say.
                if (time.GetUtcNow() > deadline + lease + lease)
                {
                    return Outcome(request, tasks, started) with
                    {
                        Status = JobStatus.Failed,
                        Failure = JobFailureKind.WallTime,
                        Reason = JobReasons.For(JobFailureKind.WallTime, limits),
                        Detail = "the job's tasks did not all end within its wall time: " +
                            string.Join(", ", tasks.Where(t => t.State != JobTaskState.Done).Select(t => $"task {t.Number} {t.State.ToString().ToLowerInvariant()}")),
                    };
                }

                await signal.WaitAsync(Look, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The job has its outcome (or the connector is stopping, and restart recovery fails it): no task runs on, and the
            // tasks' unreleased states are forgotten.
            await store.EndAsync(execution.Job.Id, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The job's outcome so far: the tasks' counters added up and the columns any of them was denied.</summary>
    private static JobOutcome Outcome(JobRequest request, IReadOnlyList<JobTask> tasks, long started)
    {
        var ended = tasks.Select(t => t.Outcome).OfType<JobTaskOutcome>().ToList();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new JobOutcome
        {
            JobId = request.JobId,
            ModuleDigest = request.Module.Digest,
            OutputKind = request.OutputKind,
            Status = JobStatus.Failed,
            DeniedColumns = [.. ended.SelectMany(o => o.DeniedColumns).Distinct(StringComparer.Ordinal)],
            Statistics = new JobStatistics
            {
                RowsRead = ended.Sum(o => o.Statistics.RowsRead),
                Batches = ended.Sum(o => o.Statistics.Batches),
                BytesFed = ended.Sum(o => o.Statistics.BytesFed),
                HostCalls = ended.Sum(o => o.Statistics.HostCalls),
                FuelConsumed = ended.Sum(o => o.Statistics.FuelConsumed),
                Startup = ended.Count == 0 ? TimeSpan.Zero : ended.Min(o => o.Statistics.Startup),
                Elapsed = elapsed,
                CpuTime = ended.Aggregate(TimeSpan.Zero, (sum, o) => sum + o.Statistics.CpuTime),
            },
        };
    }
}
