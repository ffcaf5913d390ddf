namespace DataSpace.Connector.Storage.Sql;

internal sealed partial class SchemaMigrator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = StorageEventIds.MigrationApplied, EventName = "StorageMigrationApplied", Level = LogLevel.Information,
            Message = "Applied storage migration {Version} ({Name}) on {Engine}")]
        public static partial void MigrationApplied(ILogger logger, StorageEngine engine, int version, string name);

        [LoggerMessage(EventId = StorageEventIds.SchemaCurrent, EventName = "StorageSchemaCurrent", Level = LogLevel.Debug,
            Message = "The {Engine} storage schema is at version {Version}")]
        public static partial void SchemaCurrent(ILogger logger, StorageEngine engine, int version);

        [LoggerMessage(EventId = StorageEventIds.SchemaTooNew, EventName = "StorageSchemaTooNew", Level = LogLevel.Critical,
            Message = "The {Engine} storage schema is at version {Version}, newer than this connector knows ({Known}); refusing to use it")]
        public static partial void SchemaTooNew(ILogger logger, StorageEngine engine, long version, int known);
    }
}
