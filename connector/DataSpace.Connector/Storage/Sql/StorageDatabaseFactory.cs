using DataSpace.Connector.Storage.Postgres;
using DataSpace.Connector.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Creates the <see cref="StorageDatabase"/> the options select.</summary>
internal static class StorageDatabaseFactory
{
    public static StorageDatabase Create(StorageOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        return options.Engine switch
        {
            StorageEngine.Postgres => new PostgresStorageDatabase(options, timeProvider, loggerFactory),
            _ => new SqliteStorageDatabase(options, timeProvider, loggerFactory),
        };
    }
}
