namespace DataSpace.Connector.Storage;

/// <summary>The database as found at start, before anything creates or migrates it.</summary>
/// <param name="Condition">Whether it is there, empty, damaged or ready.</param>
/// <param name="Name">The SQLite file's path, or the PostgreSQL database and host (never a password).</param>
/// <param name="Detail">What is wrong when <see cref="StorageCondition.Unreadable"/>: the engine's message.</param>
public sealed record StorageInspection(StorageCondition Condition, string Name, string? Detail = null);
