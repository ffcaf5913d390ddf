namespace DataSpace.Connector.Hosting;

/// <summary>Why the connector refused to start (docs/connector-service.md, "Start-up checks").</summary>
public enum ConnectorStartRefusal
{
    /// <summary>The transparency log failed its start-up verification: an acknowledged entry is damaged or missing.</summary>
    CorruptLog,

    /// <summary>The database is missing or empty beside a non-empty log, and <c>Connector:Restore</c> is not set.</summary>
    LostDatabase,

    /// <summary>The database cannot be read: a damaged file, not a database, or a server that cannot be reached.</summary>
    UnreadableDatabase,
}
