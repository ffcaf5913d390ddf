using DataSpace.Connector.Storage;
using Microsoft.Data.Sqlite;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// Which engine errors the API answers 503 (the storage cannot write now; readiness says so too) rather than 500: a full
/// database, and SQLite's I/O error, which a full disk also gives when the write-ahead log or its shared memory cannot
/// grow (a full-disk test under load once answered 500 that way).
/// </summary>
public sealed class StorageFailuresTests
{
    [Theory]
    [InlineData(13, true)] // SQLITE_FULL
    [InlineData(10, true)] // SQLITE_IOERR (any extended code)
    [InlineData(19, false)] // SQLITE_CONSTRAINT: the request's own conflict, answered otherwise
    [InlineData(1, false)] // SQLITE_ERROR: a bug, 500
    public void IsOutOfSpace_SqliteError_IsAStorageFailureOnlyForFullAndIoError(int code, bool expected)
    {
        var exception = new SqliteException("engine error", code);

        Assert.Equal(expected, StorageFailures.IsOutOfSpace(exception));
        Assert.Equal(expected, StorageFailures.IsOutOfSpace(new InvalidOperationException("wrapped", exception)));
    }
}
