using System.Data.Common;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>
/// Carries the task loops' wakes between replicas (docs/connector-service.md, "Tasks"). A replica that makes a job's
/// tasks, or finishes one, also tells the others through the database once that is committed
/// (<see cref="StorageDatabase.NotifyAsync"/>, a PostgreSQL <c>NOTIFY</c>); this service listens and wakes this replica's task
/// runners, or the job's runner waiting for its tasks, at once instead of at their next look (250 ms and 100 ms). The
/// hints decide nothing: a wake only makes a loop look now, and a lost one (the connection dropped, the service
/// restarting) only delays it to its next look. When the connection fails, it reconnects after a pause that grows to
/// 30 s, and wakes both loops once it listens again, for what it may have missed. On SQLite there is nothing to listen to.
/// </summary>
internal sealed partial class JobTaskHints(
    StorageDatabase database, JobTaskRunnerSignal runners, JobTaskSignal ended, ILogger<JobTaskHints> logger) : BackgroundService
{
    /// <summary>A job's tasks were made: task runners, look for one to claim.</summary>
    public const string Made = "job-tasks-made";

    /// <summary>A task ended (done or failed): the job's runner, look at its tasks.</summary>
    public const string Ended = "job-task-ended";

    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    /// <summary>Set each time the subscription holds (for tests: a hint sent before it would be missed).</summary>
    internal event Action? Listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Engine != StorageEngine.Postgres)
        {
            return;
        }

        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await database.ListenAsync(Receive, () =>
                {
                    pause = FirstPause;
                    runners.Wake();
                    ended.Wake();
                    Listening?.Invoke();
                }, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                LogListenFailed(logger, pause, e);
            }

            try
            {
                await Task.Delay(pause, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private void Receive(string topic)
    {
        switch (topic)
        {
            case Made:
                runners.Wake();
                break;
            case Ended:
                ended.Wake();
                break;
        }
    }

    [LoggerMessage(EventId = EventIds.JobTaskHintsFailed, EventName = nameof(EventIds.JobTaskHintsFailed), Level = LogLevel.Warning,
        Message = "Listening for other replicas' task hints failed; trying again in {Pause} (their tasks are still found by looking, only later)")]
    private static partial void LogListenFailed(ILogger logger, TimeSpan pause, Exception exception);
}
