using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Crypto.Log;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// What <see cref="ConnectorApp.StartAsync"/> checks before the host starts anything (docs/connector-service.md,
/// "Start-up checks"): the transparency log opens only once every entry verifies against the last signed checkpoint
/// (<see cref="LogCheck"/>), and the database must be readable, and neither missing nor empty beside a non-empty log
/// unless <c>Connector:Restore</c> says so. A refusal is a <see cref="ConnectorStartRefusedException"/> whose message
/// names the entry or file, logged as one line without a stack trace; nothing has been created or changed.
/// </summary>
internal static partial class ConnectorStartupChecks
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectorStartupChecks).FullName!);
        var directory = services.GetRequiredService<ConnectorDataDirectory>();
        ITransparencyLog log;
        try
        {
            log = services.GetRequiredService<ITransparencyLog>();
        }
        catch (LogCorruptException exception)
        {
            var message = $"the transparency log in {directory.LogDirectory} failed verification: {exception.Result.Detail}. "
                + $"The connector will not append to damaged history: inspect it with 'dsc audit fsck --data {directory.Root}' "
                + "(--repair cuts a torn tail, never a signed entry) and restore the log from a backup if an acknowledged entry is damaged";
            Log.CorruptLog(logger, message);
            throw new ConnectorStartRefusedException(ConnectorStartRefusal.CorruptLog, message, exception);
        }
        catch (InvalidDataException exception)
        {
            // The shared log on PostgreSQL (Storage:Log=Postgres): a damaged row, a log shorter than this replica's last
            // checkpoint or another tree under it, a file log left in the data directory (docs/audit-log.md).
            var message = $"the shared transparency log refused to open: {exception.Message}";
            Log.CorruptLog(logger, message);
            throw new ConnectorStartRefusedException(ConnectorStartRefusal.CorruptLog, message, exception);
        }

        var database = services.GetRequiredService<StorageDatabase>();
        var inspection = await database.InspectAsync(cancellationToken).ConfigureAwait(false);
        var size = log.Head.Size;
        switch (inspection.Condition)
        {
            case StorageCondition.Unreadable:
                throw Refuse(logger, ConnectorStartRefusal.UnreadableDatabase,
                    $"the database {inspection.Name} cannot be read: {inspection.Detail}. Restore it from a backup (docs/connector-service.md, \"Restoring\")");
            case StorageCondition.Missing or StorageCondition.Empty when size > 0 && !services.GetRequiredService<IOptions<ConnectorOptions>>().Value.Restore:
                throw Refuse(logger, ConnectorStartRefusal.LostDatabase,
                    $"the database {inspection.Name} is {(inspection.Condition == StorageCondition.Missing ? "missing" : "empty")} but the transparency log "
                    + $"holds {size} entries: the parties, datasets, offers, agreements and jobs they record would be lost. Restore the database "
                    + "from a backup, or start with --restore (Connector:Restore=true) to keep the log and begin with an empty database "
                    + "(docs/connector-service.md, \"Restoring\")");
            case StorageCondition.Missing or StorageCondition.Empty when size > 0:
                Log.StartedWithEmptyDatabase(logger, inspection.Name, size);
                break;
        }
    }

    private static ConnectorStartRefusedException Refuse(ILogger logger, ConnectorStartRefusal refusal, string message)
    {
        Log.DatabaseRefused(logger, message);
        return new ConnectorStartRefusedException(refusal, message);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StartRefusedCorruptLog, EventName = nameof(EventIds.StartRefusedCorruptLog), Level = LogLevel.Critical,
            Message = "Refusing to start: {Reason}")]
        public static partial void CorruptLog(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.StartRefusedDatabase, EventName = nameof(EventIds.StartRefusedDatabase), Level = LogLevel.Critical,
            Message = "Refusing to start: {Reason}")]
        public static partial void DatabaseRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.StartedWithEmptyDatabase, EventName = nameof(EventIds.StartedWithEmptyDatabase), Level = LogLevel.Warning,
            Message = "Starting with an empty database {Database} beside a log of {LogSize} entries, as Connector:Restore asks")]
        public static partial void StartedWithEmptyDatabase(ILogger logger, string database, long logSize);
    }
}
