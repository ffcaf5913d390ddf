using DataSpace.Connector.Storage.Postgres;
using DataSpace.Connector.Storage.Sqlite;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Creates the <see cref="StorageDatabase"/> the options select.</summary>
internal static class StorageDatabaseFactory
{
    public static StorageDatabase Create(StorageOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        return options.Engine switch
        {
            StorageEngine.Postgres => new PostgresStorageDatabase(options, timeProvider),
            _ => new SqliteStorageDatabase(options, timeProvider),
        };
    }
}
