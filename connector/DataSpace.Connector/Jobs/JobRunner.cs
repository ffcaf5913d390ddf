using System.Threading.Channels;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;

using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Wakes a background loop that also looks on its own at an interval: a wake that comes while nobody waits is kept
/// (one, not a count), so none is lost between two looks.
/// </summary>
public class WakeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when woken or after <paramref name="timeout"/>, whichever comes first.</summary>
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

/// <summary>Wakes the job runner when a job becomes runnable (it also looks on its own every second).</summary>
public sealed class JobRunnerSignal : WakeSignal;

internal sealed partial class JobRunner(
    IConnectorStore store,
    JobLifecycle lifecycle,
    JobExecutor executor,
    SandboxHost sandbox,
    Data.DatasetSources datasets,
    JobRunnerSignal signal,
    RunSlots slots,
    JobWallTime wallTime,
    Tasks.JobTasks tasks,
    ConnectorIdentity identity,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>Jobs started and not yet ended: those in the sandbox and those waiting to publish their end on the grid.</summary>
    public const int MaxInFlight = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var approved = await store.ListJobsAsync(JobState.Approved, stoppingToken).ConfigureAwait(false);
            foreach (var job in slots.Order(approved))
            {
                if (slots.Full)
                {
                    break;
                }

                // A federated job starts only once the operator brought the participants' key set, and never after its
                // federation was aborted (docs/federation.md, "Lifecycle").
                var federation = await store.GetFederationOfJobAsync(job.Id, stoppingToken).ConfigureAwait(false);
                if (federation is { AbortedReason: { } aborted })
                {
                    await lifecycle.RefuseBeforeStartAsync(job, $"federation {federation.FederationId} was aborted: {aborted}", CancellationToken.None)
                        .ConfigureAwait(false);
                    continue;
                }

                if (federation is { KeysJson: null })
                {
                    continue;
                }

                if (!slots.TryTake(job.OperatorId))
                {
                    // This operator holds its share: its job waits, the next operator's may start.
                    continue;
                }

                if (await TryStartAsync(job, stoppingToken).ConfigureAwait(false) is not { } started)
                {
                    slots.EndRun(job.OperatorId);
                    slots.EndFlight(job.OperatorId);
                    continue;
                }

                slots.Started(job.OperatorId);
                var federated = federation is null ? null : Federation.FederatedRun.Of(federation);
                running.Add(Task.Run(() => RunAsync(started.Job, started.Agreement, federated, stoppingToken), CancellationToken.None));
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

    private async Task RunAsync(Job job, Agreement agreement, Federation.FederatedRun? federated, CancellationToken stoppingToken)
    {
        // The run slot is freed as soon as the sandbox run ends: waiting for the publication grid costs no sandbox.
        var slotHeld = 1;
        void FreeSlot()
        {
            if (Interlocked.Exchange(ref slotHeld, 0) == 1)
            {
                slots.EndRun(job.OperatorId);
                signal.Wake();
            }
        }

        try
        {
            var execution = await JobExecutions.BuildAsync(store, sandbox, job, agreement, datasets, stoppingToken,
                federated is null ? (manifest, dataset) => tasks.Splits(job, manifest, dataset) : null).ConfigureAwait(false);
            using (execution)
            {
                var rows = execution.DatasetRows + (execution.Joined?.Dataset.RowCount ?? 0);
                await executor.RunAsync(execution with { RunEnded = FreeSlot, WallTime = wallTime.For(rows), Federation = federated }, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left Running: the next start fails it, as for a crash.
        }
        catch (ModuleRejectedException e)
        {
            // The bounded worker could not compile the approved module within its limits (or it no longer passes the
            // validation limits): the job fails before any data is read, with the limit named.
            await FailQuietlyAsync(job, "module refused: " + e.Message).ConfigureAwait(false);
        }
        catch (Data.DatasetChangedException e)
        {
            // A file of a folder dataset added, removed or changed since registration: nothing was read; the job fails
            // naming the file by its path inside the folder (docs/sandbox-data.md, "Partitioned Parquet folders").
            await FailQuietlyAsync(job, "dataset refused: " + e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogJobCrashed(logger, job.Id, e);
            await FailQuietlyAsync(job, "the connector could not run the job: " + e.GetType().Name).ConfigureAwait(false);
        }
        finally
        {
            FreeSlot();
            slots.EndFlight(job.OperatorId);
            signal.Wake();
        }
    }

    private async Task FailQuietlyAsync(Job job, string reason)
    {
        try
        {
            await lifecycle.FailAsync(job, identity.Id, reason, null, 0, RunMeters.NothingRead(MeterOutcome.Failed), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // Left Running (or claimed): the next start fails it.
            LogJobCrashed(logger, job.Id, failure);
        }
    }

    [LoggerMessage(EventId = EventIds.JobCrashed, EventName = nameof(EventIds.JobCrashed), Level = LogLevel.Error, Message = "Job {JobId} could not be run")]
    private static partial void LogJobCrashed(ILogger logger, string jobId, Exception exception);
}
