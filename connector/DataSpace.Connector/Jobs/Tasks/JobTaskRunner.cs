using System.Data.Common;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Data;
using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>Wakes this replica's task runners when a job was split into tasks (they also look on their own).</summary>
public sealed class JobTaskRunnerSignal : WakeSignal;

/// <summary>
/// Runs the tasks of split jobs, on every replica (docs/connector-service.md, "Tasks"): <c>Connector:Jobs:TaskWorkers</c>
/// loops, each claiming one task at a time from <see cref="JobTaskStore"/>. Its read was logged by the job's runner before
/// the task was made (<see cref="JobTasks"/>); a task goes claim (with a lease, renewed while it runs), effect (the module
/// run over its files only, <see cref="JobRequest.Partial"/>, each checked again against its registered digest), finalize
/// (its outcome recorded, if its attempt still holds it). Whatever fails in the host fails the task, never the runner.
/// </summary>
internal sealed partial class JobTaskRunner(
    JobTaskStore tasks, IConnectorStore store, SandboxHost sandbox, DatasetSources datasets, ConnectorReplica replica,
    JobTaskRunnerSignal signal, JobTaskSignal ended, TimeProvider time, ILogger<JobTaskRunner> logger, int workers, TimeSpan lease,
    Telemetry.ConnectorMetrics? metrics = null) : BackgroundService
{
    /// <summary>How often an idle runner looks for tasks made on other replicas.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(250);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            JobTask? task = null;
            try
            {
                var now = time.GetUtcNow();
                task = await tasks.TryClaimAsync(replica.Id, now, now + lease, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or InvalidDataException)
            {
                LogTaskCrashed(logger, "(claim)", 0, e);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (task is null)
            {
                try
                {
                    await signal.WaitAsync(Look, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // A wake reaches one idle runner: pass it on, so the next idle runner looks for the next task at once.
            signal.Wake();
            try
            {
                await RunAsync(task, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Left claimed: when its lease ends, a runner of another replica (or of this one, restarted) claims it again.
                return;
            }
            catch (Exception e)
            {
                // The task fails (and its job with it) rather than being claimed again and again until the job's deadline.
                LogTaskCrashed(logger, task.JobId, task.Number, e);
                try
                {
                    await tasks.FinishAsync(task, Failed(JobFailureKind.HostError, $"task {task.Number}: the connector could not run it: {e.GetType().Name}"), CancellationToken.None)
                        .ConfigureAwait(false);
                    ended.Wake();
                }
                catch (Exception failure) when (failure is DbException or InvalidOperationException)
                {
                    // Its lease ends on its own; the job's deadline bounds the rest.
                    LogTaskCrashed(logger, task.JobId, task.Number, failure);
                }
            }
        }
    }

    private async Task RunAsync(JobTask task, CancellationToken stoppingToken)
    {
        var job = await store.GetJobAsync(task.JobId, stoppingToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"job {task.JobId} of a task is missing");
        var agreement = await store.GetAgreementAsync(job.AgreementId, stoppingToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"agreement {job.AgreementId} of job {job.Id} is missing");
        var dataset = await store.GetDatasetAsync(agreement.DatasetId, stoppingToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(task, run);
        JobTaskOutcome outcome;
        try
        {
            outcome = await ExecuteAsync(task, job, dataset, run.Token).ConfigureAwait(false);
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }

        stoppingToken.ThrowIfCancellationRequested();
        var recorded = await tasks.FinishAsync(task, outcome, CancellationToken.None).ConfigureAwait(false);
        metrics?.TaskEnded(!recorded ? "lost" : outcome.Status == JobStatus.Released && outcome.State is not null ? "done" : "failed");
        ended.Wake();
    }

    private async Task<JobTaskOutcome> ExecuteAsync(JobTask task, Model.Job job, Model.Dataset dataset, CancellationToken cancellationToken)
    {
        var request = task.Request;
        var left = request.Deadline - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            return Failed(JobFailureKind.WallTime, $"task {task.Number} was claimed after the job's deadline");
        }

        try
        {
            var module = sandbox.TryGetModule(job.ModuleDigest) ?? await sandbox.LoadModuleAsync(
                await store.GetModuleAsync(job.ModuleDigest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"the module {job.ModuleDigest} of job {job.Id} is missing"), cancellationToken).ConfigureAwait(false);
            using var parts = datasets.OpenParts(dataset, task.Parts, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            // The files are hashed while the module reads them (the hash is where a cold file comes off the disk, and it
            // needs no core the run uses). The run's outcome counts only if they are the files registered: a changed
            // file stops the run, and the task fails as refused whatever the run gave, so nothing the job did with
            // unregistered bytes shows in its outcome.
            var verifying = Task.Run(
                () =>
                {
                    try
                    {
                        parts.Verify(stop.Token);
                    }
                    catch
                    {
                        // A changed file, or one that could not be read: the run's outcome will not count, so it stops now.
                        stop.Cancel();
                        throw;
                    }
                },
                CancellationToken.None);
            JobOutcome? outcome = null;
            Exception? failure = null;
            var limits = request.Limits;
            try
            {
                outcome = await sandbox.RunAsync(new JobRequest
                {
                    JobId = job.Id,
                    Module = module,
                    Data = parts.Source,
                    Columns = request.Columns,
                    OutputKind = OutputKind.Aggregate,
                    Limits = new JobLimits
                    {
                        Fuel = limits.Fuel,
                        HostCalls = limits.HostCalls,
                        MemoryBytes = limits.MemoryBytes,
                        TableElements = limits.TableElements,
                        BatchRows = limits.BatchRows,
                        OutputBytes = limits.OutputBytes,
                        WallTime = left,
                    },
                    Vetting = request.Vetting,
                    Partial = true,
                }, stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failure = e;
            }

            // Always awaited before the files are closed: a changed file (DatasetChangedException) wins over the run.
            await verifying.ConfigureAwait(false);
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return JobTaskOutcome.Of(outcome!);
        }
        catch (DatasetChangedException e)
        {
            return Failed(JobFailureKind.HostError, $"task {task.Number}: " + e.Message) with { DatasetRefusal = "dataset refused: " + e.Message };
        }
        catch (Exception e) when (e is ModuleRejectedException or DataSourceException)
        {
            return Failed(JobFailureKind.HostError, $"task {task.Number}: " + e.Message);
        }
    }

    /// <summary>Renews the task's lease every third of it while the run goes on; if its attempt no longer holds it, stops the run.</summary>
    private async Task RenewAsync(JobTask task, CancellationTokenSource run)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, run.Token).ConfigureAwait(false);
                if (!await tasks.RenewAsync(task, time.GetUtcNow() + lease, run.Token).ConfigureAwait(false))
                {
                    await run.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The lease ends on its own; another runner may then claim the task, and this attempt's outcome is not recorded.
            LogTaskCrashed(logger, task.JobId, task.Number, e);
        }
    }

    private static JobTaskOutcome Failed(JobFailureKind kind, string detail) => new()
    {
        Status = JobStatus.Failed,
        Failure = kind,
        Detail = detail,
    };

    [LoggerMessage(EventId = EventIds.JobTaskCrashed, EventName = nameof(EventIds.JobTaskCrashed), Level = LogLevel.Error, Message = "Task {TaskNumber} of job {JobId} could not be run")]
    private static partial void LogTaskCrashed(ILogger logger, string jobId, int taskNumber, Exception exception);
}
