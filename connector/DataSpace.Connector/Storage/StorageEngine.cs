namespace DataSpace.Connector.Storage;

/// <summary>Which database holds the connector's state.</summary>
public enum StorageEngine
{
    /// <summary>The embedded default: one SQLite file under the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for several replicas over one database.</summary>
    Postgres,
}
