namespace DataSpace.Connector.Storage.Sql;

internal sealed partial class SqlConnectorStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = StorageEventIds.InterruptedJobsFailed, EventName = "InterruptedJobsFailed", Level = LogLevel.Warning,
            Message = "Marked {Count} interrupted jobs failed (runner {RunnerId}): {Reason}")]
        public static partial void InterruptedJobsFailed(ILogger logger, int count, string? runnerId, string reason);
    }
}
