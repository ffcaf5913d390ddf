using System.Threading.Channels;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
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
/// Runs approved jobs in the background, at most <see cref="MaxConcurrent"/> in the sandbox at a time and at most
/// <see cref="MaxInFlight"/> in all (running, or ended and waiting for the publication grid, which holds no run slot), each started by
/// <see cref="JobLifecycle.StartAsync"/> (a claim, so two replicas never run the same job) and ended by the executor
/// through the lifecycle. Restart recovery (<see cref="JobRecovery"/>) has run before it starts: what this replica
/// left half done is closed and the jobs it was running when the process died have failed; nothing is half released.
/// </summary>
internal sealed partial class JobRunner(
    IConnectorStore store,
    JobLifecycle lifecycle,
    JobExecutor executor,
    SandboxHost sandbox,
    JobRunnerSignal signal,
    IOptions<ConnectorOptions> options,
    ConnectorIdentity identity,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    public const int MaxConcurrent = 2;

    /// <summary>Jobs started and not yet ended: those in the sandbox and those waiting to publish their end on the grid.</summary>
    public const int MaxInFlight = 32;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent);
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var job in await store.ListJobsAsync(JobState.Approved, stoppingToken).ConfigureAwait(false))
            {
                if (!await _inFlight.WaitAsync(0, stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                if (!await _slots.WaitAsync(0, stoppingToken).ConfigureAwait(false))
                {
                    _inFlight.Release();
                    break;
                }

                if (await TryStartAsync(job, stoppingToken).ConfigureAwait(false) is not { } started)
                {
                    _slots.Release();
                    _inFlight.Release();
                    continue;
                }

                running.Add(Task.Run(() => RunAsync(started.Job, started.Agreement, stoppingToken), CancellationToken.None));
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

    /// <summary>Starts an approved job (a claim: null when another runner won it), or refuses it if its agreement no longer stands.</summary>
    private async Task<(Job Job, Agreement Agreement)?> TryStartAsync(Job approved, CancellationToken stoppingToken)
    {
        try
        {
            var agreement = await store.GetAgreementAsync(approved.AgreementId, stoppingToken).ConfigureAwait(false);
            if (!JobExecutions.Stands(agreement, time.GetUtcNow()))
            {
                await lifecycle.RefuseBeforeStartAsync(approved, "the agreement is revoked or has ended", CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            var started = await lifecycle.StartAsync(approved, stoppingToken).ConfigureAwait(false);
            return started.Made ? (started.Job!, agreement!) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogJobCrashed(logger, approved.Id, e);
            return null;
        }
    }

    private async Task RunAsync(Job job, Agreement agreement, CancellationToken stoppingToken)
    {
        // The run slot is freed as soon as the sandbox run ends: waiting for the publication grid costs no sandbox.
        var slotHeld = 1;
        void FreeSlot()
        {
            if (Interlocked.Exchange(ref slotHeld, 0) == 1)
            {
                _slots.Release();
                signal.Wake();
            }
        }

        try
        {
            var execution = await JobExecutions.BuildAsync(store, sandbox, job, agreement, options.Value.PostgresDatasets, stoppingToken).ConfigureAwait(false);
            using (execution)
            {
                await executor.RunAsync(execution with { RunEnded = FreeSlot }, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left Running: the next start fails it, as for a crash.
        }
        catch (Exception e)
        {
            LogJobCrashed(logger, job.Id, e);
            try
            {
                await lifecycle.FailAsync(job, identity.Id, "the connector could not run the job: " + e.GetType().Name, null, 0, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                // Left Running (or claimed): the next start fails it.
                LogJobCrashed(logger, job.Id, failure);
            }
        }
        finally
        {
            FreeSlot();
            _inFlight.Release();
            signal.Wake();
        }
    }

    [LoggerMessage(EventId = EventIds.JobCrashed, EventName = nameof(EventIds.JobCrashed), Level = LogLevel.Error, Message = "Job {JobId} could not be run")]
    private static partial void LogJobCrashed(ILogger logger, string jobId, Exception exception);

    public override void Dispose()
    {
        _slots.Dispose();
        _inFlight.Dispose();
        base.Dispose();
    }
}
