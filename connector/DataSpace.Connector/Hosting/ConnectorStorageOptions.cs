using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Hosting;

/// <summary>Where the connector keeps its state (<c>Connector:Storage</c>; docs/storage.md).</summary>
public sealed class ConnectorStorageOptions
{
    /// <summary><c>Sqlite</c> (default: a file in the data directory) or <c>Postgres</c>.</summary>
    public StorageEngine Engine { get; set; } = StorageEngine.Sqlite;

    /// <summary>The PostgreSQL connection string; required with <c>Postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where the transparency log lives (<c>Connector:Storage:Log</c>; docs/audit-log.md, "Shared log on PostgreSQL"):
    /// <c>File</c> (default: the <c>log/</c> folder of the data directory, one writer) or <c>Postgres</c> (in the
    /// database, so that several replicas of one connector append to one log; needs <c>Engine</c> <c>Postgres</c>).
    /// </summary>
    public LogStorage Log { get; set; } = LogStorage.File;
}

/// <summary>Where the connector keeps its transparency log.</summary>
public enum LogStorage
{
    /// <summary>Files in the data directory's <c>log/</c> folder, written by one process.</summary>
    File,

    /// <summary>Tables in the PostgreSQL database, shared by every replica of the connector.</summary>
    Postgres,
}
