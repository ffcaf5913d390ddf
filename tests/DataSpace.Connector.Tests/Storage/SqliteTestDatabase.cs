using DataSpace.Connector.Storage;
using Microsoft.Data.Sqlite;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>A SQLite database in its own temporary data directory.</summary>
internal sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-storage-").FullName;

    public override StorageOptions Options => new() { Engine = StorageEngine.Sqlite, DataDirectory = _directory };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
