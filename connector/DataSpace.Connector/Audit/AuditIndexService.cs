namespace DataSpace.Connector.Audit;

/// <summary>
/// Catches the audit index up at start (a log of a million entries written before the index existed is indexed in the
/// background, not in the first search) and then every five seconds, so a search's own catch-up is a few entries at most.
/// </summary>
internal sealed partial class AuditIndexService(AuditIndex index, ILogger<AuditIndexService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    await index.CatchUpAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidDataException or DataSpace.Crypto.Log.LogFormatException)
                {
                    // A database or log read that failed: searches catch up themselves, and this pass is retried.
                    LogCatchUpFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The connector is stopping (a start that failed, e.g. on a port in use, stops it at once).
        }
    }

    [LoggerMessage(EventId = EventIds.AuditIndexFailed, EventName = nameof(EventIds.AuditIndexFailed), Level = LogLevel.Warning,
        Message = "The audit index could not catch up with the log; searches will try again")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
}
