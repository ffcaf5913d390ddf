namespace DataSpace.Connector.Storage.Sql;

/// <summary>The storage's log event ids: 5100 to 5199, kept apart from the rest of the connector's.</summary>
internal static class StorageEventIds
{
    public const int MigrationApplied = 5101;
    public const int SchemaCurrent = 5102;
    public const int SchemaTooNew = 5103;
    public const int InterruptedJobsFailed = 5104;
}
