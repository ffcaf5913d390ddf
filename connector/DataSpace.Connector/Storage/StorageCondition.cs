namespace DataSpace.Connector.Storage;

/// <summary>What a database looks like before the connector uses it (<see cref="StorageInspection"/>).</summary>
public enum StorageCondition
{
    /// <summary>It holds the connector's schema.</summary>
    Ready,

    /// <summary>The SQLite file does not exist.</summary>
    Missing,

    /// <summary>It exists but holds no schema: no migration was ever applied to it.</summary>
    Empty,

    /// <summary>It cannot be read: a damaged file, a file that is not a database, a server that cannot be reached.</summary>
    Unreadable,
}
