using Microsoft.Data.Sqlite;
using Npgsql;

namespace DataSpace.Connector.Storage;

/// <summary>
/// Engine errors the API answers 503 rather than 500: the database is out of space, which passes once space is freed,
/// or cannot write its files (SQLite's I/O error, which a full disk also gives when the write-ahead log or its shared
/// memory cannot grow); readiness reports the same fault (docs/connector-service.md, "Fail-stop").
/// </summary>
internal static class StorageFailures
{
    private const int SqliteFull = 13;
    private const int SqliteIoError = 10;
    private const string PostgresDiskFull = "53100";

    /// <summary>True for SQLite's <c>SQLITE_FULL</c> and <c>SQLITE_IOERR</c> and PostgreSQL's <c>disk_full</c> (53100), also when wrapped.</summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException { SqliteErrorCode: SqliteFull or SqliteIoError } or PostgresException { SqlState: PostgresDiskFull })
            {
                return true;
            }
        }

        return false;
    }
}
