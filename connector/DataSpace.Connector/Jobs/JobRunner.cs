using System.Threading.Channels;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Sandbox.Hosting;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Jobs;

/// <summary>Wakes the job runner when a job becomes runnable (it also looks on its own every second).</summary>
public sealed class JobRunnerSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    internal async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Runs approved jobs in the background, at most <see cref="MaxConcurrent"/> at a time. A job is claimed by a
/// compare-and-set Approved → Running, so two replicas never run the same job. At start, jobs this runner left
/// running when the process died are marked failed (and can be resubmitted); a result is stored and the job
/// released in one transaction, so nothing is ever half released.
/// </summary>
internal sealed partial class JobRunner(
    IConnectorStore store,
    JobExecutor executor,
    SandboxHost sandbox,
    JobRunnerSignal signal,
    IOptions<ConnectorOptions> options,
    SigningKey key,
    Crypto.Log.ITransparencyLog log,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    public const int MaxConcurrent = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly string _runnerId = (options.Value.Id ?? key.PublicKey.KeyId) + "@" + Environment.MachineName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await store.InitializeAsync(stoppingToken).ConfigureAwait(false);
        foreach (var left in (await store.ListJobsAsync(JobState.Running, stoppingToken).ConfigureAwait(false)).Where(j => j.RunnerId == _runnerId))
        {
            await log.AppendAsync(new Crypto.Log.LogEntry
            {
                When = time.GetUtcNow(),
                Actor = options.Value.Id ?? key.PublicKey.KeyId,
                Action = "job.fail",
                Resource = "job/" + left.Id,
                Decision = "deny",
                Details = new Dictionary<string, string> { ["agreement"] = left.AgreementId, ["reason"] = "interrupted: the connector stopped while the job was running" },
            }, stoppingToken).ConfigureAwait(false);
        }

        var interrupted = await store.MarkInterruptedJobsFailedAsync(
            "the connector stopped while the job was running; nothing was released; submit it again", _runnerId, stoppingToken).ConfigureAwait(false);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in await store.ListJobsAsync(JobState.Approved, stoppingToken).ConfigureAwait(false))
            {
                if (!await _slots.WaitAsync(0, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                if (!await store.TryTransitionJobAsync(job.Id, JobState.Approved, JobState.Running,
                        new JobChanges { RunnerId = _runnerId, StartedAt = time.GetUtcNow() }, stoppingToken).ConfigureAwait(false))
                {
                    _slots.Release();
                    continue;
                }

                running.Add(Task.Run(() => RunAsync(job, stoppingToken), CancellationToken.None));
            }

            running.RemoveAll(t => t.IsCompleted);
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(Job job, CancellationToken stoppingToken)
    {
        try
        {
            var (state, reason) = await ExecuteAsync(job, stoppingToken).ConfigureAwait(false);
            if (state is { } finished)
            {
                await store.TryTransitionJobAsync(job.Id, JobState.Running, finished,
                    new JobChanges { Reason = reason, FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left Running: the next start marks it failed, as for a crash.
        }
        catch (Exception e)
        {
            LogJobCrashed(logger, job.Id, e);
            await store.TryTransitionJobAsync(job.Id, JobState.Running, JobState.Failed,
                new JobChanges { Reason = "the connector could not run the job: " + e.GetType().Name, FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            signal.Wake();
        }
    }

    /// <summary>Runs the job; returns the final state to record (null when the release or hold already recorded it).</summary>
    private async Task<(JobState? State, string? Reason)> ExecuteAsync(Job job, CancellationToken cancellationToken)
    {
        var execution = await JobExecutions.BuildAsync(store, sandbox, job, options.Value.PostgresDatasets, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (execution is null)
        {
            return (JobState.Refused, "the agreement is revoked or has ended");
        }

        ExecutionResult result;
        using (execution.Data)
        {
            result = await executor.ExecuteAsync(execution, cancellationToken).ConfigureAwait(false);
        }

        if (result.RowsProcessed > 0)
        {
            await store.AddRowsProcessedAsync(job.Id, result.RowsProcessed, CancellationToken.None).ConfigureAwait(false);
        }

        switch (result.Status)
        {
            case ExecutionStatus.Released:
                await store.TryReleaseJobAsync(JobExecutions.ResultOf(job, result, time.GetUtcNow()),
                    new JobChanges { Reason = "released", FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
                return (null, null);
            case ExecutionStatus.PendingReview:
                await store.TryHoldForReviewAsync(job.Id, result.HeldOutput!,
                    new JobChanges { Reason = result.Reason, FinishedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
                return (null, null);
            case ExecutionStatus.Failed:
                return (JobState.Failed, result.Reason);
            default:
                return (JobState.Refused, result.Reason);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Marked {Count} interrupted jobs failed")]
    private static partial void LogInterrupted(ILogger logger, int count);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Job {JobId} could not be run")]
    private static partial void LogJobCrashed(ILogger logger, string jobId, Exception exception);

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }
}
