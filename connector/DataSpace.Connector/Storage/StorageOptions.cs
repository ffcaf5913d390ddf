namespace DataSpace.Connector.Storage;

/// <summary>Where the connector keeps its state (docs/storage.md, "Configuration").</summary>
public sealed class StorageOptions
{
    /// <summary>The SQLite file's name under <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "connector.db";

    public StorageEngine Engine { get; init; } = StorageEngine.Sqlite;

    /// <summary>The directory holding the SQLite file (<see cref="SqliteFileName"/>); required for SQLite.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>An Npgsql connection string; required for PostgreSQL. <c>Search Path</c> selects the schema.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>How long a write waits for the database lock before failing (SQLite busy timeout, PostgreSQL lock timeout).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> if the options cannot work.</summary>
    public void Validate()
    {
        switch (Engine)
        {
            case StorageEngine.Sqlite when string.IsNullOrWhiteSpace(DataDirectory):
                throw new ArgumentException("storage: the SQLite engine needs a DataDirectory", nameof(DataDirectory));
            case StorageEngine.Postgres when string.IsNullOrWhiteSpace(ConnectionString):
                throw new ArgumentException("storage: the PostgreSQL engine needs a ConnectionString", nameof(ConnectionString));
            case StorageEngine.Sqlite or StorageEngine.Postgres:
                break;
            default:
                throw new ArgumentException($"storage: unknown engine {Engine}", nameof(Engine));
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("storage: BusyTimeout must be positive", nameof(BusyTimeout));
        }
    }
}
