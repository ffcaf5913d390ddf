using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Hosting;

/// <summary>Where the connector keeps its state (<c>Connector:Storage</c>; docs/storage.md).</summary>
public sealed class ConnectorStorageOptions
{
    /// <summary><c>Sqlite</c> (default: a file in the data directory) or <c>Postgres</c>.</summary>
    public StorageEngine Engine { get; set; } = StorageEngine.Sqlite;

    /// <summary>The PostgreSQL connection string; required with <c>Postgres</c>.</summary>
    public string? ConnectionString { get; set; }
}
