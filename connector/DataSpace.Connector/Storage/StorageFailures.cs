using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataSpace.Connector.Storage;

/// <summary>Engine errors the API answers 503 rather than 500: the database is out of space, which passes once space is freed.</summary>
internal static class StorageFailures
{
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";

    /// <summary>True for SQLite's <c>SQLITE_FULL</c> and PostgreSQL's <c>disk_full</c> (53100), also when wrapped.</summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException { SqliteErrorCode: SqliteFull } or PostgresException { SqlState: PostgresDiskFull })
            {
                return true;
            }
        }

        return false;
    }
}
